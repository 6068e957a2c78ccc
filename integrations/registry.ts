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

/**
 * Why `integrations.<name>.resync` cannot work, or undefined when it can: the integration must
 * read tickets from its API, and the block must give the credentials its reader uses.
 */
export function resyncSupport(name: string, block: unknown): string | undefined {
  const integration = integrations.get(name);
  if (integration === undefined) return undefined;
  if (integration.reader === undefined) {
    const able = [...integrations.values()].filter((i) => i.reader !== undefined).map((i) => i.name);
    return `${name} cannot fetch a ticket from its API, so it cannot resync; resync works for ${able.join(', ')}. Remove resync from this block`;
  }
  if (integration.reader(block) === undefined) {
    return `resync reads tickets with the integration's API credentials (the ones write-back uses), and this block has none; add them (see integrations/${name}/README.md) or remove resync`;
  }
  return undefined;
}
