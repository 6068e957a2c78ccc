/**
 * The integrations this build knows, by `:source`. Adding a help-desk tool is a folder
 * under `integrations/` and one line in the list below; nothing else names a tool.
 */
import { freshdeskIntegration } from './freshdesk/index.js';
import { genericIntegration } from './generic/generic-integration.js';
import { helpscoutIntegration } from './helpscout/index.js';
import type { Integration, IntegrationRegistry } from './integration.js';
import { intercomIntegration } from './intercom/index.js';
import { jiraIntegration } from './jira/index.js';
import { servicenowIntegration } from './servicenow/index.js';
import { zammadIntegration } from './zammad/index.js';
import { zendeskIntegration } from './zendesk/index.js';

const all: Array<Integration<any>> = [
  genericIntegration,
  freshdeskIntegration,
  helpscoutIntegration,
  intercomIntegration,
  jiraIntegration,
  servicenowIntegration,
  zammadIntegration,
  zendeskIntegration,
];

export const integrations: IntegrationRegistry = new Map(all.map((i) => [i.name, i]));
