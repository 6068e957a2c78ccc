import { describe, expect, it } from 'vitest';
import { boardData, OPEN_WINDOW_MS } from '../../../../src/http/board/board-data.js';
import { applyAll, MINUTE, ms, rulesFixture, targets, ticketFixture } from '../../../support/sla-fixtures.js';

// 24x7 UTC: business time is real time. sev1 first response 1h, sev3 4h; pending pauses.
const rules = rulesFixture({
  policy: { calendarId: 'always', targets: { sev1: targets({ first_response: '1h' }, 'always'), sev3: targets({ first_response: ['4h', 'always'], resolution: ['8h', 'biz'] }) } },
});
const NOW = '2026-11-23T11:00:00Z';

function ticket(id: string, created: string, extra: { priority?: string | null; status?: 'open' | 'pending'; group?: string; assignee?: string } = {}) {
  const tk = ticketFixture({ ticketId: id, createdAt: created, priority: extra.priority ?? null, group: extra.group ?? 'Tier 1', assignee: extra.assignee ?? 'Dana', subject: `Subject ${id}` });
  return applyAll([{ event: tk.event({ id: `${id}-e`, at: created, status: extra.status ?? 'open' }), now: NOW }], rules).state;
}

describe('boardData', () => {
  const breached = ticket('A', '2026-11-23T09:30:00Z', { priority: 'urgent' }); // 1h target, 90 min elapsed
  const warning = ticket('B', '2026-11-23T10:10:00Z', { priority: 'urgent', group: 'Tier 2' }); // 50 of 60 min
  const onTrack = ticket('C', '2026-11-23T10:50:00Z', { priority: 'urgent', assignee: 'Lee' }); // 10 of 60 min
  const paused = ticket('D', '2026-11-23T10:30:00Z', { priority: 'urgent', status: 'pending' });
  const data = boardData([onTrack, paused, warning, breached], rules, ms(NOW), {}, 100);

  it('shows running, paused and breached timers, overdue first then soonest due, paused last', () => {
    expect(data.rows.map((r) => [r.ticketId, r.level, r.remainingMs])).toEqual([
      ['A', 'breached', -30 * MINUTE],
      ['B', 'warning', 10 * MINUTE],
      ['C', 'on_track', 50 * MINUTE],
      ['D', 'paused', 60 * MINUTE],
    ]);
    expect(data.counts).toEqual({ breached: 1, warning: 1, on_track: 1, paused: 1, total: 4 });
    expect(data.rows[0]).toMatchObject({ key: 'generic/A/first_response/1', subject: 'Subject A', severityName: 'Critical', severityRank: 0, dueAt: ms('2026-11-23T10:30:00Z'), zone: 'UTC' });
    expect(data.rows[3]!.dueAt).toBeNull();
  });

  it('gives each calendar its open intervals from now, for the browser to tick', () => {
    expect(Object.keys(data.calendars)).toEqual(['always']);
    expect(data.calendars.always).toEqual({ zone: 'UTC', open: [[ms(NOW), ms(NOW) + OPEN_WINDOW_MS]] });
  });

  it('filters on severity, group, assignee and metric, and offers the values seen', () => {
    const byGroup = boardData([onTrack, paused, warning, breached], rules, ms(NOW), { group: ['Tier 2'] }, 100);
    expect(byGroup.rows.map((r) => r.ticketId)).toEqual(['B']);
    expect(byGroup.counts.total).toBe(1);
    expect(boardData([onTrack, warning], rules, ms(NOW), { assignee: ['Lee'] }, 100).rows.map((r) => r.ticketId)).toEqual(['C']);
    expect(boardData([onTrack, warning], rules, ms(NOW), { severity: ['sev3'] }, 100).rows).toEqual([]);
    expect(boardData([onTrack], rules, ms(NOW), { metric: ['resolution'] }, 100).rows).toEqual([]);
    expect(data.options.group).toEqual(['Tier 1', 'Tier 2']);
    expect(data.options.assignee).toEqual(['Dana', 'Lee']);
    expect(data.options.severity.map((s) => s.id)).toEqual(['sev1', 'sev2', 'sev3']);
  });

  it('caps the rows but counts every match', () => {
    const capped = boardData([onTrack, paused, warning, breached], rules, ms(NOW), {}, 2);
    expect(capped.rows.map((r) => r.ticketId)).toEqual(['A', 'B']);
    expect(capped.counts.total).toBe(4);
    expect(capped.truncated).toBe(true);
    expect(data.truncated).toBe(false);
  });

  it('leaves out achieved timers and gives business-hours calendars their real openings', () => {
    const normal = ticket('N', '2026-11-23T10:00:00Z'); // sev3: 4h on 24x7, resolution 8h on biz (New York 09–17)
    const d = boardData([normal], rules, ms(NOW), {}, 100);
    expect(d.rows.map((r) => `${r.metric} ${r.calendarId}`)).toEqual(['first_response always', 'resolution biz']);
    const firstOpen = d.calendars.biz!.open[0]!;
    expect(firstOpen).toEqual([ms('2026-11-23T14:00:00Z'), ms('2026-11-23T22:00:00Z')]); // Mon 09:00–17:00 EST
  });
});
