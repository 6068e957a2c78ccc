/**
 * Write-back to Jira Cloud with basic auth `email:api_token` (Atlassian's scheme for API
 * tokens), through the shared write-back client (429 Retry-After honoured, credentials
 * never in messages).
 *
 * - Internal note, `comment_api: servicedesk` (default):
 *   `POST /rest/servicedeskapi/request/{key}/comment` `{"body": text, "public": false}`
 *   (JSM "Create request comment"; the issue must be a customer request).
 * - Internal note, `comment_api: platform`:
 *   `POST /rest/api/3/issue/{key}/comment` with an ADF body and the entity property
 *   `sd.public.comment` `{"internal": true}`, which JSM reads to keep the comment agent-only
 *   (outside JSM the comment is an ordinary one).
 * - Due field: `PUT /rest/api/3/issue/{key}` `{"fields": {"<due_field>": value}}`; a Date
 *   Time custom field gets `2026-11-24T10:00:00.000+0000` (the form Jira itself returns),
 *   the system `duedate` gets the UTC date `2026-11-24`.
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { JiraConfig } from './jira-config.js';

/** Test and tuning knobs passed through to the write-back client. */
export type JiraWriterOptions = Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'>;

/** The Jira writer, or undefined without write-back credentials. */
export function createJiraWriter(config: JiraConfig, options: JiraWriterOptions = {}): TicketWriter | undefined {
  if (config.email === undefined || config.api_token === undefined) return undefined;
  const http = createWriteBackHttp({ ...options, baseURL: config.base_url, auth: { username: config.email, password: config.api_token } });
  const dueField = config.due_field;
  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      const key = encodeURIComponent(ticketId);
      if (config.comment_api === 'platform') {
        await http.send('POST', `/rest/api/3/issue/${key}/comment`, {
          body: adfDocument(text),
          properties: [{ key: 'sd.public.comment', value: { internal: true } }],
        });
      } else {
        await http.send('POST', `/rest/servicedeskapi/request/${key}/comment`, { body: text, public: false });
      }
    },
  };
  if (dueField !== undefined) {
    writer.setDueField = async (ticketId, dueAt) => {
      await http.send('PUT', `/rest/api/3/issue/${encodeURIComponent(ticketId)}`, { fields: { [dueField]: formatDue(dueField, dueAt) } });
    };
  }
  return writer;
}

/** `duedate` is a date field; custom Date Time fields take Jira's own date-time form. */
export function formatDue(field: string, dueAt: number): string {
  const iso = new Date(dueAt).toISOString();
  return field === 'duedate' ? iso.slice(0, 10) : `${iso.slice(0, 23)}+0000`;
}

interface AdfNode {
  type: string;
  text?: string;
  content?: AdfNode[];
  version?: number;
}

/** Plain text as an Atlassian Document: one paragraph per line (ADF text nodes must not be empty). */
export function adfDocument(text: string): AdfNode & { version: 1 } {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const content = lines.length === 0 ? [{ type: 'paragraph', content: [] }] : lines.map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }));
  return { type: 'doc', version: 1, content };
}
