import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('zammad', 0x5eed_0006);
