import { describe, expect, it } from 'vitest';
import { instantFromEpoch, parseIsoInstant } from '../../../integrations/shared/instant.js';

describe('parseIsoInstant', () => {
  it.each([
    ['2026-11-24T09:00:00Z', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T09:00:00z', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24t09:00Z', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24 09:00:00Z', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T09:00:00.5Z', Date.UTC(2026, 10, 24, 9, 0, 0, 500)],
    ['2026-11-24T09:00:00.123456789Z', Date.UTC(2026, 10, 24, 9, 0, 0, 123)],
    ['2026-11-24T09:00:00,25Z', Date.UTC(2026, 10, 24, 9, 0, 0, 250)],
    ['2026-11-24T10:00:00+01:00', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T10:00:00+0100', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T10:00:00+01', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T03:30:00-05:30', Date.UTC(2026, 10, 24, 9)],
    ['2026-11-24T00:30:00+01:00', Date.UTC(2026, 10, 23, 23, 30)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['0099-01-01T00:00:00Z', -59042995200000],
    [' 2026-11-24T09:00:00Z ', Date.UTC(2026, 10, 24, 9)],
  ])('parses %s', (text, ms) => {
    expect(parseIsoInstant(text)).toBe(ms);
  });

  it.each([
    '2026-11-24T09:00:00',
    '2026-11-24',
    '2026-11-24T09Z',
    '2026-13-01T00:00:00Z',
    '2026-00-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-24T24:00:00Z',
    '2026-11-24T09:60:00Z',
    '2026-11-24T09:00:60Z',
    '2026-11-24T09:00:00+24:00',
    '2026-11-24T09:00:00+01:60',
    '26-11-24T09:00:00Z',
    'Tue, 24 Nov 2026 09:00:00 GMT',
    '1795510800',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsoInstant(text)).toBeUndefined();
  });
});

describe('instantFromEpoch', () => {
  it('reads seconds and milliseconds', () => {
    expect(instantFromEpoch(1_795_510_800, 's')).toBe(1_795_510_800_000);
    expect(instantFromEpoch(1_795_510_800_123, 'ms')).toBe(1_795_510_800_123);
    expect(instantFromEpoch(1.5, 's')).toBe(1500);
  });

  it('refuses what no Date can hold', () => {
    expect(instantFromEpoch(Number.NaN, 'ms')).toBeUndefined();
    expect(instantFromEpoch(Infinity, 's')).toBeUndefined();
    expect(instantFromEpoch(9e15, 'ms')).toBeUndefined();
  });
});
