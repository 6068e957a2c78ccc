import { describe, expect, it } from 'vitest';
import { digestEntry, digestLine, digestMessage } from '../../../src/notify/index.js';
import { alert } from './notice-fixtures.js';

describe('digestMessage', () => {
  it('lists the count, then one line per ticket with severity, link, metric and time', () => {
    const a = digestEntry(alert({ kind: 'after', ms: 3_600_000 }), ['<!subteam^S1>']);
    const b = digestEntry(alert({ kind: 'percent', percent: 75 }, { facts: { ticketId: 'T-7', subject: 'VPN & SSO', severityName: 'High', metric: 'resolution' } }), ['<!subteam^S1>', '<@U2>']);
    const c = digestEntry(alert({ kind: 'breach' }, { facts: { ticketId: 'T-9', subject: null, url: null } }), []);
    expect(digestMessage([a, b, c])).toEqual({
      text: '📋 3 SLA alerts (2 breached or overdue, 1 warning) <!subteam^S1> <@U2>',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '📋 3 SLA alerts', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Many alerts came due at once: 2 breached or overdue, 1 warning.\n<!subteam^S1> <@U2>' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: [
              '🔴 *Critical* · <https://help.example.com/T-42|Checkout is down> · first response · 1h 00m overdue',
              '⚠️ *High* · <https://help.example.com/T-42|VPN &amp; SSO> · resolution · 15m 00s left',
              '🔴 *Critical* · generic/T-9 · first response · breached',
            ].join('\n'),
          },
        },
      ],
    });
  });

  it('stays within Slack’s block limits for a huge wave', () => {
    const entries = Array.from({ length: 3000 }, (_, i) => digestEntry(alert({ kind: 'breach' }, { facts: { ticketId: `T-${i}`, subject: `Ticket number ${i} with a longer subject line` } }), []));
    const m = digestMessage(entries);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const b of m.blocks) if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    const last = m.blocks.at(-1) as { type: string; elements: Array<{ text: string }> };
    expect(last.type).toBe('context');
    const shown = m.blocks.filter((b) => b.type === 'section').slice(1).reduce((n, b) => n + ((b as { text: { text: string } }).text.text.split('\n').length), 0);
    expect(last.elements[0]?.text).toBe(`…and ${3000 - shown} more`);
  });

  it('formats one line from an entry', () => {
    expect(digestLine(digestEntry(alert({ kind: 'before', ms: 900_000 }), []))).toBe('⏳ *Critical* · <https://help.example.com/T-42|Checkout is down> · first response · 15m 00s left');
  });
});
