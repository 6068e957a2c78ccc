/**
 * Writes back to ServiceNow with the Table API (basic auth, the integration user):
 *
 * - internal note: `PATCH /api/now/table/incident/{sys_id}` with `{"work_notes": "…"}`;
 * - due field: the same PATCH with `{"<due_field>": "yyyy-MM-dd HH:mm:ss"}` in UTC, the
 *   internal format the Table API reads when `sysparm_input_display_value` is false (default).
 *
 * The ticket id of this integration is the incident's sys_id, exactly what the path needs.
 */
import type { TicketWriter } from '../../src/events.js';
import { createWriteBackHttp, WriteBackError, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ServicenowConfig } from './servicenow-config.js';

/** The writer when `username`/`password` are configured; `http` overrides client options (tests inject `sleep`). */
export function createServicenowWriter(config: ServicenowConfig, http: Partial<WriteBackHttpOptions> = {}): TicketWriter | undefined {
  if (config.username === undefined || config.password === undefined) return undefined;
  const client = createWriteBackHttp({ baseURL: config.instance, auth: { username: config.username, password: config.password }, ...http });
  const dueField = config.due_field;
  const writer: TicketWriter = {
    async addInternalNote(ticketId, text) {
      await client.send('PATCH', incidentPath(ticketId), { work_notes: text });
    },
  };
  if (dueField !== undefined) {
    writer.setDueField = async (ticketId, dueAt) => {
      await client.send('PATCH', incidentPath(ticketId), { [dueField]: glideValue(dueAt) });
    };
  }
  return writer;
}

/** Epoch ms → `yyyy-MM-dd HH:mm:ss` in UTC (GlideDateTime's internal format). */
export function glideValue(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function incidentPath(sysId: string): string {
  if (!/^[0-9a-f]{32}$/.test(sysId)) throw new WriteBackError(`not an incident sys_id: ${JSON.stringify(sysId.slice(0, 40))}`, false);
  return `/api/now/table/incident/${sysId}`;
}
