/**
 * Write-back to the Intercom REST API with an access token (`Authorization: Bearer`,
 * `Intercom-Version` header), through the shared write-back client (429 Retry-After
 * honoured, credentials never in messages).
 *
 * - Internal note: `POST /conversations/{id}/reply`
 *   `{"message_type": "note", "type": "admin", "admin_id": "<admin_id>", "body": "<p>text</p>"}`
 *   (docs: Reply to a conversation; notes take simple HTML, so the text is escaped and
 *   each line becomes a paragraph).
 * - Due field (when `due_field` is set): `PUT /conversations/{id}`
 *   `{"custom_attributes": {"<due_field>": 1795514400}}` (docs: Update a conversation,
 *   `custom_attributes`); epoch seconds, as Intercom's Date attributes take, or ISO text
 *   with `due_field_format: iso`.
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import { DEFAULT_INTERCOM_API_URL, DEFAULT_INTERCOM_API_VERSION, type IntercomConfig } from './intercom-config.js';

/** Test and tuning knobs passed through to the write-back client. */
export type IntercomWriterOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The Intercom writer, or undefined without an access token and the admin to write as. */
export function createIntercomWriter(config: IntercomConfig, options: IntercomWriterOptions = {}): TicketWriter | undefined {
  if (config.access_token === undefined || config.admin_id === undefined) return undefined;
  const adminId = config.admin_id;
  const http = createWriteBackHttp({
    ...options,
    baseURL: config.api_url ?? DEFAULT_INTERCOM_API_URL,
    headers: { Authorization: `Bearer ${config.access_token}`, 'Intercom-Version': config.api_version ?? DEFAULT_INTERCOM_API_VERSION },
  });
  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      await http.send('POST', `/conversations/${encodeURIComponent(ticketId)}/reply`, { message_type: 'note', type: 'admin', admin_id: adminId, body: noteHtml(text) });
    },
  };
  const dueField = config.due_field;
  if (dueField !== undefined) {
    writer.setDueField = async (ticketId, dueAt) => {
      const value = config.due_field_format === 'iso' ? new Date(dueAt).toISOString() : Math.floor(dueAt / 1000);
      await http.send('PUT', `/conversations/${encodeURIComponent(ticketId)}`, { custom_attributes: { [dueField]: value } });
    };
  }
  return writer;
}

/** Plain text as note HTML: escaped, one paragraph per line. */
export function noteHtml(text: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text.split(/\r?\n/).map((line) => `<p>${escape(line)}</p>`).join('');
}
