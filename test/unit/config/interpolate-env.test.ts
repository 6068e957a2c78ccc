import { describe, expect, it } from 'vitest';
import { interpolateEnv } from '../../../src/config/index.js';
import { issueAt, issuesOf, load, yamlWith } from './config-fixtures.js';

describe('interpolateEnv', () => {
  it('replaces ${NAME} and ${NAME:-default} in string values, keeping other values and keys', () => {
    const data = { a: '${A}', b: ['x-${B:-fallback}-y', 3, true, null], '${KEY}': { c: 'plain' } };
    const out = interpolateEnv(data, { A: 'alpha' });
    expect(out.issues).toEqual([]);
    expect(out.data).toEqual({ a: 'alpha', b: ['x-fallback-y', 3, true, null], '${KEY}': { c: 'plain' } });
    expect(out.defaults).toEqual([{ path: ['b', 0], variable: 'B', setInEnv: false }]);
    expect(data.a).toBe('${A}'); // the input is not changed
  });

  it('uses the environment over the default, and an empty variable counts as unset', () => {
    expect(interpolateEnv('${A:-d}', { A: 'set' }).data).toBe('set');
    expect(interpolateEnv('${A:-d}', { A: '' }).data).toBe('d');
    expect(interpolateEnv('${A:-}', {}).data).toBe('');
    expect(interpolateEnv('${A:-a:-b}', {}).data).toBe('a:-b');
    expect(interpolateEnv('${A}${B}', { A: '1', B: '2' }).data).toBe('12');
  });

  it('writes $${ as a literal ${', () => {
    expect(interpolateEnv('cost: $${PRICE}', {})).toEqual({ data: 'cost: ${PRICE}', issues: [], defaults: [] });
  });

  it('names the path and the variable when a variable is missing or a reference is malformed', () => {
    const out = interpolateEnv({ x: [{ secret: '${NOPE}' }], y: '${not valid}', z: 'a ${OPEN' }, {});
    expect(out.issues).toEqual([
      { path: ['x', 0, 'secret'], message: 'environment variable NOPE is not set (or empty); set NOPE, or write ${NOPE:-default} to give a default' },
      { path: ['y'], message: expect.stringMatching(/^"\$\{not valid\}" is not an environment reference; write \$\{NAME\} or \$\{NAME:-default\}/) },
      { path: ['z'], message: expect.stringMatching(/^"\$\{" is not closed/) },
    ]);
  });

  it('records a value set to the same text as its default', () => {
    expect(interpolateEnv('${S:-dev}', { S: 'dev' }).defaults).toEqual([{ path: [], variable: 'S', setInEnv: true }]);
  });
});

describe('loadConfig with ${ENV} references', () => {
  const withSecret = (secret: string) => yamlWith((c) => (c['integrations'] = { generic: { secret } }));

  it('interpolates after parsing, so a value can hold YAML syntax', () => {
    const config = load(withSecret('${S}'), { env: { S: 'a: b # [not yaml] {' } });
    expect(config.integrations).toEqual({ generic: { secret: 'a: b # [not yaml] {' } });
  });

  it('reports a missing variable at its path and line, with the variable name', () => {
    const issue = issueAt(issuesOf(withSecret('${GENERIC_WEBHOOK_SECRET}')), 'integrations.generic.secret');
    expect(issue.message).toMatch(/^environment variable GENERIC_WEBHOOK_SECRET is not set/);
    expect(issue.line).toEqual(expect.any(Number));
  });

  it('interpolates anywhere, and the result is validated like written text', () => {
    const text = yamlWith((c) => (c['calendars'].office.timezone = '${TZ_NAME:-Europe/Berlin}'));
    expect(load(text).rules.calendars.get('office')?.zone).toBe('Europe/Berlin');
    expect(load(text, { env: { TZ_NAME: 'Europe/London' } }).rules.calendars.get('office')?.zone).toBe('Europe/London');
    expect(issueAt(issuesOf(text, { env: { TZ_NAME: 'Mars/Base' } }), 'calendars.office.timezone').message).toMatch(/"Mars\/Base" is not an IANA time zone/);
  });

  it('warns when a secret falls back to (or equals) the default written in the file', () => {
    expect(load(withSecret('${SECRET_X:-dev-secret}')).warnings).toEqual([
      expect.stringMatching(/^test\.yaml:\d+: integrations\.generic\.secret: SECRET_X is not set, so the default written in the config is used; set SECRET_X in production$/),
    ]);
    expect(load(withSecret('${SECRET_X:-dev-secret}'), { env: { SECRET_X: 'dev-secret' } }).warnings).toEqual([
      expect.stringMatching(/SECRET_X is set to the default written in the config.*set SECRET_X to a real secret in production/),
    ]);
    expect(load(withSecret('${SECRET_X:-dev-secret}'), { env: { SECRET_X: 'real' } }).warnings).toEqual([]);
    // Not a secret: a default is just a default.
    expect(load(yamlWith((c) => (c['integrations'] = { generic: { subdomain: '${SUB:-acme}' } }))).warnings).toEqual([]);
  });
});
