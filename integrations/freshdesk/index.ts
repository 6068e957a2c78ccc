/** The Freshdesk integration: see README.md in this folder. */
export { freshdeskIntegration, normalizeFreshdesk, verifyFreshdesk, FRESHDESK_SOURCE, FRESHDESK_PRIORITY_DEFAULTS, FRESHDESK_STATUS_DEFAULTS } from './freshdesk-integration.js';
export { freshdeskConfigSchema, type FreshdeskConfig } from './freshdesk-config.js';
export { FRESHDESK_EVENTS, type FreshdeskEvent } from './freshdesk-payload.js';
export { createFreshdeskWriter } from './freshdesk-writer.js';
export { createFreshdeskReader, freshdeskTicketEvent } from './freshdesk-reader.js';
