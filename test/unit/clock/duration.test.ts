/**
 * Durations as written in the config and shown on countdowns.
 */
import { describe, expect, it } from 'vitest';
import { DurationError, formatDuration, parseDuration } from '../../../src/clock/index.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('parseDuration', () => {
  it.each([
    ['90s', 90 * SECOND],
    ['15m', 15 * MINUTE],
    ['4h', 4 * HOUR],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1h 05m', HOUR + 5 * MINUTE],
    ['5m 09s', 5 * MINUTE + 9 * SECOND],
    ['2h 3m 4s', 2 * HOUR + 3 * MINUTE + 4 * SECOND],
    ['  45m ', 45 * MINUTE],
    ['0s', 0],
    ['PT1H30M', HOUR + 30 * MINUTE],
    ['pt15m', 15 * MINUTE],
    ['PT24H', 24 * HOUR],
    ['PT90S', 90 * SECOND],
    ['PT1.5H', HOUR + 30 * MINUTE],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '   ', 'abc', '1d', 'P1D', 'P1W', '-5m', '5', 'PT', '1h30', '15 minutes', 'h'])('rejects %j, naming the text', (text) => {
    let thrown: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DurationError);
    const err = thrown as DurationError;
    expect(err.name).toBe('DurationError');
    expect(err.code).toBe('sla_duration_invalid');
    expect(err.text).toBe(text);
    expect(err.message).toContain(`"${text}" is not a duration`);
    expect(err.message).toContain('1h30m');
  });

  it('explains that days are refused', () => {
    expect(() => parseDuration('1d')).toThrow(/"1d" is not a duration \(days are ambiguous in business time; give hours, e\.g\. 24h\)/);
    expect(() => parseDuration('P1D')).toThrow(/"P1D" is not a duration \(days, weeks, months and years are ambiguous.*PT24H\)/);
  });

  it('reads back what formatDuration writes', () => {
    for (const ms of [0, 9 * SECOND, 59 * SECOND, 5 * MINUTE + 9 * SECOND, 59 * MINUTE + 59 * SECOND, HOUR, HOUR + 5 * MINUTE, 10 * HOUR, 123 * HOUR + 45 * MINUTE]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
    expect(formatDuration(parseDuration('1h 05m'))).toBe('1h 05m');
    expect(formatDuration(parseDuration('5m 09s'))).toBe('5m 09s');
  });
});

describe('formatDuration', () => {
  it.each([
    [HOUR + 5 * MINUTE, '1h 05m'],
    [5 * MINUTE + 9 * SECOND, '5m 09s'],
    [9 * SECOND, '9s'],
    [0, '0s'],
    [10 * HOUR, '10h 00m'],
    [26 * HOUR + 30 * MINUTE, '26h 30m'],
    [MINUTE, '1m 00s'],
    [-(5 * MINUTE + 9 * SECOND), '-5m 09s'],
    [-(HOUR + 5 * MINUTE), '-1h 05m'],
    [-9 * SECOND, '-9s'],
  ])('writes %i ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('truncates toward zero', () => {
    expect(formatDuration(59_999)).toBe('59s');
    expect(formatDuration(HOUR + 59 * SECOND)).toBe('1h 00m');
    expect(formatDuration(2 * HOUR - 1)).toBe('1h 59m');
    expect(formatDuration(999)).toBe('0s');
    expect(formatDuration(-999)).toBe('0s');
    expect(formatDuration(-59_999)).toBe('-59s');
  });
});
