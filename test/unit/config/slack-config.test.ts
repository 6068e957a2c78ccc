/**
 * The config of issue 6's Slack actions: alert `repeat` and `critical`, a Slack route's
 * `quiet_hours`, and the top-level `slack.signing_secret`; every problem names the file, the
 * path and the fix.
 */
import { describe, expect, it } from 'vitest';
import { summarizeConfig } from '../../../src/config/index.js';
import { configError, issueAt, issuesOf, load, yamlWith } from './config-fixtures.js';

const withAlerts = (alerts: unknown[]) => yamlWith((c) => (c['policies'][0].alerts = alerts));

describe('alert repeat and critical', () => {
  it('compiles repeat on breach and after-breach alerts, and critical as written', () => {
    const rules = load(
      withAlerts([
        { at: 'breach', notify: [{ slack: '#managers' }], repeat: { every: '30m', times: 3 } },
        { at: '1h after breach', notify: [{ slack: '#directors' }], repeat: { every: 'PT2H', times: 1 }, critical: false },
        { at: '75%', notify: [{ slack: '#leads' }], critical: true },
      ]),
    ).rules;
    expect(rules.policies[0]!.alerts).toEqual([
      { key: 'breach', at: { kind: 'breach' }, notify: [{ slack: '#managers', mention: [] }], repeat: { everyMs: 1_800_000, times: 3 } },
      { key: 'after:3600000', at: { kind: 'after', ms: 3_600_000 }, notify: [{ slack: '#directors', mention: [] }], repeat: { everyMs: 7_200_000, times: 1 }, critical: false },
      { key: 'percent:75', at: { kind: 'percent', percent: 75 }, notify: [{ slack: '#leads', mention: [] }], critical: true },
    ]);
  });

  it('shows repeats, quiet routes and critical in the check-config summary', () => {
    const config = load(
      withAlerts([{ at: 'breach', notify: [{ slack: '#managers', quiet_hours: { calendar: 'office' } }], repeat: { every: '30m', times: 3 }, critical: false }]),
    );
    expect(summarizeConfig(config)).toContain('      breach → #managers (quiet outside office); repeats every 30m 00s ×3, not critical');
  });

  it('refuses repeat before the breach, naming the file, the path and the fix', () => {
    const err = configError(withAlerts([{ at: '15m before', notify: [{ slack: '#leads' }], repeat: { every: '5m', times: 2 } }]));
    expect(err.issues).toEqual([
      {
        path: 'policies[0].alerts[0].repeat',
        line: expect.any(Number),
        message: 'repeat is only for "breach" and "<duration> after breach" alerts (this one fires at 15m 00s before breach, before the breach); move repeat to the breach alert or remove it',
      },
    ]);
    expect(err.message).toContain('test.yaml:');
    expect(err.message).toContain('policies[0].alerts[0].repeat');
  });

  it.each([
    [{ every: '30m' }, 'policies[0].alerts[0].repeat.times', /^required: how many times to repeat/],
    [{ every: '30m', times: 0 }, 'policies[0].alerts[0].repeat.times', /^times must be at least 1; leave repeat out/],
    [{ every: '30m', times: 2.5 }, 'policies[0].alerts[0].repeat.times', /whole number/],
    [{ every: '30m', times: 1000 }, 'policies[0].alerts[0].repeat.times', /at most 100/],
    [{ every: 30, times: 2 }, 'policies[0].alerts[0].repeat.every', /^30 has no unit; write e.g. 30m/],
    [{ times: 2 }, 'policies[0].alerts[0].repeat.every', /duration/],
    [{ every: '30m', times: 2, count: 3 }, 'policies[0].alerts[0].repeat.count', /^unknown key "count"; allowed keys: every, times/],
    ['30m', 'policies[0].alerts[0].repeat', /^got "30m"; expected a map \{ every: <duration>, times: <count> \}/],
  ])('explains a bad repeat %j at %s', (repeat, path, message) => {
    const issues = issuesOf(withAlerts([{ at: 'breach', notify: [{ slack: '#leads' }], repeat }]));
    expect(issueAt(issues, path).message).toMatch(message);
  });

  it('explains a critical that is not a boolean', () => {
    const issues = issuesOf(withAlerts([{ at: 'breach', notify: [{ slack: '#leads' }], critical: 'yes' }]));
    expect(issueAt(issues, 'policies[0].alerts[0].critical').message).toBe('got "yes"; expected true (goes through quiet hours) or false (held during quiet hours)');
  });
});

describe('quiet hours of a Slack route', () => {
  it('compiles quiet_hours to the route\'s quiet calendar', () => {
    const rules = load(withAlerts([{ at: '75%', notify: [{ slack: '#leads', quiet_hours: { calendar: 'office' } }, { slack: '#oncall' }] }])).rules;
    expect(rules.policies[0]!.alerts[0]!.notify).toEqual([
      { slack: '#leads', mention: [], quietCalendarId: 'office' },
      { slack: '#oncall', mention: [] },
    ]);
  });

  it('names an unknown calendar with a suggestion, and a bad shape with the expected one', () => {
    const issues = issuesOf(
      withAlerts([
        { at: '75%', notify: [{ slack: '#leads', quiet_hours: { calendar: 'ofice' } }] },
        { at: 'breach', notify: [{ slack: '#leads', quiet_hours: 'office' }] },
        { at: '1h after breach', notify: [{ slack: '#leads', quiet_hours: { calender: 'office' } }] },
      ]),
    );
    expect(issueAt(issues, 'policies[0].alerts[0].notify[0].quiet_hours.calendar').message).toBe('unknown calendar "ofice" (did you mean "office"?); defined calendars: always, office');
    expect(issueAt(issues, 'policies[0].alerts[1].notify[0].quiet_hours').message).toMatch(/^got "office"; expected a map \{ calendar: <calendar id> \}/);
    expect(issueAt(issues, 'policies[0].alerts[2].notify[0].quiet_hours.calender').message).toMatch(/^unknown key "calender" \(did you mean "calendar"\?\)/);
  });
});

describe('slack.signing_secret', () => {
  it('is read from the environment; absent or empty leaves Slack actions off', () => {
    const text = yamlWith((c) => (c['slack'] = { signing_secret: '${SLACK_SIGNING_SECRET:-}' }));
    expect(load(text, { env: { SLACK_SIGNING_SECRET: 'abcdef0123456789' } }).slack).toEqual({ signingSecret: 'abcdef0123456789' });
    expect(load(text, { env: {} }).slack).toBeUndefined();
    expect(load(yamlWith(() => undefined)).slack).toBeUndefined();
  });

  it('names a missing variable, a short secret and unknown keys', () => {
    const missing = issuesOf(yamlWith((c) => (c['slack'] = { signing_secret: '${SLACK_SIGNING_SECRET}' })));
    expect(issueAt(missing, 'slack.signing_secret').message).toMatch(/SLACK_SIGNING_SECRET/);
    const short = issuesOf(yamlWith((c) => (c['slack'] = { signing_secret: 'abc' })));
    expect(issueAt(short, 'slack.signing_secret').message).toMatch(/^is too short for a Slack signing secret; copy it from the app's Basic Information page/);
    const unknown = issuesOf(yamlWith((c) => (c['slack'] = { signing_secret: 'abcdef0123456789', bot_token: 'x' })));
    expect(issueAt(unknown, 'slack.bot_token').message).toBe('unknown key "bot_token"; allowed keys: signing_secret');
  });
});
