/** Intercom: see README.md in this folder. */
export { intercomIntegration, verifyIntercom } from './intercom-integration.js';
export { intercomConfigSchema, type IntercomConfig } from './intercom-config.js';
export { INTERCOM_SOURCE, normalizeIntercom } from './intercom-normalize.js';
export { DEFAULT_INTERCOM_PRIORITIES, DEFAULT_INTERCOM_STATUSES } from './intercom-mappings.js';
export { createIntercomWriter, noteHtml, type IntercomWriterOptions } from './intercom-writer.js';
export { createIntercomReader, intercomConversationEvent, type IntercomReaderOptions } from './intercom-reader.js';
