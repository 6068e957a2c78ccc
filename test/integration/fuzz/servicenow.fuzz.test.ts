import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('servicenow', 0x5eed_0005);
