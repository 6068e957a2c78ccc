/** Zammad: see README.md in this folder. */
export { zammadIntegration, verifyZammad } from './zammad-integration.js';
export { zammadConfigSchema, type ZammadConfig } from './zammad-config.js';
export { normalizeZammad, ZAMMAD_SOURCE } from './zammad-normalize.js';
export { DEFAULT_ZAMMAD_DELETED_STATES, DEFAULT_ZAMMAD_PRIORITIES, DEFAULT_ZAMMAD_STATUSES } from './zammad-mappings.js';
export { createZammadWriter, type ZammadWriterOptions } from './zammad-writer.js';
export { createZammadReader, zammadTicketEvent, type ZammadReaderOptions } from './zammad-reader.js';
