/** Reading a ServiceNow incident for resync, against nock: the request, the mapping (the webhook normalizer's), 404, 429 and 500. */
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createServicenowReader, normalizeServicenow, servicenowIntegration } from '../../../../integrations/servicenow/index.js';
import { TicketReadError } from '../../../../integrations/shared/ticket-read.js';
import { basicAuth, delivery, snBody, snConfig, SYS_ID } from './servicenow-fixtures.js';
import { offlineHttp } from '../../../support/offline-http.js';

const BASE = 'https://acme.service-now.com';
const USER = 'sla.timer';
const PASSWORD = 'Sn0w-api-p4ssw0rd';
const FIELDS = 'sys_id,number,state,hold_reason,priority,impact,urgency,short_description,opened_at,sys_updated_on,sys_mod_count,assigned_to,assignment_group,caller_id,company';
const QUERY = { sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true', sysparm_fields: FIELDS };
const PATH = `/api/now/table/incident/${SYS_ID}`;
const { slept, sleep } = offlineHttp();

const cell = (value: string, display_value = value) => ({ display_value, value });
const ref = (sysId: string, name: string) => ({ display_value: name, value: sysId });

/** The incident as the Table API answers it with `sysparm_display_value=all`. */
function incident(over: Record<string, unknown> = {}) {
  return {
    result: {
      sys_id: cell(SYS_ID),
      number: cell('INC0010042'),
      state: cell('3', 'On Hold'),
      hold_reason: cell('1', 'Awaiting Caller'),
      priority: cell('2', '2 - High'),
      impact: cell('1', '1 - High'),
      urgency: cell('2', '2 - Medium'),
      short_description: cell('Email is down for the Berlin office'),
      opened_at: cell('2026-11-24 09:00:00', '2026-11-24 10:00:00'),
      sys_updated_on: cell('2026-11-24 09:40:00', '2026-11-24 10:40:00'),
      sys_mod_count: cell('3'),
      assigned_to: ref('5137153cc611227c000bbd1bd8cd2005', 'Beth Anglin'),
      assignment_group: ref('8a4dde73c6112278017a6a4baf547aa7', 'Service Desk'),
      caller_id: ref('62826bf03710200044e0bfc8bcbe5df1', 'Abel Tuter'),
      company: ref('31bea3d53790200044e0bfc8bcbe5dec', 'ACME North America'),
      ...over,
    },
  };
}

function reader(over: Record<string, unknown> = {}) {
  const r = createServicenowReader(snConfig({ username: USER, password: PASSWORD, ...over }), { sleep });
  if (r === undefined) throw new Error('expected a reader');
  return r;
}

describe('ServiceNow incident reader', () => {
  it('GETs the incident by sys_id with the write-back user and maps it exactly as its business-rule webhook', async () => {
    const scope = nock(BASE).get(PATH).query(QUERY).matchHeader('authorization', basicAuth(USER, PASSWORD)).reply(200, incident());
    const event = await reader().read(SYS_ID);
    expect(scope.isDone()).toBe(true);
    const hook = snBody('on-hold-awaiting-caller', { comment: null });
    const viaWebhook = normalizeServicenow(hook, delivery(hook), snConfig());
    if (!viaWebhook.ok) throw new Error('fixture should normalize');
    const updatedAt = Date.parse('2026-11-24T09:40:00Z');
    expect(event).toEqual({ source: 'servicenow', eventId: `resync-${SYS_ID}-${updatedAt}-3`, occurredAt: updatedAt, ticket: viaWebhook.events[0]!.ticket });
    expect(event?.ticket).toMatchObject({ status: 'pending', priority: 'high', assignee: 'Beth Anglin', requester: 'Abel Tuter', group: 'Service Desk', subject: 'INC0010042: Email is down for the Berlin office' });
    // References come with their display values, as the rule sends them: nothing is kept from the stored ticket.
    expect(reader().keepsStored ?? []).toEqual([]);
  });

  it('treats empty values (no hold reason, no assignee) as none', async () => {
    nock(BASE).get(PATH).query(QUERY).reply(200, incident({ state: cell('2', 'In Progress'), hold_reason: cell(''), assigned_to: cell('') }));
    const event = await reader().read(SYS_ID);
    expect(event?.ticket).toMatchObject({ status: 'open', assignee: null });
  });

  it('cancels the clocks of a Canceled incident and names the key for an unknown state', async () => {
    nock(BASE).get(PATH).query(QUERY).reply(200, incident({ state: cell('8', 'Canceled') }));
    expect((await reader().read(SYS_ID))?.deleted).toBe(true);
    nock(BASE).get(PATH).query(QUERY).reply(200, incident({ state: cell('-5', 'Awaiting Vendor') }));
    await expect(reader().read(SYS_ID)).rejects.toThrow(/result\.state: unknown value "-5".*integrations\.servicenow\.statuses/);
    // As in webhooks, a state mapped to on_hold takes its status from the hold reason when there is one.
    nock(BASE).get(PATH).query(QUERY).reply(200, incident({ state: cell('-5', 'Awaiting Vendor'), hold_reason: cell('') }));
    expect((await reader({ statuses: { '-5': 'on_hold' } }).read(SYS_ID))?.ticket.status).toBe('on_hold');
  });

  it('refuses a body without display values and an id that is not a sys_id', async () => {
    nock(BASE).get(PATH).query(QUERY).reply(200, { result: { ...incident().result, state: '3' } });
    await expect(reader().read(SYS_ID)).rejects.toThrow(/result\.state: must be \{ value, display_value \}/);
    await expect(reader().read('INC0010042')).rejects.toBeInstanceOf(TicketReadError);
  });

  it('answers null for a 404', async () => {
    nock(BASE).get(PATH).query(QUERY).reply(404, { error: { message: 'No Record found', detail: 'Record doesn\'t exist or ACL restricts the record retrieval' }, status: 'failure' });
    expect(await reader().read(SYS_ID)).toBeNull();
  });

  it('waits out a 429 Retry-After, then reads', async () => {
    const scope = nock(BASE).get(PATH).query(QUERY).reply(429, {}, { 'Retry-After': '1' }).get(PATH).query(QUERY).reply(200, incident());
    expect((await reader().read(SYS_ID))?.ticket.status).toBe('pending');
    expect(scope.isDone()).toBe(true);
    expect(slept).toEqual([1000]);
  });

  it('throws on a 500 after its retries, naming the request and never the password', async () => {
    nock(BASE).get(PATH).query(QUERY).times(3).reply(500, { error: { message: 'oops' } });
    const err = (await reader().read(SYS_ID).catch((e: unknown) => e)) as TicketReadError;
    expect(err).toBeInstanceOf(TicketReadError);
    expect(err).toMatchObject({ status: 500, code: 'sla_resync_read_failed' });
    expect(err.message).toMatch(new RegExp(`^GET ${PATH}\\?sysparm_display_value=all&.* answered 500$`));
    expect(err.message).not.toContain(PASSWORD);
  });

  it('has no reader without the write-back user', () => {
    expect(servicenowIntegration.reader?.(snConfig())).toBeUndefined();
    expect(servicenowIntegration.reader?.(snConfig({ username: USER, password: PASSWORD }))).toBeDefined();
  });
});
