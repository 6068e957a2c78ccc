import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { integrations } from '../../../integrations/registry.js';
import { loadConfig as load, type LoadConfigOptions } from '../../../src/config/index.js';

const SECRETS = { GENERIC_WEBHOOK_SECRET: 'a-real-secret' };
// Checked with the service's own integration schemas: what loads here also starts the service.
const integrationSchemas = new Map([...integrations].map(([name, i]) => [name, i.configSchema as ZodType]));
const loadConfig = (file: string, options: LoadConfigOptions) => load(file, { ...options, integrationSchemas });
const at = (iso: string) => Date.parse(iso);

describe('config/sla.yaml (the sample npm start uses)', () => {
  const config = loadConfig('config/sla.yaml', { env: {} });

  it('compiles calendars, severities and policies in order', () => {
    const { rules } = config;
    expect(rules.version).toBeNull();
    expect([...rules.calendars.keys()]).toEqual(['always', 'emea']);
    expect(rules.calendars.get('emea')?.zone).toBe('Europe/Berlin');
    expect(rules.severities.map((s) => [s.id, s.name, s.isDefault])).toEqual([
      ['sev1', 'Critical', false],
      ['sev2', 'High', false],
      ['sev3', 'Normal', true],
    ]);
    expect(rules.severities[0]!.from.priority).toEqual(['urgent', '4', 'Highest', '1']);
    expect(rules.policies.map((p) => p.id)).toEqual(['enterprise', 'standard']);
  });

  it('compiles targets in ms on the severity calendar or the policy calendar', () => {
    const [enterprise, standard] = config.rules.policies;
    expect(enterprise!.match).toEqual({ tagsAny: ['enterprise'] });
    expect(enterprise!.pauseOn).toEqual(['pending']);
    expect(enterprise!.onReopen).toBe('resume');
    expect(enterprise!.targets['sev1']).toEqual({
      first_response: { targetMs: 900_000, calendarId: 'always' },
      next_response: { targetMs: 1_800_000, calendarId: 'always' },
      resolution: { targetMs: 14_400_000, calendarId: 'always' },
    });
    expect(enterprise!.targets['sev2']?.resolution).toEqual({ targetMs: 28_800_000, calendarId: 'emea' });
    expect(enterprise!.alerts.map((a) => a.key)).toEqual(['percent:75', 'before:600000', 'breach', 'after:3600000']);
    expect(enterprise!.alerts[1]).toEqual({ key: 'before:600000', at: { kind: 'before', ms: 600_000 }, notify: [{ slack: '#support-leads', mention: ['<!subteam^S0123>'] }] });
    // The catch-all covers every severity, so no ticket is left without timers.
    expect(Object.keys(standard!.targets)).toEqual(['sev1', 'sev2', 'sev3']);
    expect(standard!.match).toEqual({});
  });

  it('builds working calendars (holidays included)', () => {
    const emea = config.rules.calendars.get('emea')!.calendar;
    expect(emea.isOpen(at('2026-11-23T09:00:00Z'))).toBe(true); // Monday 10:00 in Berlin
    expect(emea.isOpen(at('2026-11-23T11:45:00Z'))).toBe(false); // lunch
    expect(emea.isOpen(at('2026-12-25T10:00:00Z'))).toBe(false); // holiday
    expect(emea.isOpen(at('2026-12-24T10:00:00Z'))).toBe(true); // partial day, morning
    expect(emea.isOpen(at('2026-12-24T12:00:00Z'))).toBe(false); // partial day, afternoon
  });

  it('uses the dev-only secret with a warning, and the environment when set', () => {
    expect(config.integrations).toEqual({ generic: { secret: 'dev-only-secret' } });
    expect(config.warnings).toEqual([expect.stringMatching(/^config\/sla\.yaml:\d+: integrations\.generic\.secret: .*set GENERIC_WEBHOOK_SECRET in production/)]);
    const prod = loadConfig('config/sla.yaml', { env: SECRETS });
    expect(prod.integrations).toEqual({ generic: { secret: 'a-real-secret' } });
    expect(prod.warnings).toEqual([]);
  });
});

describe('config/examples', () => {
  const files = readdirSync('config/examples').filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s loads without errors or warnings', (file) => {
    const config = loadConfig(join('config/examples', file), { env: SECRETS });
    expect(config.warnings).toEqual([]);
    expect(config.rules.policies.length).toBeGreaterThan(0);
  });

  it('msp-24x7: one 24x7 calendar, P1–P4 from several tools, tight targets', () => {
    const { rules } = loadConfig('config/examples/msp-24x7.yaml', { env: SECRETS });
    expect(rules.version).toBe('msp-2026.1');
    expect([...rules.calendars.keys()]).toEqual(['always']);
    expect(rules.severities.map((s) => s.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(rules.severities[0]!.from.priority).toContain('4'); // unquoted YAML number, as text
    expect(rules.severities[0]!.from.priority).toContain('1 - Critical');
    expect(rules.severities[1]!.from.fields).toEqual({ impact: ['many-users'] });
    const [major, managed] = rules.policies;
    expect(major!.match).toEqual({ tagsAny: ['major-incident'], severity: ['p1'] });
    expect(major!.targets['p1']?.periodic_update).toEqual({ targetMs: 1_800_000, calendarId: 'always' });
    expect(managed!.pauseOn).toEqual(['pending', 'on_hold']);
    expect(managed!.onReopen).toBe('restart');
    expect(managed!.targets['p1']?.periodic_update?.targetMs).toBe(3_600_000);
    expect(managed!.targets['p4']?.resolution?.targetMs).toBe(72 * 3_600_000);
    expect(managed!.alerts.map((a) => a.key)).toEqual(['percent:75', 'before:600000', 'before:300000', 'breach', 'after:3600000']);
    expect(managed!.alerts[1]!.severities).toEqual(['p1', 'p2']);
    expect(managed!.alerts[2]!.metrics).toEqual(['periodic_update']);
    expect(managed!.alerts[2]!.notify).toEqual([{ slack: 'C0NOCSHIFT', mention: [] }]);
  });

  it('emea-tiered: Berlin and London hours with holidays, 24x7 for enterprise sev1', () => {
    const { rules } = loadConfig('config/examples/emea-tiered.yaml', { env: SECRETS });
    expect(rules.version).toBe('2026-11');
    expect([...rules.calendars.keys()]).toEqual(['berlin', 'london', 'always']);
    expect(rules.policies.map((p) => p.id)).toEqual(['enterprise-uk', 'enterprise', 'premium', 'standard-uk', 'standard']);
    const byId = new Map(rules.policies.map((p) => [p.id, p]));
    const enterprise = byId.get('enterprise')!;
    expect(enterprise.match).toEqual({ fields: { support_tier: ['enterprise'] } });
    expect(enterprise.targets['sev1']?.first_response).toEqual({ targetMs: 1_800_000, calendarId: 'always' });
    expect(enterprise.targets['sev2']?.first_response).toEqual({ targetMs: 3_600_000, calendarId: 'berlin' });
    expect(byId.get('enterprise-uk')!.targets['sev2']?.first_response?.calendarId).toBe('london');
    expect(byId.get('enterprise-uk')!.match).toEqual({ fields: { support_tier: ['enterprise'] }, tagsAny: ['region-uk'] });
    expect(byId.get('premium')!.match.organization).toEqual(['Globex GmbH', 'Initech Ltd', 'Umbrella plc']);
    expect(byId.get('standard-uk')!.alerts).toEqual([{ key: 'breach', at: { kind: 'breach' }, notify: [{ slack: '#emea-support', mention: [] }], metrics: ['first_response'] }]);
    const berlin = rules.calendars.get('berlin')!.calendar;
    const london = rules.calendars.get('london')!.calendar;
    expect(berlin.isOpen(at('2026-12-24T09:00:00Z'))).toBe(true); // 10:00 Berlin, partial day
    expect(berlin.isOpen(at('2026-12-24T12:00:00Z'))).toBe(false); // 13:00 Berlin
    expect(berlin.isOpen(at('2027-10-04T08:00:00Z'))).toBe(true); // a Monday
    expect(berlin.isOpen(at('2026-05-14T08:00:00Z'))).toBe(false); // Ascension
    expect(london.isOpen(at('2026-12-28T10:00:00Z'))).toBe(false); // Boxing Day substitute
    expect(london.isOpen(at('2026-11-28T10:00:00Z'))).toBe(true); // Saturday desk
  });
});
