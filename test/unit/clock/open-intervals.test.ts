import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, type CalendarSpec } from '../../../src/clock/index.js';

const at = (iso: string) => Date.parse(iso);
const nyBiz = createCalendar({ timezone: 'America/New_York', hours: { 'mon-fri': ['09:00-12:30', '13:30-17:00'] }, holidays: ['2026-11-26'] });

describe('openIntervals', () => {
  it('lists the open intervals, clipped to the window', () => {
    // Wed 25 Nov 11:00 EST → Fri 27 Nov 10:00 EST; Thursday 26 is a holiday.
    expect(nyBiz.openIntervals(at('2026-11-25T11:00:00-05:00'), at('2026-11-27T10:00:00-05:00'))).toEqual([
      [at('2026-11-25T11:00:00-05:00'), at('2026-11-25T12:30:00-05:00')],
      [at('2026-11-25T13:30:00-05:00'), at('2026-11-25T17:00:00-05:00')],
      [at('2026-11-27T09:00:00-05:00'), at('2026-11-27T10:00:00-05:00')],
    ]);
  });

  it('is empty for an empty window or a closed one', () => {
    expect(nyBiz.openIntervals(at('2026-11-28T00:00:00Z'), at('2026-11-29T00:00:00Z'))).toEqual([]);
    expect(nyBiz.openIntervals(at('2026-11-25T15:00:00Z'), at('2026-11-25T15:00:00Z'))).toEqual([]);
  });

  it('joins an interval cut by an index chunk edge, and 24x7 is one interval', () => {
    const always = createCalendar({ timezone: 'UTC', hours: { 'mon-sun': ['00:00-24:00'] } });
    const edge = 2 ** 35 * 52; // an index chunk boundary in 2026
    expect(always.openIntervals(edge - 3_600_000, edge + 3_600_000)).toEqual([[edge - 3_600_000, edge + 3_600_000]]);
    expect(createCalendar({ timezone: 'UTC', hours: '24x7' }).openIntervals(10, 20)).toEqual([[10, 20]]);
  });

  const specs: CalendarSpec[] = [
    { timezone: 'Europe/London', hours: { 'mon-fri': ['08:00-18:00'], sun: ['22:00-06:00'] }, holidays: [{ date: '12-25', yearly: true }] },
    { timezone: 'Australia/Lord_Howe', hours: { 'mon-sat': ['00:00-03:00', '09:00-17:00'] } },
    { timezone: 'Asia/Kolkata', hours: { 'mon-fri': ['09:30-18:00'] }, holidays: [{ date: '2026-10-20', hours: ['09:30-13:00'] }] },
  ];
  it('agrees with businessTimeBetween and isOpen (property)', () => {
    const calendars = specs.map(createCalendar);
    const start = at('2025-01-01T00:00:00Z');
    const span = 3 * 365 * 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: calendars.length - 1 }), fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 40 * 86_400_000 }), (c, offset, length) => {
        const cal = calendars[c]!;
        const from = start + offset;
        const to = from + length;
        const intervals = cal.openIntervals(from, to);
        expect(intervals.reduce((sum, [a, b]) => sum + (b - a), 0)).toBe(cal.businessTimeBetween(from, to));
        intervals.forEach(([a, b], i) => {
          expect(a).toBeLessThan(b);
          if (i > 0) expect(a).toBeGreaterThan(intervals[i - 1]![1]);
          expect(cal.isOpen(a)).toBe(true);
          expect(a === from || !cal.isOpen(a - 1)).toBe(true);
          expect(b === to || !cal.isOpen(b)).toBe(true);
        });
      }),
      { numRuns: 2_000 },
    );
  });
});
