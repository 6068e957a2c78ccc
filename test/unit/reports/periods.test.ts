import { describe, expect, it } from 'vitest';
import { dayKey, isoWeek, monthsTouched, parseDay, planRange } from '../../../src/reports/periods.js';

const day = (text: string) => parseDay(text)!;

describe('periods', () => {
  it('reads dates and instants as UTC days; refuses the rest', () => {
    expect(dayKey(day('2026-11-24'))).toBe('2026-11-24');
    expect(dayKey(day('2026-11-24T23:30:00Z'))).toBe('2026-11-24');
    expect(dayKey(day('2026-11-24T23:30:00-05:00'))).toBe('2026-11-25');
    expect(dayKey(day('2026-11-24T00:30:00.123+01:00'))).toBe('2026-11-23');
    for (const bad of ['2026-02-30', '2026-13-01', '24.11.2026', '2026-11-24T10:00', 'yesterday', '']) expect(parseDay(bad), bad).toBeNull();
  });

  it.each<[string, string, string[], string[]]>([
    ['2026-11-01', '2026-11-30', ['2026-11'], []],
    ['2026-11-03', '2026-11-05', [], ['2026-11-03', '2026-11-04', '2026-11-05']],
    ['2026-10-30', '2026-12-02', ['2026-11'], ['2026-10-30', '2026-10-31', '2026-12-01', '2026-12-02']],
    ['2026-01-01', '2026-12-31', ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'], []],
    ['2028-02-28', '2028-03-01', [], ['2028-02-28', '2028-02-29', '2028-03-01']],
    ['2028-02-01', '2028-02-29', ['2028-02'], []],
  ])('%s..%s: whole months from month aggregates, the edges from days', (from, to, months, days) => {
    expect(planRange(day(from), day(to))).toEqual({ months, days });
  });

  it('lists the months a range touches', () => {
    expect(monthsTouched(day('2026-10-30'), day('2027-01-02'))).toEqual(['2026-10', '2026-11', '2026-12', '2027-01']);
    expect(monthsTouched(day('2026-11-05'), day('2026-11-05'))).toEqual(['2026-11']);
  });

  it.each([
    ['2026-01-01', '2026-W01'], // a Thursday
    ['2026-11-23', '2026-W48'], // a Monday
    ['2026-11-29', '2026-W48'], // the Sunday of that week
    ['2027-01-01', '2026-W53'], // a Friday: still 2026's last week
    ['2024-12-30', '2025-W01'], // a Monday that belongs to 2025
    ['2021-01-03', '2020-W53'],
  ])('ISO week of %s is %s', (date, week) => {
    expect(isoWeek(day(date))).toBe(week);
  });
});
