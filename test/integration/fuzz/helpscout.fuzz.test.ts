import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('helpscout', 0x5eed_0007);
