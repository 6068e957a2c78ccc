import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertKey, describeAlertAt, parseAlertAt } from '../../../src/config/index.js';

describe('parseAlertAt and alertKey', () => {
  it.each([
    ['75%', { kind: 'percent', percent: 75 }, 'percent:75'],
    ['1 %', { kind: 'percent', percent: 1 }, 'percent:1'],
    ['1000%', { kind: 'percent', percent: 1000 }, 'percent:1000'],
    ['15m before', { kind: 'before', ms: 900_000 }, 'before:900000'],
    ['15m before breach', { kind: 'before', ms: 900_000 }, 'before:900000'],
    ['PT1H30M BEFORE', { kind: 'before', ms: 5_400_000 }, 'before:5400000'],
    ['breach', { kind: 'breach' }, 'breach'],
    [' Breach ', { kind: 'breach' }, 'breach'],
    ['1h after breach', { kind: 'after', ms: 3_600_000 }, 'after:3600000'],
    ['1h  after', { kind: 'after', ms: 3_600_000 }, 'after:3600000'],
  ] as const)('%s', (text, at, key) => {
    const parsed = parseAlertAt(text);
    expect(parsed).toEqual(at);
    expect(alertKey(parsed as Exclude<typeof parsed, string>)).toBe(key);
  });

  it.each([
    ['0%', /out of range/],
    ['1001%', /out of range/],
    ['75.5%', /not an alert time/],
    ['75', /has no unit; write 75% for a share of the target, or e.g. 75m before/],
    ['15x before', /"15x" is not a duration/],
    ['2d after breach', /days are ambiguous/],
    ['0s after breach', /is the breach itself; write "breach"/],
    ['at breach', /not an alert time/],
    ['', /not an alert time/],
  ])('refuses %j', (text, message) => {
    expect(parseAlertAt(text)).toMatch(message);
  });

  it('gives the same key however the same offset is written', () => {
    fc.assert(
      fc.property(fc.nat(48), fc.nat(59), fc.nat(59), fc.boolean(), (h, m, s, before) => {
        fc.pre(h + m + s > 0);
        const word = before ? 'before' : 'after';
        const a = parseAlertAt(`${h}h${m}m${s}s ${word}`);
        const b = parseAlertAt(`PT${h}H${m}M${s}S ${word} breach`);
        expect(typeof a).not.toBe('string');
        expect(alertKey(a as Exclude<typeof a, string>)).toBe(alertKey(b as Exclude<typeof b, string>));
        expect(alertKey(a as Exclude<typeof a, string>)).toBe(`${word}:${(h * 3600 + m * 60 + s) * 1000}`);
      }),
    );
  });

  it('describes alert times for people', () => {
    expect(describeAlertAt({ kind: 'before', ms: 900_000 })).toBe('15m 00s before breach');
    expect(describeAlertAt({ kind: 'percent', percent: 75 })).toBe('75%');
  });
});
