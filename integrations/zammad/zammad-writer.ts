/**
 * Write-back to Zammad with an access token (`Authorization: Token token=<token>`, Zammad
 * API docs "Authentication"), through the shared write-back client (429 Retry-After
 * honoured, credentials never in messages).
 *
 * - Internal note: `POST /api/v1/ticket_articles`
 *   `{"ticket_id": 81, "body": text, "content_type": "text/plain", "type": "note", "internal": true}`.
 * - Due field: `PUT /api/v1/tickets/{id}` `{"<due_field>": "2026-11-24T10:00:00.000Z"}`
 *   (a Date/Time object attribute takes ISO 8601).
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ZammadConfig } from './zammad-config.js';

/** Test and tuning knobs passed through to the write-back client. */
export type ZammadWriterOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The Zammad writer, or undefined without an API token. */
export function createZammadWriter(config: ZammadConfig, options: ZammadWriterOptions = {}): TicketWriter | undefined {
  if (config.api_token === undefined) return undefined;
  const http = createWriteBackHttp({ ...options, baseURL: config.base_url, headers: { Authorization: `Token token=${config.api_token}` } });
  const dueField = config.due_field;
  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      await http.send('POST', '/api/v1/ticket_articles', { ticket_id: numericId(ticketId), body: text, content_type: 'text/plain', type: 'note', internal: true });
    },
  };
  if (dueField !== undefined) {
    writer.setDueField = async (ticketId, dueAt) => {
      await http.send('PUT', `/api/v1/tickets/${encodeURIComponent(ticketId)}`, { [dueField]: new Date(dueAt).toISOString() });
    };
  }
  return writer;
}

/** Zammad ticket ids are integers; send them as JSON numbers. */
function numericId(ticketId: string): number | string {
  return /^\d{1,15}$/.test(ticketId) ? Number(ticketId) : ticketId;
}
