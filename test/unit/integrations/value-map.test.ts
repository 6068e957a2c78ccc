import { describe, expect, it } from 'vitest';
import { checkTimestamp } from '../../../integrations/shared/timestamp-window.js';
import { mapValue } from '../../../integrations/shared/value-map.js';

const statuses = { defaults: { new: 'open', hold: 'on_hold', solved: 'solved' } as const, field: 'detail.status', configKey: 'integrations.zendesk.statuses', canonical: ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const };

describe('mapValue', () => {
  it('maps case-insensitively, overrides first', () => {
    expect(mapValue('HOLD', statuses)).toEqual({ ok: true, value: 'on_hold' });
    expect(mapValue(' Solved ', statuses)).toEqual({ ok: true, value: 'solved' });
    expect(mapValue('hold', { ...statuses, overrides: { Hold: 'pending' } })).toEqual({ ok: true, value: 'pending' });
    expect(mapValue(4, { defaults: { '4': 'urgent' }, field: 'p', configKey: 'k', canonical: ['urgent'] })).toEqual({ ok: true, value: 'urgent' });
  });

  it('names the unknown value and the config key that maps it', () => {
    expect(mapValue('awaiting_vendor', statuses)).toEqual({
      ok: false,
      error: {
        field: 'detail.status',
        message: 'unknown value "awaiting_vendor" (known: new, hold, solved); map it in the config under integrations.zendesk.statuses, e.g. integrations.zendesk.statuses: { "awaiting_vendor": new } (one of new, open, pending, on_hold, solved, closed)',
      },
    });
  });
});

describe('checkTimestamp', () => {
  const now = Date.parse('2026-11-25T10:00:00Z');
  it('accepts within the tolerance either way and refuses beyond it', () => {
    expect(checkTimestamp(now - 299_000, now)).toEqual({ ok: true });
    expect(checkTimestamp(now + 299_000, now)).toEqual({ ok: true });
    expect(checkTimestamp(now - 301_000, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/301 s from our clock \(tolerance 300 s\)/) });
    expect(checkTimestamp(now - 301_000, now, 600)).toEqual({ ok: true });
    expect(checkTimestamp(undefined, now)).toMatchObject({ ok: false });
    expect(checkTimestamp(Number.NaN, now)).toMatchObject({ ok: false });
  });
});
