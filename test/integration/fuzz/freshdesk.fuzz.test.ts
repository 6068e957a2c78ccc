import { fuzzWebhooks } from './webhook-fuzz.js';

fuzzWebhooks('freshdesk', 0x5eed_0003);
