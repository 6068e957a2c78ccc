import { describe, expect, it } from 'vitest';
import { formatPath, parsePath } from '../../../src/config/config-path.js';
import { ConfigError, formatConfigIssue } from '../../../src/config/index.js';

describe('config paths', () => {
  it('formats segments the way people write them', () => {
    expect(formatPath(['policies', 1, 'targets', 'sev2', 'first_response'])).toBe('policies[1].targets.sev2.first_response');
    expect(formatPath(['calendars', 'emea', 'hours', 'sat,sun'])).toBe('calendars.emea.hours.sat,sun');
    expect(formatPath(['policies', 0, 'match', 'fields', 'Customer tier'])).toBe('policies[0].match.fields["Customer tier"]');
    expect(formatPath([])).toBe('');
  });

  it('reads them back (the clock reports calendar paths as text)', () => {
    for (const path of [['hours', 'mon-fri'], ['holidays', 1, 'date'], ['fields', 'a.b "c"'], []]) {
      expect(parsePath(formatPath(path))).toEqual(path);
    }
  });
});

describe('ConfigError', () => {
  it('has the code, the file and a message with one problem per line', () => {
    const err = new ConfigError('config/sla.yaml', [
      { path: 'policies[1].targets.sev2.first_response', message: '"4x" is not a duration', line: 23 },
      { path: '', message: 'cannot read the config file' },
    ]);
    expect(err.code).toBe('sla_config_invalid');
    expect(err.name).toBe('ConfigError');
    expect(err.message).toBe('config/sla.yaml has 2 problems:\nconfig/sla.yaml:23: policies[1].targets.sev2.first_response: "4x" is not a duration\nconfig/sla.yaml: cannot read the config file');
    expect(formatConfigIssue('f.yaml', { path: 'a', message: 'm' })).toBe('f.yaml: a: m');
  });
});
