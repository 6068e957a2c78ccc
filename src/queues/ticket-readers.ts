/**
 * Each source's ticket reader (for resync), built once per config block and rebuilt when a
 * reload brings a new block: one axios instance per source, credentials as currently configured.
 */
import type { IntegrationRegistry } from '../../integrations/integration.js';
import type { TicketReader } from '../events.js';

/** `source → reader` under the current config; undefined without a reader or credentials. */
export function ticketReaders(registry: IntegrationRegistry, blocks: () => Record<string, unknown>): (source: string) => TicketReader | undefined {
  const built = new Map<string, { block: unknown; reader: TicketReader | undefined }>();
  return (source) => {
    const block = blocks()[source];
    let entry = built.get(source);
    if (entry === undefined || entry.block !== block) {
      const integration = registry.get(source);
      entry = { block, reader: integration?.reader !== undefined && block !== undefined ? integration.reader(block) : undefined };
      built.set(source, entry);
    }
    return entry.reader;
  };
}
