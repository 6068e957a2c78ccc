import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('jira', 0x5eed_0004);
