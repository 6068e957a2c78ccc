/**
 * Writes back to Freshdesk with API v2 (basic auth: the agent's API key as user, `X` as
 * password):
 *
 * - internal note: `POST /api/v2/tickets/{id}/notes` with `{"body": "<html>", "private": true}`;
 * - due field: `PUT /api/v2/tickets/{id}` with `{"custom_fields": {"<cf_name>": "<value>"}}`.
 *
 * Notes created by the API user fire "note added" automations: set `ignore_notes` (README).
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, WriteBackError, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import { freshdeskBaseUrl, type FreshdeskConfig } from './freshdesk-config.js';

/** The writer when `api_key` is configured; `http` overrides client options (tests inject `sleep`). */
export function createFreshdeskWriter(config: FreshdeskConfig, http: Partial<WriteBackHttpOptions> = {}): TicketWriter | undefined {
  if (config.api_key === undefined) return undefined;
  const client = createWriteBackHttp({ baseURL: freshdeskBaseUrl(config), auth: { username: config.api_key, password: 'X' }, ...http });
  const dueField = config.due_field;
  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      await client.send('POST', `/api/v2/tickets/${ticketPath(ticketId)}/notes`, { body: textToHtml(text), private: true });
    },
  };
  if (dueField !== undefined) {
    const format = config.due_field_format ?? 'iso';
    writer.setDueField = async (ticketId, dueAt) => {
      const value = format === 'date' ? calendarDate(dueAt, config.timezone ?? 'UTC') : new Date(dueAt).toISOString();
      await client.send('PUT', `/api/v2/tickets/${ticketPath(ticketId)}`, { custom_fields: { [dueField]: value } });
    };
  }
  return writer;
}

/** Plain text as note HTML: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return escaped.replace(/\r?\n/g, '<br>');
}

function ticketPath(ticketId: string): string {
  if (!/^\d{1,15}$/.test(ticketId)) throw new WriteBackError(`not a Freshdesk ticket id: ${JSON.stringify(ticketId.slice(0, 40))}`, false);
  return ticketId;
}

/** `yyyy-MM-dd` of the instant in the zone (Freshdesk date custom fields hold a date only). */
function calendarDate(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
