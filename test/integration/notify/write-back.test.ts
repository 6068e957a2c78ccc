/**
 * Write-backs of alerts to the ticket (`{ ticket: note }`, `{ ticket: due_field }`) through
 * the integration's writer: once each, retried when the help desk asks, skipped with a
 * reason when impossible, with or without Slack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TicketWriter } from '../../../src/events.js';
import { noteText } from '../../../src/notify/deliver-write-back.js';
import type { Redis } from '../../../src/store/redis-connection.js';
import { DUE_AT, alert } from '../../unit/notify/notice-fixtures.js';
import { connectRedis, deleteKeys, harness, testPrefix, type Harness } from './notify-harness.js';

const base = testPrefix();
let redis: Redis;
let n = 0;
let h: Harness;
beforeAll(async () => void (redis = await connectRedis()));
afterEach(async () => h?.stop());
afterAll(async () => {
  if (redis === undefined) return;
  await deleteKeys(redis, base);
  await redis.quit();
});

class RecordingWriter implements TicketWriter {
  notes: Array<[string, string]> = [];
  fields: Array<[string, number]> = [];
  failures: Error[] = [];
  async addInternalNote(ticketId: string, text: string) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.notes.push([ticketId, text]);
  }
  async setDueField(ticketId: string, dueAt: number) {
    this.fields.push([ticketId, dueAt]);
  }
}

const retryable = (retryAfterMs?: number) => Object.assign(new Error('429 Too Many Requests'), { retryable: true, retryAfterMs });
const breach = () => alert({ kind: 'breach' }, { writeBack: ['note', 'due_field'] });

describe('write-backs to the ticket', () => {
  it('adds the note and sets the due field once, even when delivered twice', async () => {
    const writer = new RecordingWriter();
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, writers: (source) => (source === 'generic' ? writer : undefined) });
    const notice = breach();
    await h.deliverUntilDone(notice);
    await h.deliverUntilDone(notice);
    expect(writer.notes).toEqual([[notice.facts.ticketId, noteText(notice)]]);
    expect(writer.fields).toEqual([[notice.facts.ticketId, notice.facts.dueAt]]);
    expect(noteText(notice)).toMatch(/^🔴 Critical · first response SLA breached\. Due .+\. Policy .+, severity Critical\. \(sla-timer\)$/);
    expect(await h.counted('sent')).toBeGreaterThanOrEqual(2);
  });

  it('rethrows what the help desk asks to retry, with its wait, and writes once when it succeeds', async () => {
    const writer = new RecordingWriter();
    writer.failures.push(retryable(2_000));
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, writers: () => writer });
    const notice = alert({ kind: 'breach' }, { writeBack: ['note'] });
    await expect(h.notifier.deliver(notice)).rejects.toMatchObject({ retryable: true, retryAfterMs: 2_000 });
    expect(writer.notes).toEqual([]);
    await h.deliverUntilDone(notice);
    await h.deliverUntilDone(notice);
    expect(writer.notes).toHaveLength(1);
  });

  it('records a refusal as failed without retrying it', async () => {
    const writer = new RecordingWriter();
    writer.failures.push(new Error('403 Forbidden'));
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, writers: () => writer });
    const notice = alert({ kind: 'breach' }, { writeBack: ['note'] });
    await h.deliverUntilDone(notice);
    await h.deliverUntilDone(notice);
    expect(writer.notes).toEqual([]);
    expect(await h.counted('failed')).toBe(1);
    expect((await h.ledger.delivery(notice.id, 'ticket-note'))?.state).toBe('failed');
  });

  it('skips with a reason when the integration has no writer or no due field', async () => {
    const noField: TicketWriter = { addInternalNote: async () => undefined };
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, writers: (source) => (source === 'generic' ? noField : undefined) });
    const notice = breach();
    await h.deliverUntilDone(notice);
    expect((await h.ledger.delivery(notice.id, 'ticket-note'))?.state).toBe('sent');
    expect(await h.ledger.delivery(notice.id, 'ticket-due_field')).toMatchObject({ state: 'failed', error: 'no due field is configured for generic' });
    const other = alert({ kind: 'breach' }, { writeBack: ['note'], facts: { source: 'zammad' } });
    await h.deliverUntilDone(other);
    expect(await h.ledger.delivery(other.id, 'ticket-note')).toMatchObject({ state: 'failed', error: 'the zammad integration has no write-back credentials' });
  });

  it('writes back without a Slack token too', async () => {
    const writer = new RecordingWriter();
    h = await harness(redis, `${base}-${++n}`, { start: DUE_AT, token: false, writers: () => writer });
    await h.deliverUntilDone(alert({ kind: 'breach' }, { writeBack: ['note'] }));
    expect(writer.notes).toHaveLength(1);
    expect(h.fake.calls).toEqual([]);
  });
});
