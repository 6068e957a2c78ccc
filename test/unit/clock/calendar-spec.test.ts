/**
 * Validation of calendar specs: every problem is reported as a `CalendarSpecError` issue that
 * names the field path and says what would be valid.
 */
import { describe, expect, it } from 'vitest';
import { CalendarSpecError, createCalendar } from '../../../src/clock/index.js';
import type { CalendarIssue, CalendarSpec } from '../../../src/clock/index.js';

/** The issues thrown for a spec (which may be deliberately ill-typed). */
function issuesOf(spec: unknown): CalendarIssue[] {
  let thrown: unknown;
  try {
    createCalendar(spec as CalendarSpec);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CalendarSpecError);
  return (thrown as CalendarSpecError).issues;
}

const issue = (path: string, ...parts: string[]) => ({
  path,
  message: expect.stringMatching(new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*'))),
});

const WEEKDAYS = { 'mon-fri': ['09:00-17:00'] };

describe('CalendarSpecError', () => {
  it('is an Error with a code and a message listing every issue', () => {
    let thrown: unknown;
    try {
      createCalendar({ timezone: 'Mars/Olympus', hours: {} });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    const err = thrown as CalendarSpecError;
    expect(err.name).toBe('CalendarSpecError');
    expect(err.code).toBe('sla_calendar_invalid');
    expect(err.message).toMatch(/^invalid calendar: /);
    expect(err.message).toContain('timezone: "Mars/Olympus" is not an IANA time zone');
    expect(err.message).toContain('hours: no open time in the week');
  });

  it('rejects a spec that is not an object', () => {
    expect(issuesOf(null)).toEqual([issue('', 'must be an object with timezone and hours')]);
    expect(issuesOf('24x7')).toEqual([issue('', 'must be an object')]);
  });
});

describe('timezone', () => {
  it('names a bad zone and suggests real ones', () => {
    expect(issuesOf({ timezone: 'Mars/Olympus', hours: WEEKDAYS })).toEqual([
      issue('timezone', '"Mars/Olympus" is not an IANA time zone', 'Europe/Berlin'),
    ]);
    expect(issuesOf({ timezone: 'GMT+25', hours: WEEKDAYS })).toEqual([issue('timezone', '"GMT+25" is not an IANA time zone')]);
  });

  it('requires a zone', () => {
    expect(issuesOf({ hours: WEEKDAYS })).toEqual([issue('timezone', 'required', 'IANA time zone')]);
    expect(issuesOf({ timezone: '', hours: WEEKDAYS })).toEqual([issue('timezone', 'required')]);
  });
});

describe('hours', () => {
  it('names interval text that is not HH:MM-HH:MM', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-fri': ['9-17'], sat: ['10:00-14:00'] } })).toEqual([
      issue('hours.mon-fri[0]', '"9-17" is not an interval', 'HH:MM-HH:MM'),
    ]);
    expect(issuesOf({ timezone: 'UTC', hours: { mon: ['09:00-17:00', 930] } })).toEqual([issue('hours.mon[1]', 'expected an interval string', 'HH:MM-HH:MM')]);
  });

  it('names impossible times', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { mon: ['25:00-26:00'], tue: ['09:00-17:00'] } })).toEqual([
      issue('hours.mon[0]', '"25:00-26:00" has an impossible time', 'HH:MM-HH:MM', '24:00 is allowed'),
    ]);
    expect(issuesOf({ timezone: 'UTC', hours: { mon: ['09:00-24:30', '12:60-13:00', '24:00-02:00'] } }).map((i) => i.path)).toEqual([
      'hours.mon[0]',
      'hours.mon[1]',
      'hours.mon[2]',
      'hours',
    ]);
  });

  it('names overlapping intervals within a day', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-12:00', '11:00-13:00'] } })).toEqual([
      issue('hours.mon-fri', 'intervals 09:00-12:00 and 11:00-13:00 overlap', 'disjoint or merge'),
    ]);
    // An overnight shift overlapping a later one on the same day.
    expect(issuesOf({ timezone: 'UTC', hours: { mon: ['20:00-10:00', '21:00-22:00'] } })).toEqual([
      issue('hours.mon', 'intervals 20:00-10:00 and 21:00-22:00 overlap'),
    ]);
  });

  it("names an overnight shift that runs into the next day's shift", () => {
    expect(issuesOf({ timezone: 'UTC', hours: { fri: ['22:00-06:00'], sat: ['05:00-10:00'] } })).toEqual([
      issue('hours.fri', 'the overnight shift 22:00-06:00 on fri overlaps 05:00-10:00 on sat', 'end the shift earlier or start the next day later'),
    ]);
  });

  it('checks Sunday overnight shifts against Monday', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-17:00'], sun: ['20:00-10:00'] } })).toEqual([
      issue('hours.sun', 'the overnight shift 20:00-10:00 on sun overlaps 09:00-17:00 on mon'),
    ]);
    // Every day of a range overlaps the next: seven issues, all on the range's key.
    const all = issuesOf({ timezone: 'UTC', hours: { 'mon-sun': ['05:00-08:00', '22:00-06:00'] } });
    expect(all).toHaveLength(7);
    expect(new Set(all.map((i) => i.path))).toEqual(new Set(['hours.mon-sun']));
    expect(all.map((i) => i.message).join('\n')).toContain('on sun overlaps 05:00-08:00 on mon');
  });

  it('accepts shifts that only touch, 24:00 ends, and overnight shifts', () => {
    expect(() => createCalendar({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-12:00', '12:00-17:00'], sun: ['20:00-09:00'] } })).not.toThrow();
    expect(() => createCalendar({ timezone: 'UTC', hours: { 'sat,sun': ['18:00-24:00'], fri: ['22:00-00:00'] } })).not.toThrow();
    // A wrapping range of 24-hour shifts: each ends exactly when the next day's starts.
    expect(() => createCalendar({ timezone: 'UTC', hours: { 'fri-mon': ['10:00-10:00'] } })).not.toThrow();
  });

  it('names an unknown day key and says how to write one', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { funday: ['10:00-11:00'], mon: ['09:00-17:00'] } })).toEqual([
      issue('hours.funday', 'unknown day key "funday"', 'mon…sun', 'mon-fri', 'sat,sun'),
    ]);
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-': ['10:00-11:00'], 'tue,xyz': ['10:00-11:00'], wed: ['09:00-17:00'] } }).map((i) => i.path)).toEqual([
      'hours.mon-',
      'hours.tue,xyz',
    ]);
  });

  it('names a day given twice', () => {
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-17:00'], wed: ['10:00-12:00'] } })).toEqual([
      issue('hours.wed', 'wed is already given by "mon-fri"', 'give each day once'),
    ]);
    expect(issuesOf({ timezone: 'UTC', hours: { 'sat,sun': ['10:00-12:00'], 'fri-sat': ['09:00-17:00'] } })).toEqual([
      issue('hours.fri-sat', 'sat is already given by "sat,sun"'),
    ]);
  });

  it('names empty or missing hours', () => {
    const noTime = issue('hours', 'no open time in the week', '24x7');
    expect(issuesOf({ timezone: 'UTC', hours: {} })).toEqual([noTime]);
    expect(issuesOf({ timezone: 'UTC', hours: { 'mon-sun': [] } })).toEqual([noTime]);
    expect(issuesOf({ timezone: 'UTC' })).toEqual([issue('hours', 'required', '"24x7"', 'mon-fri')]);
    expect(issuesOf({ timezone: 'UTC', hours: '9-5' })).toEqual([issue('hours', 'required', '"24x7"')]);
    expect(issuesOf({ timezone: 'UTC', hours: { mon: '09:00-17:00', tue: ['09:00-17:00'] } })).toEqual([issue('hours.mon', 'must be a list of intervals')]);
  });
});

describe('holidays', () => {
  const base = { timezone: 'UTC', hours: WEEKDAYS };

  it('names dates that are not dates', () => {
    expect(issuesOf({ ...base, holidays: ['2026/12/25'] })).toEqual([issue('holidays[0].date', '"2026/12/25" is not a date', 'YYYY-MM-DD')]);
    expect(issuesOf({ ...base, holidays: ['christmas'] })).toEqual([issue('holidays[0].date', '"christmas" is not a date')]);
    expect(issuesOf({ ...base, holidays: [{ hours: ['09:00-12:00'] }] })).toEqual([issue('holidays[0].date', 'required', 'YYYY-MM-DD')]);
  });

  it('names MM-DD without yearly', () => {
    expect(issuesOf({ ...base, holidays: ['12-25'] })).toEqual([issue('holidays[0].date', '"12-25" has no year', 'yearly: true')]);
    expect(issuesOf({ ...base, holidays: [{ date: '12-25', yearly: false }] })).toEqual([issue('holidays[0].date', 'has no year')]);
  });

  it('names dates that do not exist', () => {
    expect(issuesOf({ ...base, holidays: ['2026-02-30'] })).toEqual([issue('holidays[0].date', '"2026-02-30" is not a real date')]);
    expect(issuesOf({ ...base, holidays: ['2026-02-29'] })).toEqual([issue('holidays[0].date', 'is not a real date')]);
    expect(issuesOf({ ...base, holidays: [{ date: '2026-02-29', yearly: true }] })).toEqual([issue('holidays[0].date', 'is not a real date')]);
    expect(issuesOf({ ...base, holidays: [{ date: '13-01', yearly: true }] })).toEqual([issue('holidays[0].date', 'is not a real date', 'MM-DD')]);
    expect(() => createCalendar({ ...base, holidays: ['2028-02-29', { date: '02-29', yearly: true, name: 'leap day' }] })).not.toThrow();
  });

  it('names a holiday given twice', () => {
    expect(issuesOf({ ...base, holidays: ['2026-12-25', { date: '2026-12-25', hours: ['09:00-12:00'] }] })).toEqual([
      issue('holidays[1].date', '"2026-12-25" is already given by holidays[0]', 'give each holiday once'),
    ]);
    expect(issuesOf({ ...base, holidays: [{ date: '12-25', yearly: true }, '2026-12-24', { date: '2027-12-25', yearly: true }] })).toEqual([
      issue('holidays[2].date', '"2027-12-25" is already given by holidays[0]'),
    ]);
  });

  it('names bad partial-day hours and bad fields', () => {
    expect(issuesOf({ ...base, holidays: [{ date: '2026-12-24', hours: ['9-12'] }] })).toEqual([issue('holidays[0].hours[0]', '"9-12" is not an interval')]);
    expect(issuesOf({ ...base, holidays: [{ date: '2026-12-24', hours: ['09:00-12:00', '11:00-13:00'] }] })).toEqual([
      issue('holidays[0].hours', 'intervals 09:00-12:00 and 11:00-13:00 overlap'),
    ]);
    expect(issuesOf({ ...base, holidays: [{ date: '2026-12-24', yearly: 'yes' }] })).toEqual([issue('holidays[0].yearly', 'must be true or false')]);
    expect(issuesOf({ ...base, holidays: [{ date: '2026-12-24', name: 7 }] })).toEqual([issue('holidays[0].name', 'must be text')]);
    expect(issuesOf({ ...base, holidays: [42] })).toEqual([issue('holidays[0]', 'must be a date such as "2026-12-25"')]);
    expect(issuesOf({ ...base, holidays: '2026-12-25' })).toEqual([issue('holidays', 'must be a list')]);
  });
});

describe('unknown keys', () => {
  it('names unknown keys of the calendar and of a holiday, with the keys allowed', () => {
    expect(issuesOf({ timezone: 'UTC', hours: '24x7', holiday: [] })).toEqual([issue('holiday', 'unknown key', 'timezone, hours, holidays')]);
    expect(issuesOf({ timezone: 'UTC', hours: '24x7', holidays: [{ date: '2026-12-25', closed: true }] })).toEqual([
      issue('holidays[0].closed', 'unknown key', 'date, hours, yearly, name'),
    ]);
  });
});

describe('several problems at once', () => {
  it('reports every problem in one error', () => {
    const issues = issuesOf({
      timezone: 'Nowhere/City',
      hours: { 'mon-fri': ['9-17'], funday: ['10:00-11:00'] },
      holidays: ['2026-02-30', '12-25', { date: '2026-12-24', hours: ['25:00-26:00'] }],
      extra: 1,
    });
    expect(issues.map((i) => i.path).sort()).toEqual(
      ['extra', 'timezone', 'hours.mon-fri[0]', 'hours.funday', 'hours', 'holidays[0].date', 'holidays[1].date', 'holidays[2].hours[0]'].sort(),
    );
    for (const i of issues) expect(i.message.length).toBeGreaterThan(10);
  });
});
