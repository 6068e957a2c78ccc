import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import {
  ACK_ACTION_ID, ACTIONS_BLOCK_ID, OPEN_TICKET_ACTION_ID, acknowledgedBlocks, acknowledgedLine, alertHeadline, alertMessage, channelTargets, decodeAckValue, encodeAckValue,
  outcomeMessage,
} from '../../../src/notify/index.js';
import { DUE_AT, alert, outcome } from './notice-fixtures.js';

describe('the Acknowledge button value', () => {
  it('names the timer cycle and reads back, whatever the ids hold', () => {
    const target = { source: 'generic', ticketId: 'T|42 ä/%', metric: 'next_response', cycle: 3 } as const;
    const value = encodeAckValue(target);
    expect(value).toBe('v1|generic|T%7C42%20%C3%A4%2F%25|next_response|3');
    expect(decodeAckValue(value)).toEqual(target);
  });

  it.each([
    ['another version', 'v2|generic|T-1|first_response|1'],
    ['an unknown metric', 'v1|generic|T-1|first_reply|1'],
    ['a cycle of 0', 'v1|generic|T-1|first_response|0'],
    ['a missing part', 'v1|generic|first_response|1'],
    ['bad percent-encoding', 'v1|generic|T-%E0|first_response|1'],
    ['not text', 42],
  ])('refuses %s', (_what, value) => {
    expect(decodeAckValue(value)).toBeNull();
  });
});

describe('alert messages with buttons', () => {
  it('end with Acknowledge and Open ticket when buttons are on, and have none by default', () => {
    const notice = alert({ kind: 'breach' });
    expect(alertMessage(notice).blocks.some((b) => b.type === 'actions')).toBe(false);
    const blocks = alertMessage(notice, [], { buttons: true }).blocks;
    expect(blocks.at(-1)).toEqual({
      type: 'actions',
      block_id: ACTIONS_BLOCK_ID,
      elements: [
        { type: 'button', action_id: ACK_ACTION_ID, text: { type: 'plain_text', text: 'Acknowledge', emoji: true }, style: 'primary', value: 'v1|generic|T-42|first_response|1' },
        { type: 'button', action_id: OPEN_TICKET_ACTION_ID, text: { type: 'plain_text', text: 'Open ticket' }, url: 'https://help.example.com/T-42' },
      ],
    });
  });

  it('leave Open ticket out when the ticket has no http(s) URL', () => {
    const blocks = alertMessage(alert({ kind: 'breach' }, { facts: { url: null } }), [], { buttons: true }).blocks;
    expect((blocks.at(-1) as { elements: unknown[] }).elements).toHaveLength(1);
  });

  it('say a repeat is a reminder and how overdue the timer is', () => {
    const repeat = { ...alert({ kind: 'breach' }, { facts: { remainingMs: -30 * 60_000 } }), repeat: { n: 2, of: 3 } };
    expect(alertHeadline(repeat)).toBe('🔴 Critical · first response 30m 00s overdue · reminder 2 of 3');
  });
});

describe('acknowledgedBlocks', () => {
  const blocks = alertMessage(alert({ kind: 'breach' }), [], { buttons: true }).blocks;
  const at = DUE_AT + 5 * 60_000;

  it('replaces the Acknowledge button with who and when, keeping the Open ticket link', () => {
    const out = acknowledgedBlocks(blocks, { userId: 'U0DANA', at }, 'Europe/Berlin');
    expect(out.slice(0, 4)).toEqual(blocks.slice(0, 4));
    expect(out[4]).toEqual({
      type: 'context',
      block_id: 'sla_acknowledged',
      elements: [{ type: 'mrkdwn', text: `✋ Acknowledged by <@U0DANA> at <!date^${at / 1000}^{date_short_pretty} {time}|Tue 24 Nov 10:35 CET>` }],
    });
    expect(out[5]).toMatchObject({ type: 'actions', elements: [{ action_id: OPEN_TICKET_ACTION_ID }] });
    expect(out).toHaveLength(6);
  });

  it('is idempotent, and adds the line to messages without our buttons', () => {
    const once = acknowledgedBlocks(blocks, { userId: 'U0DANA', at });
    expect(acknowledgedBlocks(once, { userId: 'U0DANA', at })).toEqual(once);
    const plain: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }];
    expect(acknowledgedBlocks(plain, { userId: 'U0DANA', at }).map((b) => b.type)).toEqual(['section', 'context']);
  });
});

describe('outcome messages of acknowledged cycles', () => {
  it('keep the "Acknowledged by" line when the outcome replaces the message', () => {
    const ack = { at: DUE_AT, userId: 'U0DANA', userName: 'dana' };
    const m = outcomeMessage({ ...outcome('breached_achieved', DUE_AT + 60_000), acknowledged: ack });
    expect(m.blocks.at(-1)).toEqual(acknowledgedLine({ userId: 'U0DANA', at: DUE_AT }, 'Europe/Berlin'));
    expect(outcomeMessage(outcome('achieved', DUE_AT)).blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
  });
});

describe('channelTargets and quiet hours', () => {
  it('holds a channel only while every target naming it is held, until the earliest', () => {
    const notice = alert({ kind: 'percent', percent: 75 }, {
      targets: [
        { slack: '#leads', mention: [], holdUntil: 2_000 },
        { slack: '#leads', mention: ['<@U1>'], holdUntil: 1_000 },
        { slack: '#ops', mention: [], holdUntil: 5_000 },
        { slack: '#ops', mention: [] },
      ],
    });
    expect(channelTargets(notice)).toEqual([
      { channel: '#leads', mention: ['<@U1>'], holdUntil: 1_000 },
      { channel: '#ops', mention: [] },
    ]);
  });
});
