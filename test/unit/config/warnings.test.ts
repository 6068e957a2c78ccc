import { describe, expect, it } from 'vitest';
import { load, yamlWith } from './config-fixtures.js';

/** Warnings without the `test.yaml:LINE: ` prefix. */
const warningsOf = (text: string) => load(text).warnings.map((w) => w.replace(/^test\.yaml:\d+: /, ''));

describe('warnings: legal, but probably not meant', () => {
  it('the base config has none', () => {
    expect(warningsOf(yamlWith(() => undefined))).toEqual([]);
  });

  it('a policy without targets for some severity', () => {
    const text = yamlWith((c) => delete c['policies'][0].targets.sev1);
    expect(warningsOf(text)).toEqual(['policies[0].targets: policy "main" has no targets for sev1: tickets of that severity under it get no timers']);
    expect(load(text).warnings[0]).toMatch(/^test\.yaml:\d+: /);
  });

  it('… unless its match limits it to the severities it has targets for', () => {
    const text = yamlWith((c) => {
      c['policies'].unshift({ id: 'urgent-only', match: { severity: 'sev1' }, calendar: 'always', targets: { sev1: { resolution: '4h' } } });
    });
    expect(warningsOf(text)).toEqual([]);
  });

  it('a policy after a catch-all never applies', () => {
    const text = yamlWith((c) => c['policies'].push({ id: 'vip', match: { tags_any: ['vip'] }, calendar: 'always', targets: { sev1: { resolution: '1h' }, sev2: { resolution: '2h' } } }));
    expect(warningsOf(text)).toEqual(['policies[1]: policy "vip" comes after policy "main", which matches every ticket, so it never applies; move it above "main" or give "main" a match']);
  });

  it('no policy matches every ticket', () => {
    const text = yamlWith((c) => (c['policies'][0].match = { tags_any: 'vip' }));
    expect(warningsOf(text)).toEqual([expect.stringMatching(/^policies: no policy matches every ticket: a ticket that matches none gets no timers/)]);
  });

  it('a severity no ticket can get', () => {
    const text = yamlWith((c) => c['severities'].splice(1, 0, { id: 'orphan' }));
    expect(warningsOf(text)).toContain('severities[1]: severity "orphan" has no from and is not the default, so no ticket ever gets it; add from: { priority: [...] }');
  });

  it('a "before" alert longer than a target it applies to', () => {
    const text = yamlWith((c) => {
      c['policies'][0].alerts = [
        { at: '2h before', notify: [{ slack: '#a' }] },
        { at: '3h before', metrics: ['resolution'], notify: [{ slack: '#a' }] }, // no resolution targets: silent
      ];
    });
    expect(warningsOf(text)).toEqual([
      'policies[0].alerts[0]: "2h 00m before breach" is not shorter than the target of sev1.first_response in policy "main", so it never fires for those timers (it would fire as they start); use a percentage (e.g. 75%) or narrow it with metrics/severities',
    ]);
  });
});
