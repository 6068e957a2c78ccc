/**
 * Write-back to the Help Scout Mailbox API 2.0 with a client-credentials bearer token
 * (fetched, cached, and refreshed once when an answer is 401), through the shared
 * write-back client (429 Retry-After honoured, credentials never in messages).
 *
 * - Internal note: `POST /v2/conversations/{id}/notes` `{"text": text}` (docs: Create Note).
 * - Due field: Help Scout's `PUT /v2/conversations/{id}/fields` replaces *every* custom field
 *   of the conversation (docs: Update Custom Fields), so the writer reads the conversation
 *   first (`GET /v2/conversations/{id}`) and sends its fields back with the due date added
 *   (`YYYY-MM-DD`, the format Date fields take; the UTC date of the due instant). An agent
 *   editing a field between the read and the write loses that edit: a Help Scout limit.
 */
import axios from 'axios';
import type { TicketWriter } from '../../src/events.js';
import { parseRetryAfter, WriteBackError } from '../shared/write-back-http.js';
import { createHelpscoutApi } from './helpscout-api.js';
import type { HelpscoutConfig } from './helpscout-config.js';
import { HELPSCOUT_API_URL, type TokenSourceOptions } from './helpscout-token.js';

export type HelpscoutWriterOptions = TokenSourceOptions;

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/** The Help Scout writer, or undefined without app credentials. */
export function createHelpscoutWriter(config: HelpscoutConfig, options: HelpscoutWriterOptions = {}): TicketWriter | undefined {
  if (config.app_id === undefined || config.app_secret === undefined) return undefined;
  const { baseURL = HELPSCOUT_API_URL, timeoutMs } = options;
  const { withApi } = createHelpscoutApi(config.app_id, config.app_secret, options);

  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      await withApi((api) => api.send('POST', `/v2/conversations/${encodeURIComponent(ticketId)}/notes`, { text }));
    },
  };
  const dueField = config.due_field;
  if (dueField !== undefined) {
    writer.setDueField = async (ticketId, dueAt) => {
      const path = `/v2/conversations/${encodeURIComponent(ticketId)}`;
      await withApi(async (api, token) => {
        const conversation = (await getJson(baseURL, path, token, timeoutMs)) as { customFields?: unknown } | null;
        const kept = Array.isArray(conversation?.customFields) ? conversation.customFields.flatMap((f) => keptField(f, dueField)) : [];
        await api.send('PUT', `${path}/fields`, { fields: [...kept, { id: dueField, value: new Date(dueAt).toISOString().slice(0, 10) }] });
      });
    };
  }
  return writer;
}

/** An existing field to send back as `{ id, value }`; dropped when unset or when it is the due field. */
function keptField(field: unknown, dueField: number): Array<{ id: number; value: string }> {
  if (typeof field !== 'object' || field === null) return [];
  const { id, value } = field as { id?: unknown; value?: unknown };
  if (typeof id !== 'number' || id === dueField || value === null || value === undefined || value === '') return [];
  return [{ id, value: String(value) }];
}

/**
 * A GET the shared write-back client does not offer (it sends writes only): one attempt,
 * failures classified as it does (401 lets the caller refresh the token, 429/5xx retryable
 * with the Retry-After wait). Candidate for promotion: `WriteBackHttp.get`.
 */
async function getJson(baseURL: string, path: string, token: string, timeoutMs = 10_000): Promise<unknown> {
  let res;
  try {
    res = await axios.get(path, { baseURL, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, timeout: timeoutMs, maxRedirects: 0, validateStatus: () => true });
  } catch (err) {
    throw new WriteBackError(`GET ${path} got no answer (${axios.isAxiosError(err) ? (err.code ?? 'network error') : 'network error'})`, true);
  }
  if (res.status >= 200 && res.status < 300) return res.data as unknown;
  const retryable = RETRYABLE_STATUS.has(res.status);
  throw new WriteBackError(`GET ${path} answered ${res.status}`, retryable, res.status, retryable ? parseRetryAfter(res.headers['retry-after'], Date.now()) : undefined);
}
