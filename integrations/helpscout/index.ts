/** Help Scout: see README.md in this folder. */
export { helpscoutIntegration, verifyHelpscout } from './helpscout-integration.js';
export { helpscoutConfigSchema, type HelpscoutConfig } from './helpscout-config.js';
export { HELPSCOUT_SOURCE, normalizeHelpscout } from './helpscout-normalize.js';
export { DEFAULT_HELPSCOUT_DELETED_STATUSES, DEFAULT_HELPSCOUT_PRIORITIES, DEFAULT_HELPSCOUT_STATUSES, HELPSCOUT_CONVERSATION_EVENTS } from './helpscout-mappings.js';
export { createHelpscoutWriter, type HelpscoutWriterOptions } from './helpscout-writer.js';
export { createTokenSource, HELPSCOUT_API_URL } from './helpscout-token.js';
export { createHelpscoutApi, type HelpscoutApi } from './helpscout-api.js';
export { createHelpscoutReader, helpscoutConversationEvent, type HelpscoutReaderOptions } from './helpscout-reader.js';
