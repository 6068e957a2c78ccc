/** The ServiceNow integration: see README.md in this folder. */
export {
  servicenowIntegration, normalizeServicenow, verifyServicenow, parseGlideInstant, SERVICENOW_SOURCE,
  SERVICENOW_HOLD_REASON_DEFAULTS, SERVICENOW_PRIORITY_DEFAULTS, SERVICENOW_STATUS_DEFAULTS,
} from './servicenow-integration.js';
export { servicenowConfigSchema, type ServicenowConfig } from './servicenow-config.js';
export { SERVICENOW_EVENTS } from './servicenow-payload.js';
export { createServicenowWriter, glideValue } from './servicenow-writer.js';
export { createServicenowReader, servicenowIncidentEvent } from './servicenow-reader.js';
