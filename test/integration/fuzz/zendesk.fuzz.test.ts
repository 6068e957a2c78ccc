import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('zendesk', 0x5eed_0002);
