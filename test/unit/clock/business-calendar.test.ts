/**
 * Hand-computed cases for business calendars. Every expected value is a literal instant
 * written with its UTC offset, worked out by hand from the zone's rules:
 *
 * - America/New_York 2026-03-08 02:00 EST → 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT → 01:00 EST (06:00Z)
 * - Europe/London    2026-03-29 01:00 GMT → 02:00 BST (01:00Z); 2026-10-25 02:00 BST → 01:00 GMT (01:00Z)
 * - Australia/Lord_Howe (30-minute shift) 2026-04-05 02:00 +11:00 → 01:30 +10:30 (2026-04-04T15:00Z);
 *   2026-10-04 02:00 +10:30 → 02:30 +11:00 (2026-10-03T15:30Z)
 * - Pacific/Chatham 2026-04-05 03:45 +13:45 → 02:45 +12:45 (2026-04-04T14:00Z);
 *   2026-09-27 02:45 +12:45 → 03:45 +13:45 (2026-09-26T14:00Z)
 * - Asia/Kolkata +05:30, Asia/Tokyo +09:00, no DST.
 *
 * Weekdays: 2026-01-01 is a Thursday, so 2026-01-05, 2026-03-09, 2026-06-01 are Mondays and
 * 2026-03-08, 2026-03-29, 2026-04-05, 2026-09-27, 2026-10-04, 2026-10-25, 2026-11-01 Sundays.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../../src/clock/index.js';
import type { BusinessCalendar } from '../../../src/clock/index.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An ISO instant with an explicit offset, as epoch ms. */
function at(text: string): number {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new Error(`bad test instant ${text}`);
  return t;
}

/** Compares as ISO text so a failure shows readable instants. */
function expectInstant(actual: number, expected: string): void {
  expect(new Date(actual).toISOString()).toBe(new Date(at(expected)).toISOString());
}

describe('America/New_York across DST', () => {
  const weekdays = createCalendar({ timezone: 'America/New_York', hours: { 'mon-fri': ['09:00-17:00'] } });

  it('carries a weekday deadline over the spring-forward weekend', () => {
    expectInstant(weekdays.addBusinessTime(at('2026-03-06T16:00:00-05:00'), 2 * HOUR), '2026-03-09T10:00:00-04:00');
    expect(weekdays.businessTimeBetween(at('2026-03-06T09:00:00-05:00'), at('2026-03-09T17:00:00-04:00'))).toBe(16 * HOUR);
    expectInstant(weekdays.nextOpen(at('2026-03-06T17:00:00-05:00')), '2026-03-09T09:00:00-04:00');
  });

  it('carries a weekday deadline over the fall-back weekend', () => {
    expectInstant(weekdays.addBusinessTime(at('2026-10-30T16:00:00-04:00'), 2 * HOUR), '2026-11-02T10:00:00-05:00');
    expect(weekdays.businessTimeBetween(at('2026-10-30T09:00:00-04:00'), at('2026-11-02T17:00:00-05:00'))).toBe(16 * HOUR);
  });

  const earlySunday = createCalendar({ timezone: 'America/New_York', hours: { sun: ['00:00-03:00'] } });

  it('counts 00:00-03:00 as 2 real hours on the spring-forward night', () => {
    expect(earlySunday.businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(2 * HOUR);
    expectInstant(earlySunday.addBusinessTime(at('2026-03-08T00:00:00-05:00'), 90 * MINUTE), '2026-03-08T01:30:00-05:00');
    // The 2 hours run out exactly at the close (03:00 EDT), not at next Sunday's opening.
    expectInstant(earlySunday.addBusinessTime(at('2026-03-08T00:00:00-05:00'), 2 * HOUR), '2026-03-08T03:00:00-04:00');
    expectInstant(earlySunday.addBusinessTime(at('2026-03-08T00:00:00-05:00'), 2 * HOUR + 1), '2026-03-15T00:00:00.001-04:00');
    expect(earlySunday.isOpen(at('2026-03-08T01:59:59.999-05:00'))).toBe(true);
    expect(earlySunday.isOpen(at('2026-03-08T03:00:00-04:00'))).toBe(false);
  });

  it('counts 00:00-03:00 as 4 real hours on the fall-back night (01:00-02:00 twice)', () => {
    expect(earlySunday.businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(4 * HOUR);
    expectInstant(earlySunday.addBusinessTime(at('2026-11-01T00:00:00-04:00'), 90 * MINUTE), '2026-11-01T01:30:00-04:00');
    expectInstant(earlySunday.addBusinessTime(at('2026-11-01T00:00:00-04:00'), 150 * MINUTE), '2026-11-01T01:30:00-05:00');
    expectInstant(earlySunday.addBusinessTime(at('2026-11-01T00:00:00-04:00'), 4 * HOUR), '2026-11-01T03:00:00-05:00');
    expect(earlySunday.isOpen(at('2026-11-01T01:59:59.999-05:00'))).toBe(true);
    expect(earlySunday.isOpen(at('2026-11-01T03:00:00-05:00'))).toBe(false);
  });

  it('counts the repeated hour twice and the skipped hour not at all', () => {
    const oneToTwo = createCalendar({ timezone: 'America/New_York', hours: { sun: ['01:00-02:00'] } });
    expect(oneToTwo.businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(HOUR);
    expect(oneToTwo.businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(2 * HOUR);

    const twoToThree = createCalendar({ timezone: 'America/New_York', hours: { sun: ['02:00-03:00'] } });
    expect(twoToThree.businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(0);
    expectInstant(twoToThree.nextOpen(at('2026-03-08T00:00:00-05:00')), '2026-03-15T02:00:00-04:00');
    expectInstant(twoToThree.addBusinessTime(at('2026-03-07T12:00:00-05:00'), 30 * MINUTE), '2026-03-15T02:30:00-04:00');
    // On the fall-back night 02:00-03:00 EST happens once.
    expect(twoToThree.businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(HOUR);
  });

  it('a shift opening inside the skipped hour opens at 03:00 EDT', () => {
    const cal = createCalendar({ timezone: 'America/New_York', hours: { sun: ['02:30-04:00'] } });
    expect(cal.businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(HOUR);
    expectInstant(cal.nextOpen(at('2026-03-08T01:00:00-05:00')), '2026-03-08T03:00:00-04:00');
    expect(cal.isOpen(at('2026-03-08T01:59:59.999-05:00'))).toBe(false);
    expectInstant(cal.addBusinessTime(at('2026-03-08T00:00:00-05:00'), HOUR), '2026-03-08T04:00:00-04:00');
  });

  it('a shift inside the repeated hour is open twice, with a gap between', () => {
    // 01:30-02:30 on 2026-11-01: 01:30-02:00 EDT (05:30Z-06:00Z), then 01:30-02:30 EST (06:30Z-07:30Z).
    const cal = createCalendar({ timezone: 'America/New_York', hours: { sun: ['01:30-02:30'] } });
    expect(cal.businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(90 * MINUTE);
    expect(cal.isOpen(at('2026-11-01T01:45:00-04:00'))).toBe(true);
    expect(cal.isOpen(at('2026-11-01T01:15:00-05:00'))).toBe(false);
    expectInstant(cal.nextOpen(at('2026-11-01T01:15:00-05:00')), '2026-11-01T01:30:00-05:00');
    expectInstant(cal.addBusinessTime(at('2026-11-01T01:30:00-04:00'), 30 * MINUTE), '2026-11-01T02:00:00-04:00');
    expectInstant(cal.addBusinessTime(at('2026-11-01T01:30:00-04:00'), 45 * MINUTE), '2026-11-01T01:45:00-05:00');
    expectInstant(cal.addBusinessTime(at('2026-11-01T01:30:00-04:00'), 90 * MINUTE), '2026-11-01T02:30:00-05:00');
  });

  it('measures an overnight shift across both transitions', () => {
    const saturdayNight = createCalendar({ timezone: 'America/New_York', hours: { sat: ['22:00-06:00'] } });
    expect(saturdayNight.businessTimeBetween(at('2026-03-07T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(7 * HOUR);
    expectInstant(saturdayNight.addBusinessTime(at('2026-03-07T22:00:00-05:00'), 4 * HOUR), '2026-03-08T03:00:00-04:00');
    expect(saturdayNight.businessTimeBetween(at('2026-10-31T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(9 * HOUR);
    expectInstant(saturdayNight.addBusinessTime(at('2026-10-31T22:00:00-04:00'), 3 * HOUR), '2026-11-01T01:00:00-04:00');
    expectInstant(saturdayNight.addBusinessTime(at('2026-10-31T22:00:00-04:00'), 4 * HOUR), '2026-11-01T01:00:00-05:00');
    expectInstant(saturdayNight.addBusinessTime(at('2026-10-31T22:00:00-04:00'), 9 * HOUR), '2026-11-01T06:00:00-05:00');
  });
});

describe('Europe/London across DST', () => {
  const london = createCalendar({ timezone: 'Europe/London', hours: { 'mon-fri': ['09:00-17:00'], sun: ['00:00-04:00'] } });

  it('spring forward: Sunday 00:00-04:00 holds 3 real hours', () => {
    expect(london.businessTimeBetween(at('2026-03-29T00:00:00+00:00'), at('2026-03-30T00:00:00+01:00'))).toBe(3 * HOUR);
    expectInstant(london.addBusinessTime(at('2026-03-27T16:30:00+00:00'), HOUR), '2026-03-29T00:30:00+00:00');
    expectInstant(london.addBusinessTime(at('2026-03-27T16:30:00+00:00'), 3.5 * HOUR), '2026-03-29T04:00:00+01:00');
    expectInstant(london.addBusinessTime(at('2026-03-27T16:30:00+00:00'), 4 * HOUR), '2026-03-30T09:30:00+01:00');
    expect(london.isOpen(at('2026-03-29T00:59:59.999+00:00'))).toBe(true);
    expect(london.isOpen(at('2026-03-29T03:59:59.999+01:00'))).toBe(true);
    expect(london.isOpen(at('2026-03-29T04:00:00+01:00'))).toBe(false);
  });

  it('fall back: Sunday 00:00-04:00 holds 5 real hours', () => {
    expect(london.businessTimeBetween(at('2026-10-25T00:00:00+01:00'), at('2026-10-26T00:00:00+00:00'))).toBe(5 * HOUR);
    expectInstant(london.addBusinessTime(at('2026-10-25T00:00:00+01:00'), 2 * HOUR), '2026-10-25T01:00:00+00:00');
    expectInstant(london.addBusinessTime(at('2026-10-25T00:00:00+01:00'), 5 * HOUR), '2026-10-25T04:00:00+00:00');
    expectInstant(london.addBusinessTime(at('2026-10-23T16:00:00+01:00'), 6 * HOUR), '2026-10-25T04:00:00+00:00');
    expectInstant(london.addBusinessTime(at('2026-10-23T16:00:00+01:00'), 6 * HOUR + MINUTE), '2026-10-26T09:01:00+00:00');
  });
});

describe('Australia/Lord_Howe: a 30-minute DST shift', () => {
  const lordHowe = createCalendar({ timezone: 'Australia/Lord_Howe', hours: { sun: ['01:00-03:00'] } });

  it('2026-04-05: 01:30-02:00 happens twice, 01:00-03:00 holds 2.5 hours', () => {
    expect(lordHowe.businessTimeBetween(at('2026-04-04T00:00:00+11:00'), at('2026-04-06T00:00:00+10:30'))).toBe(150 * MINUTE);
    expectInstant(lordHowe.addBusinessTime(at('2026-04-05T01:00:00+11:00'), HOUR), '2026-04-05T01:30:00+10:30');
    expectInstant(lordHowe.addBusinessTime(at('2026-04-05T01:00:00+11:00'), 75 * MINUTE), '2026-04-05T01:45:00+10:30');
    expectInstant(lordHowe.addBusinessTime(at('2026-04-05T01:00:00+11:00'), 150 * MINUTE), '2026-04-05T03:00:00+10:30');
    expect(lordHowe.isOpen(at('2026-04-05T02:59:59.999+10:30'))).toBe(true);
    expect(lordHowe.isOpen(at('2026-04-05T03:00:00+10:30'))).toBe(false);
  });

  it('2026-10-04: 02:00-02:30 is skipped, 01:00-03:00 holds 1.5 hours', () => {
    expect(lordHowe.businessTimeBetween(at('2026-10-03T00:00:00+10:30'), at('2026-10-05T00:00:00+11:00'))).toBe(90 * MINUTE);
    expectInstant(lordHowe.addBusinessTime(at('2026-10-04T01:00:00+10:30'), HOUR), '2026-10-04T02:30:00+11:00');
    expectInstant(lordHowe.addBusinessTime(at('2026-10-04T01:00:00+10:30'), 90 * MINUTE), '2026-10-04T03:00:00+11:00');
    expectInstant(lordHowe.nextOpen(at('2026-10-04T03:00:00+11:00')), '2026-10-11T01:00:00+11:00');
  });
});

describe('zones with non-hour offsets', () => {
  it('Asia/Kolkata (+05:30) is exact to the minute', () => {
    const kolkata = createCalendar({ timezone: 'Asia/Kolkata', hours: { 'mon-fri': ['09:30-18:00'], sat: ['10:15-13:45'] } });
    expectInstant(kolkata.addBusinessTime(at('2026-01-05T17:45:00+05:30'), 30 * MINUTE), '2026-01-06T09:45:00+05:30');
    expectInstant(kolkata.addBusinessTime(at('2026-01-09T17:00:00+05:30'), 2 * HOUR), '2026-01-10T11:15:00+05:30');
    expect(kolkata.businessTimeBetween(at('2026-01-05T00:00:00+05:30'), at('2026-01-12T00:00:00+05:30'))).toBe(46 * HOUR);
    expect(kolkata.isOpen(at('2026-01-05T04:00:00Z'))).toBe(true); // 09:30 IST
    expect(kolkata.isOpen(at('2026-01-05T03:59:59.999Z'))).toBe(false);
    expect(kolkata.isOpen(at('2026-01-05T12:30:00Z'))).toBe(false); // 18:00 IST
    expectInstant(kolkata.nextOpen(at('2026-01-05T18:00:00+05:30')), '2026-01-06T09:30:00+05:30');
    expectInstant(kolkata.nextOpen(at('2026-01-10T13:45:00+05:30')), '2026-01-12T09:30:00+05:30');
  });

  const chatham = createCalendar({ timezone: 'Pacific/Chatham', hours: { 'mon-fri': ['08:00-17:00'], sun: ['02:00-05:00'] } });

  it('Pacific/Chatham (+12:45) is exact to the minute', () => {
    expectInstant(chatham.addBusinessTime(at('2026-06-01T16:00:00+12:45'), 2 * HOUR), '2026-06-02T09:00:00+12:45');
    expect(chatham.isOpen(at('2026-05-31T19:15:00Z'))).toBe(true); // Monday 08:00 +12:45
    expect(chatham.isOpen(at('2026-05-31T19:14:59.999Z'))).toBe(false);
  });

  it('Pacific/Chatham DST end (+13:45 → +12:45): Sunday 02:00-05:00 holds 4 hours', () => {
    expect(chatham.businessTimeBetween(at('2026-04-05T00:00:00+13:45'), at('2026-04-06T00:00:00+12:45'))).toBe(4 * HOUR);
    expectInstant(chatham.addBusinessTime(at('2026-04-05T02:00:00+13:45'), 2 * HOUR), '2026-04-05T03:00:00+12:45');
    expectInstant(chatham.addBusinessTime(at('2026-04-05T02:00:00+13:45'), 4 * HOUR), '2026-04-05T05:00:00+12:45');
  });

  it('Pacific/Chatham DST start (+12:45 → +13:45): Sunday 02:00-05:00 holds 2 hours', () => {
    expect(chatham.businessTimeBetween(at('2026-09-27T00:00:00+12:45'), at('2026-09-28T00:00:00+13:45'))).toBe(2 * HOUR);
    expectInstant(chatham.addBusinessTime(at('2026-09-27T02:00:00+12:45'), 45 * MINUTE), '2026-09-27T03:45:00+13:45');
    expectInstant(chatham.addBusinessTime(at('2026-09-27T02:00:00+12:45'), 2 * HOUR), '2026-09-27T05:00:00+13:45');
  });
});

describe('holidays', () => {
  const berlin = createCalendar({
    timezone: 'Europe/Berlin',
    hours: { 'mon-fri': ['09:00-17:00'] },
    holidays: [
      { date: '2026-12-24', hours: ['09:00-12:00'], name: 'Christmas Eve' },
      '2026-12-25',
      { date: '12-31', yearly: true, name: "New Year's Eve" },
      { date: '2027-01-01', yearly: true, name: "New Year's Day, from 2027" },
    ],
  });

  it('a partial day replaces the normal hours; a whole day closes', () => {
    // Mon-Wed 8 h each, Thu 24th 09:00-12:00, Fri 25th closed.
    expect(berlin.businessTimeBetween(at('2026-12-21T00:00:00+01:00'), at('2026-12-28T00:00:00+01:00'))).toBe(27 * HOUR);
    expectInstant(berlin.addBusinessTime(at('2026-12-24T11:00:00+01:00'), HOUR), '2026-12-24T12:00:00+01:00');
    expectInstant(berlin.addBusinessTime(at('2026-12-24T11:00:00+01:00'), 2 * HOUR), '2026-12-28T10:00:00+01:00');
    expect(berlin.isOpen(at('2026-12-24T11:59:59.999+01:00'))).toBe(true);
    expect(berlin.isOpen(at('2026-12-24T12:00:00+01:00'))).toBe(false);
    expectInstant(berlin.nextOpen(at('2026-12-24T12:00:00+01:00')), '2026-12-28T09:00:00+01:00');
  });

  it('a dated holiday applies to its year only', () => {
    // 2028-12-25 is a Monday.
    expect(berlin.businessTimeBetween(at('2028-12-25T00:00:00+01:00'), at('2028-12-26T00:00:00+01:00'))).toBe(8 * HOUR);
  });

  it('a yearly MM-DD holiday applies every year', () => {
    expect(berlin.businessTimeBetween(at('2025-12-31T00:00:00+01:00'), at('2026-01-01T00:00:00+01:00'))).toBe(0); // Wednesday
    expect(berlin.businessTimeBetween(at('2026-12-31T00:00:00+01:00'), at('2027-01-01T00:00:00+01:00'))).toBe(0); // Thursday
    // 2027-12-27 Mon … 2027-12-31 Fri (holiday).
    expect(berlin.businessTimeBetween(at('2027-12-27T00:00:00+01:00'), at('2028-01-01T00:00:00+01:00'))).toBe(32 * HOUR);
  });

  it('a yearly YYYY-MM-DD holiday starts in that year', () => {
    // 2026-01-01 (Thursday) is before the rule starts: a normal day.
    expect(berlin.businessTimeBetween(at('2026-01-01T00:00:00+01:00'), at('2026-01-02T00:00:00+01:00'))).toBe(8 * HOUR);
    // Mon 28, Tue 29, Wed 30 Dec 2026 open; Thu 31 (yearly) and Fri 2027-01-01 (from 2027) closed.
    expect(berlin.businessTimeBetween(at('2026-12-28T00:00:00+01:00'), at('2027-01-04T00:00:00+01:00'))).toBe(24 * HOUR);
    // 2029-01-01 is a Monday.
    expect(berlin.businessTimeBetween(at('2029-01-01T00:00:00+01:00'), at('2029-01-02T00:00:00+01:00'))).toBe(0);
    expectInstant(berlin.addBusinessTime(at('2026-12-30T16:00:00+01:00'), 2 * HOUR), '2027-01-04T10:00:00+01:00');
  });
});

describe('overnight shifts and midnight', () => {
  const tokyo = createCalendar({
    timezone: 'Asia/Tokyo',
    hours: { 'mon-fri': ['22:00-06:00'] },
    holidays: ['2026-05-05', { date: '2026-05-07', hours: ['20:00-02:00'] }],
  });

  it("a holiday removes the shift starting on it, but the previous night's shift still spills into it", () => {
    // Tue 2026-05-05 is the holiday: Mon night 22:00 → Tue 06:00 stays, Tue night is gone.
    expect(tokyo.businessTimeBetween(at('2026-05-05T00:00:00+09:00'), at('2026-05-06T12:00:00+09:00'))).toBe(6 * HOUR);
    expect(tokyo.isOpen(at('2026-05-05T05:59:59.999+09:00'))).toBe(true);
    expect(tokyo.isOpen(at('2026-05-05T06:00:00+09:00'))).toBe(false);
    expect(tokyo.isOpen(at('2026-05-05T23:00:00+09:00'))).toBe(false);
    expect(tokyo.isOpen(at('2026-05-06T03:00:00+09:00'))).toBe(false);
    expectInstant(tokyo.addBusinessTime(at('2026-05-05T05:00:00+09:00'), 2 * HOUR), '2026-05-06T23:00:00+09:00');
    expectInstant(tokyo.nextOpen(at('2026-05-05T06:00:00+09:00')), '2026-05-06T22:00:00+09:00');
  });

  it('a partial holiday can hold its own overnight shift', () => {
    // Mon night 8 h, Tue night none, Wed night 8 h, Thu 20:00 → Fri 02:00 6 h, Fri night until Sat 00:00 2 h.
    expect(tokyo.businessTimeBetween(at('2026-05-04T00:00:00+09:00'), at('2026-05-09T00:00:00+09:00'))).toBe(24 * HOUR);
    expect(tokyo.isOpen(at('2026-05-07T20:00:00+09:00'))).toBe(true);
    expect(tokyo.isOpen(at('2026-05-08T01:59:59.999+09:00'))).toBe(true);
    expect(tokyo.isOpen(at('2026-05-08T02:00:00+09:00'))).toBe(false);
    expectInstant(tokyo.addBusinessTime(at('2026-05-07T21:00:00+09:00'), 5 * HOUR), '2026-05-08T02:00:00+09:00');
  });

  const sundayNight = createCalendar({
    timezone: 'UTC',
    hours: { sun: ['20:00-04:00'], mon: ['04:00-08:00'] },
    holidays: ['2026-03-09', '2026-03-22'],
  });

  it('a Sunday overnight shift runs into Monday', () => {
    expectInstant(sundayNight.addBusinessTime(at('2026-03-01T19:00:00Z'), 10 * HOUR), '2026-03-02T06:00:00Z');
    expect(sundayNight.businessTimeBetween(at('2026-03-01T00:00:00Z'), at('2026-03-03T00:00:00Z'))).toBe(12 * HOUR);
    expect(sundayNight.isOpen(at('2026-03-02T03:59:59.999Z'))).toBe(true);
    expect(sundayNight.isOpen(at('2026-03-02T04:00:00Z'))).toBe(true);
    expect(sundayNight.isOpen(at('2026-03-02T08:00:00Z'))).toBe(false);
    expectInstant(sundayNight.nextOpen(at('2026-03-02T08:00:00Z')), '2026-03-08T20:00:00Z');
  });

  it('a Monday holiday keeps the Sunday night shift; a Sunday holiday keeps Monday', () => {
    expect(sundayNight.businessTimeBetween(at('2026-03-08T00:00:00Z'), at('2026-03-10T00:00:00Z'))).toBe(8 * HOUR);
    expect(sundayNight.isOpen(at('2026-03-09T03:00:00Z'))).toBe(true);
    expect(sundayNight.isOpen(at('2026-03-09T05:00:00Z'))).toBe(false);
    expectInstant(sundayNight.addBusinessTime(at('2026-03-08T20:00:00Z'), 9 * HOUR), '2026-03-15T21:00:00Z');
    expect(sundayNight.businessTimeBetween(at('2026-03-22T00:00:00Z'), at('2026-03-24T00:00:00Z'))).toBe(4 * HOUR);
    expectInstant(sundayNight.nextOpen(at('2026-03-22T00:00:00Z')), '2026-03-23T04:00:00Z');
  });

  it('intervals meeting at midnight run on across it', () => {
    const late = createCalendar({ timezone: 'UTC', hours: { fri: ['22:00-24:00'], sat: ['00:00-02:00'] } });
    expectInstant(late.addBusinessTime(at('2026-03-06T23:00:00Z'), 2 * HOUR), '2026-03-07T01:00:00Z');
    expectInstant(late.addBusinessTime(at('2026-03-06T23:00:00Z'), HOUR), '2026-03-07T00:00:00Z');
    expect(late.businessTimeBetween(at('2026-03-06T00:00:00Z'), at('2026-03-08T00:00:00Z'))).toBe(4 * HOUR);
    expect(late.isOpen(at('2026-03-07T00:00:00Z'))).toBe(true);
    expect(late.isOpen(at('2026-03-07T02:00:00Z'))).toBe(false);
  });
});

describe('24x7', () => {
  it('without holidays: real elapsed time, DST included', () => {
    const always = createCalendar({ timezone: 'America/New_York', hours: '24x7' });
    expectInstant(always.addBusinessTime(at('2026-03-07T23:00:00-05:00'), 5 * HOUR), '2026-03-08T05:00:00-04:00');
    expect(always.businessTimeBetween(at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00'))).toBe(23 * HOUR);
    expect(always.businessTimeBetween(at('2026-11-01T00:00:00-04:00'), at('2026-11-02T00:00:00-05:00'))).toBe(25 * HOUR);
    expect(always.businessTimeBetween(at('2026-11-02T00:00:00-05:00'), at('2026-11-01T00:00:00-04:00'))).toBe(0);
    expect(always.isOpen(at('2026-03-08T02:30:00-05:00'))).toBe(true);
    expectInstant(always.nextOpen(at('2026-03-08T02:30:00-05:00')), '2026-03-08T02:30:00-05:00');
    expectInstant(always.addBusinessTime(at('2026-03-08T02:30:00-05:00'), 0), '2026-03-08T02:30:00-05:00');
  });

  it('with holidays: whole and partial days close', () => {
    const always = createCalendar({
      timezone: 'America/New_York',
      hours: '24x7',
      holidays: [{ date: '2026-07-03', hours: ['00:00-12:00'] }, '2026-07-04'],
    });
    expect(always.businessTimeBetween(at('2026-07-02T00:00:00-04:00'), at('2026-07-03T00:00:00-04:00'))).toBe(24 * HOUR);
    expect(always.businessTimeBetween(at('2026-07-03T00:00:00-04:00'), at('2026-07-06T00:00:00-04:00'))).toBe(36 * HOUR);
    expectInstant(always.addBusinessTime(at('2026-07-03T11:00:00-04:00'), 2 * HOUR), '2026-07-05T01:00:00-04:00');
    expect(always.isOpen(at('2026-07-04T12:00:00-04:00'))).toBe(false);
    expectInstant(always.nextOpen(at('2026-07-03T12:00:00-04:00')), '2026-07-05T00:00:00-04:00');
  });
});

describe('adding, starting and ending (Europe/Berlin, Mon-Fri 09:00-17:00)', () => {
  const berlin = createCalendar({ timezone: 'Europe/Berlin', hours: { 'mon-fri': ['09:00-17:00'] } });

  it('adding zero returns the start, open or closed', () => {
    for (const t of ['2026-01-10T12:00:00+01:00', '2026-01-05T07:00:00+01:00', '2026-01-05T12:00:00+01:00', '2026-01-05T17:00:00+01:00']) {
      expectInstant(berlin.addBusinessTime(at(t), 0), t);
    }
  });

  it('starting outside hours waits for the opening', () => {
    expectInstant(berlin.addBusinessTime(at('2026-01-05T07:00:00+01:00'), HOUR), '2026-01-05T10:00:00+01:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-10T12:00:00+01:00'), 8 * HOUR), '2026-01-12T17:00:00+01:00');
  });

  it('starting inside hours counts from the start', () => {
    expectInstant(berlin.addBusinessTime(at('2026-01-05T12:00:00+01:00'), 90 * MINUTE), '2026-01-05T13:30:00+01:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-09T16:30:00+01:00'), HOUR), '2026-01-12T09:30:00+01:00');
  });

  it('ending exactly at a close gives the close, not the next opening', () => {
    expectInstant(berlin.addBusinessTime(at('2026-01-05T16:00:00+01:00'), HOUR), '2026-01-05T17:00:00+01:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-05T16:00:00+01:00'), HOUR + 1), '2026-01-06T09:00:00.001+01:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-05T09:00:00+01:00'), 40 * HOUR), '2026-01-09T17:00:00+01:00');
  });

  it('betweens: closed spans are 0, reversed ranges are 0', () => {
    expect(berlin.businessTimeBetween(at('2026-01-05T17:00:00+01:00'), at('2026-01-06T09:00:00+01:00'))).toBe(0);
    expect(berlin.businessTimeBetween(at('2026-01-05T12:00:00+01:00'), at('2026-01-05T10:00:00+01:00'))).toBe(0);
    expect(berlin.businessTimeBetween(at('2026-01-05T12:00:00+01:00'), at('2026-01-05T12:00:00+01:00'))).toBe(0);
    expect(berlin.businessTimeBetween(at('2026-01-05T08:00:00+01:00'), at('2026-01-05T09:00:00.001+01:00'))).toBe(1);
  });

  it('isOpen: start inclusive, end exclusive', () => {
    expect(berlin.isOpen(at('2026-01-05T08:59:59.999+01:00'))).toBe(false);
    expect(berlin.isOpen(at('2026-01-05T09:00:00+01:00'))).toBe(true);
    expect(berlin.isOpen(at('2026-01-05T16:59:59.999+01:00'))).toBe(true);
    expect(berlin.isOpen(at('2026-01-05T17:00:00+01:00'))).toBe(false);
    expect(berlin.isOpen(at('2026-01-10T12:00:00+01:00'))).toBe(false);
  });

  it('nextOpen: itself when open, else the next opening', () => {
    expectInstant(berlin.nextOpen(at('2026-01-05T09:00:00+01:00')), '2026-01-05T09:00:00+01:00');
    expectInstant(berlin.nextOpen(at('2026-01-05T12:00:00+01:00')), '2026-01-05T12:00:00+01:00');
    expectInstant(berlin.nextOpen(at('2026-01-05T08:00:00+01:00')), '2026-01-05T09:00:00+01:00');
    expectInstant(berlin.nextOpen(at('2026-01-05T08:59:59.999+01:00')), '2026-01-05T09:00:00+01:00');
    expectInstant(berlin.nextOpen(at('2026-01-05T17:00:00+01:00')), '2026-01-06T09:00:00+01:00');
    expectInstant(berlin.nextOpen(at('2026-01-09T17:00:00+01:00')), '2026-01-12T09:00:00+01:00');
  });

  it('long durations: 800 h is 20 working weeks, across the spring DST change', () => {
    // Week 20's Friday is 2026-01-09 + 133 days = 2026-05-22 (CEST).
    expectInstant(berlin.addBusinessTime(at('2026-01-05T09:00:00+01:00'), 800 * HOUR), '2026-05-22T17:00:00+02:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-03T12:00:00+01:00'), 800 * HOUR), '2026-05-22T17:00:00+02:00');
    expectInstant(berlin.addBusinessTime(at('2026-01-05T09:00:00+01:00'), 800 * HOUR + 1), '2026-05-25T09:00:00.001+02:00');
    expect(berlin.businessTimeBetween(at('2026-01-05T09:00:00+01:00'), at('2026-05-22T17:00:00+02:00'))).toBe(800 * HOUR);
  });

  it('long betweens: two years are 104 weeks of 40 h', () => {
    // 2026-01-05 (Mon) to 2028-01-03 (Mon) is 728 days.
    expect(berlin.businessTimeBetween(at('2026-01-05T00:00:00+01:00'), at('2028-01-03T00:00:00+01:00'))).toBe(4_160 * HOUR);
  });
});

describe('multi-year spans', () => {
  it('UTC weekdays: 4,160 h from 2026-01-05 ends on Friday 2027-12-31 at 17:00', () => {
    const utc = createCalendar({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-17:00'] } });
    expect(utc.businessTimeBetween(at('2026-01-05T00:00:00Z'), at('2028-01-03T00:00:00Z'))).toBe(4_160 * HOUR);
    expectInstant(utc.addBusinessTime(at('2026-01-05T09:00:00Z'), 4_160 * HOUR), '2027-12-31T17:00:00Z');
  });

  it('24x7 with a yearly holiday over two and ten years', () => {
    const utc = createCalendar({ timezone: 'UTC', hours: '24x7', holidays: [{ date: '12-25', yearly: true }] });
    // 730 days in 2026-2027, less two Christmas days.
    expect(utc.businessTimeBetween(at('2026-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z'))).toBe(728 * DAY);
    expectInstant(utc.addBusinessTime(at('2026-01-01T00:00:00Z'), 728 * DAY), '2028-01-01T00:00:00Z');

    const ny = createCalendar({ timezone: 'America/New_York', hours: '24x7', holidays: [{ date: '12-25', yearly: true }] });
    // 2026-2035: 3,652 days (leap years 2028, 2032), less ten Christmas days; every DST change is undone within the year.
    expect(ny.businessTimeBetween(at('2026-01-01T00:00:00-05:00'), at('2036-01-01T00:00:00-05:00'))).toBe(3_642 * DAY);
    expectInstant(ny.addBusinessTime(at('2026-01-01T00:00:00-05:00'), 3_642 * DAY), '2036-01-01T00:00:00-05:00');
  });
});

describe('a shift reaching past a long-range index boundary', () => {
  // The library indexes real time in blocks of 2^35 ms; one block edge is 2024-06-10T02:35:18.400Z.
  // A 24-hour shift from Saturday 2024-06-08 23:00 EDT ends Sunday 23:00 EDT (2024-06-10T03:00Z),
  // i.e. a shift two local days before the edge still reaches past it.
  const cal: BusinessCalendar = createCalendar({ timezone: 'America/New_York', hours: { sat: ['23:00-23:00'] } });

  it('counts the part after the edge', () => {
    expect(cal.businessTimeBetween(at('2024-06-09T22:00:00-04:00'), at('2024-06-10T00:00:00-04:00'))).toBe(HOUR);
    expect(cal.businessTimeBetween(at('2024-06-08T00:00:00-04:00'), at('2024-06-11T00:00:00-04:00'))).toBe(24 * HOUR);
    expect(cal.isOpen(at('2024-06-09T22:50:00-04:00'))).toBe(true);
    expectInstant(cal.addBusinessTime(at('2024-06-09T22:00:00-04:00'), HOUR), '2024-06-09T23:00:00-04:00');
    expectInstant(cal.nextOpen(at('2024-06-09T23:00:00-04:00')), '2024-06-15T23:00:00-04:00');
  });
});
