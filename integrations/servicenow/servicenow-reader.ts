/**
 * Reads one incident for resync with the Table API (ServiceNow docs "Table - GET
 * /now/table/{tableName}/{sys_id}"): `GET /api/now/table/incident/{sys_id}` with the write-back
 * user (basic auth), answered `{"result": {…}}`, 404 when there is no such record. The ticket id
 * of this integration is the sys_id, exactly what the path needs.
 *
 * `sysparm_display_value=all` gives each field as `{value, display_value}`: the business rule
 * sends `getValue` for choices and dates (the `value`s: state "3", `yyyy-MM-dd HH:mm:ss` UTC) and
 * `getDisplayValue` for references (the `display_value`s: the user's or group's name, not its
 * sys_id), so both are at hand and the body is rebuilt as the rule builds it and mapped by the
 * webhook normalizer itself: the same state, hold-reason and priority tables, subject, fields
 * and Canceled handling. No snapshot field differs, so none is kept from the stored ticket.
 */
import { z } from 'zod';
import type { TicketEvent, TicketReader } from '../../src/events.js';
import type { WebhookDelivery } from '../integration.js';
import { parseFields } from '../shared/field-errors.js';
import { getTicketJson, resyncEventId, TicketReadError, unmappedTicket } from '../shared/ticket-read.js';
import { createWriteBackHttp, type WriteBackHttpOptions } from '../shared/write-back-http.js';
import type { ServicenowConfig } from './servicenow-config.js';
import { normalizeServicenow } from './servicenow-integration.js';

/** Choice and date columns the rule reads with `getValue`. */
const VALUE_COLUMNS = ['sys_id', 'number', 'state', 'hold_reason', 'priority', 'impact', 'urgency', 'short_description', 'opened_at', 'sys_updated_on', 'sys_mod_count'] as const;
/** Reference columns the rule reads with `getDisplayValue`. */
const REFERENCE_COLUMNS = ['assigned_to', 'assignment_group', 'caller_id', 'company'] as const;

const QUERY = new URLSearchParams({
  sysparm_display_value: 'all',
  sysparm_exclude_reference_link: 'true',
  sysparm_fields: [...VALUE_COLUMNS, ...REFERENCE_COLUMNS].join(','),
}).toString();

const scalar = z.union([z.string(), z.number(), z.boolean()]).nullable().optional();
/** One column with `sysparm_display_value=all`. */
const cell = z.object({ value: scalar, display_value: scalar }, { error: 'must be { value, display_value } (sysparm_display_value=all)' }).nullable().optional();

const resultSchema = z.object({ result: z.object(Object.fromEntries([...VALUE_COLUMNS, ...REFERENCE_COLUMNS].map((c) => [c, cell]))) });

/** The reader when `username`/`password` are configured; `http` overrides client options (tests inject `sleep`). */
export function createServicenowReader(config: ServicenowConfig, http: Partial<WriteBackHttpOptions> = {}): TicketReader | undefined {
  if (config.username === undefined || config.password === undefined) return undefined;
  const client = createWriteBackHttp({ baseURL: config.instance, auth: { username: config.username, password: config.password }, ...http });
  return {
    async read(sysId) {
      if (!/^[0-9a-f]{32}$/.test(sysId)) throw new TicketReadError(`not an incident sys_id: ${JSON.stringify(sysId.slice(0, 40))}`);
      const body = await getTicketJson(client, `/api/now/table/incident/${sysId}?${QUERY}`);
      return body === null ? null : servicenowIncidentEvent(body, config);
    },
  };
}

const NO_DELIVERY: WebhookDelivery = { rawBody: Buffer.alloc(0), headers: {}, query: {}, receivedAt: 0 };

/** A Table API body (`sysparm_display_value=all`) → the incident's snapshot as an event; throws naming every unmapped field. */
export function servicenowIncidentEvent(body: unknown, config: ServicenowConfig): TicketEvent {
  const parsed = parseFields(resultSchema, body);
  if (!parsed.ok) throw unmappedTicket('the ServiceNow incident', parsed.errors);
  const r = parsed.data.result;
  const rule: Record<string, unknown> = { event: 'updated', comment: null };
  for (const c of VALUE_COLUMNS) rule[c] = text(r[c]?.value);
  for (const c of REFERENCE_COLUMNS) rule[c] = text(r[c]?.display_value);
  // No sys_updated_by: a resync is nobody's update, so ignore_updated_by never drops it.
  const result = normalizeServicenow(rule, NO_DELIVERY, config);
  if (!result.ok) throw unmappedTicket('the ServiceNow incident', result.errors.map((e) => ({ ...e, field: `result.${e.field}` })));
  const event = result.events[0];
  if (event === undefined) throw new TicketReadError('the ServiceNow incident does not map to a ticket');
  // sys_updated_on has whole seconds; sys_mod_count tells apart two updates within one second.
  return { ...event, eventId: `${resyncEventId(event.ticket.id, event.occurredAt)}-${String(rule.sys_mod_count)}` };
}

/** Table API values are text; "" is an empty field, as null is for `getValue`. */
function text(value: string | number | boolean | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value);
  return s === '' ? null : s;
}
