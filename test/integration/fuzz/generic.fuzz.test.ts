import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('generic', 0x5eed_0001);
