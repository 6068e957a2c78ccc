import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { acknowledgedBlocks, alertMessage, createSlackActions, type AckActionRequest, type AckDecision, type SlackPort } from '../../../src/notify/index.js';
import { DUE_AT, alert } from './notice-fixtures.js';

const message = alertMessage(alert({ kind: 'breach' }), [], { buttons: true });
const request: AckActionRequest = {
  target: { source: 'generic', ticketId: 'T-42', metric: 'first_response', cycle: 1 },
  userId: 'U0SAM',
  userName: 'sam',
  channelId: 'C0LEADS',
  messageTs: '1764000000.000100',
  message,
};
const ack = { at: DUE_AT, userId: 'U0DANA', userName: 'dana' };

function setup(decision: AckDecision, fail = false) {
  const updates: unknown[] = [];
  const settled: Array<Error | null> = [];
  const slack = {
    updateMessage: async (args: unknown) => {
      if (fail) throw new Error('boom');
      updates.push(args);
    },
  } as unknown as SlackPort;
  let done: () => void = () => undefined;
  const updated = new Promise<void>((resolve) => (done = resolve));
  const actions = createSlackActions({
    acknowledgeTimer: async () => decision,
    slack,
    logger: pino({ level: 'silent' }),
    onUpdated: (_req, err) => (settled.push(err), done()),
  });
  return { actions, updates, settled, updated };
}

describe('createSlackActions', () => {
  it('edits the clicked message with the first acknowledgement, also on a repeated click', async () => {
    for (const kind of ['recorded', 'already'] as const) {
      const { actions, updates, updated } = setup({ kind, ack, zone: 'Europe/Berlin' });
      expect(await actions.acknowledge(request)).toEqual({ kind, ack, zone: 'Europe/Berlin' });
      await updated;
      expect(updates).toEqual([{ channel: 'C0LEADS', ts: '1764000000.000100', text: message.text, blocks: acknowledgedBlocks(message.blocks, { userId: 'U0DANA', at: DUE_AT }, 'Europe/Berlin') }]);
    }
  });

  it('edits nothing for an ended or unknown cycle, and survives a failed edit', async () => {
    for (const decision of [{ kind: 'ended', status: 'achieved' }, { kind: 'unknown' }] as const) {
      const { actions, updates } = setup(decision);
      expect(await actions.acknowledge(request)).toEqual(decision);
      expect(updates).toEqual([]);
    }
    const failing = setup({ kind: 'recorded', ack, zone: 'UTC' }, true);
    expect((await failing.actions.acknowledge(request)).kind).toBe('recorded');
    await failing.updated;
    expect(failing.settled.map((e) => e?.message)).toEqual(['boom']);
  });
});
