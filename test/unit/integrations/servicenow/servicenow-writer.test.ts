/** ServiceNow write-back against nock: exact method, path, body and auth. */
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createServicenowWriter, glideValue, servicenowIntegration } from '../../../../integrations/servicenow/index.js';
import { WriteBackError } from '../../../../integrations/shared/write-back-http.js';
import { snConfig, SYS_ID } from './servicenow-fixtures.js';

const BASE = 'https://acme.service-now.com';
const USER = 'sla.timer';
const PASSWORD = 'Sn-Pa55word!';
const AUTH = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const PATH = `/api/now/table/incident/${SYS_ID}`;
const slept: number[] = [];
const sleep = async (ms: number) => void slept.push(ms);

function writer(over: Record<string, unknown> = {}) {
  const w = createServicenowWriter(snConfig({ username: USER, password: PASSWORD, ...over }), { sleep });
  if (w === undefined) throw new Error('expected a writer');
  return w;
}

afterEach(() => {
  nock.cleanAll();
  slept.length = 0;
});

describe('ServiceNow write-back', () => {
  it('adds a work note with PATCH on the incident sys_id, basic auth', async () => {
    const scope = nock(BASE)
      .patch(PATH, { work_notes: 'SLA: resolution breached (target 8h)\nescalated to #support-managers' })
      .matchHeader('authorization', AUTH)
      .matchHeader('content-type', /application\/json/)
      .matchHeader('accept', /application\/json/)
      .reply(200, { result: { sys_id: SYS_ID } });
    await writer().addInternalNote(SYS_ID, 'SLA: resolution breached (target 8h)\nescalated to #support-managers');
    expect(scope.isDone()).toBe(true);
  });

  it('sets the due field in GlideDateTime internal format (UTC)', async () => {
    const scope = nock(BASE).patch(PATH, { u_sla_due: '2026-11-24 17:00:00' }).matchHeader('authorization', AUTH).reply(200, { result: {} });
    await writer({ due_field: 'u_sla_due' }).setDueField!(SYS_ID, Date.parse('2026-11-24T18:00:00.750+01:00'));
    expect(scope.isDone()).toBe(true);
    expect(glideValue(Date.parse('2026-01-02T03:04:05.999Z'))).toBe('2026-01-02 03:04:05');
  });

  it('has no due setter without due_field, and no writer without credentials', () => {
    expect(writer().setDueField).toBeUndefined();
    expect(servicenowIntegration.writer!(snConfig())).toBeUndefined();
    expect(servicenowIntegration.writer!(snConfig({ username: USER, password: PASSWORD }))).toBeDefined();
  });

  it('uses a custom-domain instance as the API base', async () => {
    const scope = nock('https://itsm.acme.example').patch(PATH, { work_notes: 'x' }).matchHeader('authorization', AUTH).reply(200, {});
    await writer({ instance: 'https://itsm.acme.example' }).addInternalNote(SYS_ID, 'x');
    expect(scope.isDone()).toBe(true);
  });

  it('honours 429 Retry-After: 1 and delivers exactly once', async () => {
    const scope = nock(BASE)
      .patch(PATH).matchHeader('authorization', AUTH).reply(429, { error: { message: 'Rate limit exceeded' } }, { 'Retry-After': '1' })
      .patch(PATH, { work_notes: 'note' }).matchHeader('authorization', AUTH).once().reply(200, { result: {} });
    await writer().addInternalNote(SYS_ID, 'note');
    expect(slept).toEqual([1_000]);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('fails a 4xx without retrying, and keeps the credentials out of the error', async () => {
    nock(BASE).patch(PATH).reply(403, { error: { message: 'Operation against file incident was aborted by ACL' }, status: 'failure' });
    const err = (await writer().addInternalNote(SYS_ID, 'x').catch((e: unknown) => e)) as WriteBackError;
    expect(err).toBeInstanceOf(WriteBackError);
    expect(err).toMatchObject({ retryable: false, status: 403, message: `PATCH ${PATH} answered 403` });
    const text = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(USER);
    expect(slept).toEqual([]);
  });

  it('refuses a ticket id that is not a sys_id (e.g. the number), without a request', async () => {
    await expect(writer().addInternalNote('INC0010042', 'x')).rejects.toMatchObject({ retryable: false, message: expect.stringContaining('not an incident sys_id') });
  });
});
