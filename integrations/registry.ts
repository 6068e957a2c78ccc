/**
 * The integrations this build knows, by `:source`. Adding a help-desk tool is a folder
 * under `integrations/` and one line in the list below; nothing else names a tool.
 */
import { genericIntegration } from './generic/generic-integration.js';
import type { Integration, IntegrationRegistry } from './integration.js';

const all: Array<Integration<any>> = [
  genericIntegration,
];

export const integrations: IntegrationRegistry = new Map(all.map((i) => [i.name, i]));
