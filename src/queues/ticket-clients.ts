/**
 * Each source's help-desk clients, built from its config block once and rebuilt when a reload
 * brings a new block (one axios instance per source, credentials as currently configured):
 * the ticket writer (write-backs) and the ticket reader (resync).
 */
import type { Integration, IntegrationRegistry } from '../../integrations/integration.js';
import type { TicketReader, TicketWriter } from '../events.js';

/** `source → writer` under the current config; undefined without a writer or credentials. */
export function ticketWriters(registry: IntegrationRegistry, blocks: () => Record<string, unknown>): (source: string) => TicketWriter | undefined {
  return clientsBySource(registry, blocks, (integration, block) => integration.writer?.(block));
}

/** `source → reader` under the current config; undefined without a reader or credentials. */
export function ticketReaders(registry: IntegrationRegistry, blocks: () => Record<string, unknown>): (source: string) => TicketReader | undefined {
  return clientsBySource(registry, blocks, (integration, block) => integration.reader?.(block));
}

function clientsBySource<T>(registry: IntegrationRegistry, blocks: () => Record<string, unknown>, build: (integration: Integration<unknown>, block: unknown) => T | undefined): (source: string) => T | undefined {
  const built = new Map<string, { block: unknown; client: T | undefined }>();
  return (source) => {
    const block = blocks()[source];
    let entry = built.get(source);
    if (entry === undefined || entry.block !== block) {
      const integration = registry.get(source);
      entry = { block, client: integration !== undefined && block !== undefined ? build(integration, block) : undefined };
      built.set(source, entry);
    }
    return entry.client;
  };
}
