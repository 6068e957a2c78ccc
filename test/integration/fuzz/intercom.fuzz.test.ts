import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('intercom', 0x5eed_0008);
