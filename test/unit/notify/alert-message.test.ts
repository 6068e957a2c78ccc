import { describe, expect, it } from 'vitest';
import { alertHeadline, alertMessage, outcomeHeadline, outcomeMessage } from '../../../src/notify/index.js';
import { DUE_AT, alert, outcome } from './notice-fixtures.js';

const DUE_TOKEN = `<!date^${DUE_AT / 1000}^{date_short_pretty} {time} (your time)|Tue 24 Nov 10:30 CET>`;

describe('alertMessage', () => {
  it('builds the 75% warning with link, fields, mentions and fallback text', () => {
    const notice = alert({ kind: 'percent', percent: 75 });
    expect(alertMessage(notice, ['<!subteam^S0123>', '<@U42>'])).toEqual({
      text: '⚠️ Critical · 75% of first response used: Checkout is down (generic/T-42) <!subteam^S0123> <@U42>',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '⚠️ Critical · 75% of first response used', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*<https://help.example.com/T-42|Checkout is down>*\n<!subteam^S0123> <@U42>' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Metric*\nFirst response' },
            { type: 'mrkdwn', text: '*Business time left*\n15m 00s' },
            { type: 'mrkdwn', text: `*Due*\nTue 24 Nov 10:30 CET\n${DUE_TOKEN}` },
            { type: 'mrkdwn', text: '*Assignee*\nDana' },
            { type: 'mrkdwn', text: '*Severity*\nCritical' },
            { type: 'mrkdwn', text: '*Policy*\nenterprise' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'generic · T-42 · Tier 1' }] },
      ],
    });
  });

  it('says how long is left before the breach, then breached, then how long overdue', () => {
    expect(alertHeadline(alert({ kind: 'before', ms: 15 * 60_000 }, { facts: { severityName: 'High', metric: 'next_response', cycle: 2 } }))).toBe(
      '⏳ High · next response due in 15m 00s',
    );
    const breach = alert({ kind: 'breach' });
    expect(alertHeadline(breach)).toBe('🔴 Critical · first response SLA breached');
    expect(alertMessage(breach).blocks[2]).toMatchObject({ fields: [{}, { text: '*Overdue (business time)*\n0s' }, {}, {}, {}, {}] });
    const after = alert({ kind: 'after', ms: 3_600_000 });
    expect(alertHeadline(after)).toBe('🔴 Critical · first response 1h 00m overdue');
    expect(alertMessage(after).blocks[2]).toMatchObject({ fields: [{}, { text: '*Overdue (business time)*\n1h 00m' }, {}, {}, {}, {}] });
  });

  it('numbers later cycles in the context line', () => {
    const notice = alert({ kind: 'percent', percent: 50 }, { facts: { metric: 'next_response', cycle: 3, group: null } });
    expect(alertMessage(notice).blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'generic · T-42 · cycle 3' }] });
  });

  it('escapes &, < and > from the ticket everywhere, and keeps links safe', () => {
    const notice = alert(
      { kind: 'percent', percent: 75 },
      { facts: { subject: 'Refund <urgent> & "billing"', url: 'https://help.example.com/t?a=1&b=<2>|x', assignee: 'Ops & <Co>', group: 'A&B' } },
    );
    const m = alertMessage(notice);
    expect(m.text).toBe('⚠️ Critical · 75% of first response used: Refund &lt;urgent&gt; &amp; "billing" (generic/T-42)');
    expect(m.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*<https://help.example.com/t?a=1&amp;b=%3C2%3E%7Cx|Refund &lt;urgent&gt; &amp; "billing">*' },
    });
    expect(m.blocks[2]).toMatchObject({ fields: [{}, {}, {}, { text: '*Assignee*\nOps &amp; &lt;Co&gt;' }, {}, {}] });
    expect(m.blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'generic · T-42 · A&amp;B' }] });
  });

  it('falls back to source/id without a subject, and links only http(s) URLs', () => {
    const notice = alert({ kind: 'breach' }, { facts: { subject: null, url: 'javascript:alert(1)', assignee: null } });
    const m = alertMessage(notice);
    expect(m.text).toBe('🔴 Critical · first response SLA breached: generic/T-42');
    expect(m.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*generic/T-42*' } });
    expect(m.blocks[2]).toMatchObject({ fields: [{}, {}, {}, { text: '*Assignee*\n_unassigned_' }, {}, {}] });
  });

  it('shows the due instant in the calendar zone across DST, with a Slack date token for the viewer', () => {
    const dueField = (dueAt: number, zone: string) =>
      (alertMessage(alert({ kind: 'percent', percent: 75 }, { facts: { dueAt, zone } })).blocks[2] as { fields: Array<{ text: string }> }).fields[2]?.text;
    // Berlin springs forward at 01:00 UTC on Sun 29 Mar 2026.
    expect(dueField(Date.UTC(2026, 2, 29, 0, 30), 'Europe/Berlin')).toBe(
      `*Due*\nSun 29 Mar 01:30 CET\n<!date^${Date.UTC(2026, 2, 29, 0, 30) / 1000}^{date_short_pretty} {time} (your time)|Sun 29 Mar 01:30 CET>`,
    );
    expect(dueField(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toMatch(/^\*Due\*\nSun 29 Mar 03:30 CEST\n/);
    expect(dueField(Date.UTC(2026, 6, 14, 13, 0), 'America/New_York')).toMatch(/^\*Due\*\nTue 14 Jul 09:00 EDT\n/);
    expect(dueField(Date.UTC(2026, 10, 24, 14, 0), 'America/New_York')).toMatch(/^\*Due\*\nTue 24 Nov 09:00 EST\n/);
    expect(dueField(Date.UTC(2026, 10, 24, 14, 0), 'UTC')).toMatch(/^\*Due\*\nTue 24 Nov 14:00 UTC\n/);
  });

  it('shows a dash when the timer has no due instant', () => {
    const m = alertMessage(alert({ kind: 'percent', percent: 75 }, { facts: { dueAt: null } }));
    expect(m.blocks[2]).toMatchObject({ fields: [{}, {}, { text: '*Due*\n–' }, {}, {}, {}] });
  });

  it('keeps the header within Slack’s 150 characters', () => {
    const m = alertMessage(alert({ kind: 'breach' }, { facts: { severityName: 'S'.repeat(200) } }));
    const header = (m.blocks[0] as { text: { text: string } }).text.text;
    expect(header).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
  });
});

describe('outcomeMessage', () => {
  it('replaces the alert with the outcome, keeping the ticket information', () => {
    const ended = DUE_AT - 20 * 60_000;
    expect(outcomeMessage(outcome('achieved', ended))).toEqual({
      text: '✅ Critical · responded in time: Checkout is down (generic/T-42)',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '✅ Critical · responded in time', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*<https://help.example.com/T-42|Checkout is down>*' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Metric*\nFirst response' },
            { type: 'mrkdwn', text: '*Result*\nMet' },
            { type: 'mrkdwn', text: `*Ended*\nTue 24 Nov 10:10 CET\n<!date^${ended / 1000}^{date_short_pretty} {time} (your time)|Tue 24 Nov 10:10 CET>` },
            { type: 'mrkdwn', text: '*Assignee*\nDana' },
            { type: 'mrkdwn', text: '*Severity*\nCritical' },
            { type: 'mrkdwn', text: '*Policy*\nenterprise' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'generic · T-42 · Tier 1' }] },
      ],
    });
  });

  it('says how late a breached timer was achieved, and why a timer was cancelled', () => {
    const late = outcome('breached_achieved', DUE_AT + 12 * 60_000);
    expect(outcomeHeadline(late)).toBe('☑️ Critical · responded 12m 00s late');
    expect(outcomeMessage(late).blocks[2]).toMatchObject({ fields: [{}, { text: '*Result*\nMissed by 12m 00s' }, {}, {}, {}, {}] });
    expect(outcomeHeadline(outcome('cancelled', DUE_AT - 60_000))).toBe('⚪ Critical · cancelled (ticket solved without a reply)');
    expect(outcomeHeadline(outcome('cancelled', DUE_AT - 60_000, {}, 'ticket deleted'))).toBe('⚪ Critical · cancelled (ticket deleted)');
    expect(outcomeHeadline(outcome('cancelled', DUE_AT - 60_000, {}, null))).toBe('⚪ Critical · cancelled');
    expect(outcomeHeadline(outcome('cancelled', DUE_AT - 60_000, { metric: 'resolution' }, 'no resolution target for sev3 under standard'))).toBe('⚪ Critical · cancelled (no resolution target for sev3 under standard)');
    expect(outcomeHeadline(outcome('achieved', DUE_AT - 60_000, { metric: 'resolution' }))).toBe('✅ Critical · resolved in time');
  });
});
