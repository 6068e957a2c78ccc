import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../../../src/config/index.js';
import { issueAt, issuesOf, load, yamlWith } from './config-fixtures.js';

const paths = (text: string) => issuesOf(text).map((i) => i.path);

describe('loadConfig: the file and its top level', () => {
  it('reports a missing file as a ConfigError', () => {
    const err = (() => {
      try {
        loadConfig('config/nope.yaml', { env: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('sla_config_invalid');
    expect((err as ConfigError).file).toBe('config/nope.yaml');
    expect((err as ConfigError).issues).toEqual([{ path: '', message: expect.stringMatching(/cannot read the config file \(no such file\)/) }]);
  });

  it('turns YAML syntax errors into issues with lines', () => {
    const issues = issuesOf('calendars:\n  a: { timezone: UTC\nseverities: []\n');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toMatchObject({ path: '', message: expect.stringMatching(/^YAML syntax: /), line: expect.any(Number) });
  });

  it('rejects duplicate keys with their line', () => {
    const issues = issuesOf('calendars: {}\nseverities: []\ncalendars: {}\n');
    expect(issues).toEqual([{ path: '', message: expect.stringMatching(/YAML syntax: .*unique/), line: 3 }]);
  });

  it('explains an empty file and a file that is not a map', () => {
    expect(issuesOf('')).toEqual([{ path: '', message: expect.stringMatching(/^required: the file is empty; write a map with calendars, severities, policies/) }]);
    expect(issuesOf('- a\n- b\n')[0]!.message).toMatch(/^expected a map with calendars, severities, policies/);
  });

  it('names missing sections and unknown top-level keys with the allowed keys', () => {
    const issues = issuesOf('calendars: { always: { timezone: UTC, hours: 24x7 } }\npolicy: []\n');
    expect(issueAt(issues, 'policy').message).toBe('unknown key "policy" (did you mean "policies"?); allowed keys: version, apply_changes, calendars, severities, policies, integrations, widget, slack');
    expect(issueAt(issues, 'severities').message).toMatch(/^required: a list of severities/);
    expect(issueAt(issues, 'policies').message).toMatch(/^required: a list of policies/);
  });

  it('reads version as text from a string or a number', () => {
    expect(load(yamlWith((c) => (c['version'] = 3))).rules.version).toBe('3');
    expect(load(yamlWith((c) => (c['version'] = '2026-11'))).rules.version).toBe('2026-11');
    expect(issueAt(issuesOf(yamlWith((c) => (c['version'] = [1]))), 'version').message).toMatch(/^got a list; expected a version label/);
  });
});

describe('loadConfig: calendars', () => {
  it('maps the clock’s calendar problems under calendars.<id>', () => {
    const issues = issuesOf(
      yamlWith((c) => {
        c['calendars'].office = {
          timezone: 'Europe/Berlinn',
          hours: { 'mon-fri': ['09:00-17:00', '16:00-18:00'], funday: ['10:00-12:00'] },
          holidays: ['2026-12-25', { date: '2026-02-30' }],
          colour: 'red',
        };
      }),
    );
    expect(issueAt(issues, 'calendars.office.timezone').message).toMatch(/"Europe\/Berlinn" is not an IANA time zone; use a name such as Europe\/Berlin/);
    expect(issueAt(issues, 'calendars.office.hours.mon-fri').message).toMatch(/overlap/);
    expect(issueAt(issues, 'calendars.office.hours.funday').message).toMatch(/unknown day key "funday"/);
    expect(issueAt(issues, 'calendars.office.holidays[1].date').message).toMatch(/"2026-02-30" is not a real date/);
    expect(issueAt(issues, 'calendars.office.colour').message).toMatch(/unknown key; a calendar takes timezone, hours, holidays/);
  });

  it('needs at least one calendar and plain ids', () => {
    expect(issueAt(issuesOf(yamlWith((c) => (c['calendars'] = {}))), 'calendars').message).toMatch(/define at least one calendar/);
    const issues = issuesOf(yamlWith((c) => (c['calendars']['bad id!'] = { timezone: 'UTC', hours: '24x7' })));
    expect(issueAt(issues, 'calendars["bad id!"]').message).toMatch(/is not a valid calendar id; use up to 64 letters/);
  });

  it('does not report references to a calendar that is itself broken', () => {
    const issues = issuesOf(yamlWith((c) => (c['calendars'].office.timezone = 'Mars/Olympus')));
    expect(issues.map((i) => i.path)).toEqual(['calendars.office.timezone']);
  });
});

describe('loadConfig: severities', () => {
  it('coerces YAML numbers and single values in value lists to text lists', () => {
    const config = load('calendars: { always: { timezone: UTC, hours: 24x7 } }\nseverities:\n  - { id: s1, from: { priority: [4, urgent], tags_any: vip, fields: { vip: true } } }\n  - { id: s2, default: true }\npolicies:\n  - { id: p, calendar: always, targets: { s1: { resolution: 1h }, s2: { resolution: 2h } } }\n');
    expect(config.rules.severities[0]).toEqual({ id: 's1', name: 's1', isDefault: false, from: { priority: ['4', 'urgent'], tagsAny: ['vip'], fields: { vip: ['true'] } } });
  });

  it('wants exactly one default, with the fix', () => {
    const none = issuesOf(yamlWith((c) => delete c['severities'][1].default));
    expect(issueAt(none, 'severities').message).toBe('no severity has default: true; mark the one a ticket gets when no from matches, usually the least severe (add default: true to "sev2")');
    const two = issuesOf(yamlWith((c) => (c['severities'][0].default = true)));
    expect(issueAt(two, 'severities[1].default').message).toBe('"sev1" (severities[0]) is already the default; exactly one severity may have default: true');
  });

  it('wants unique ids and known keys', () => {
    const issues = issuesOf(
      yamlWith((c) => {
        c['severities'].push({ id: 'sev1', from: { priority: ['high'], tag: 'x' } });
        c['severities'][1].colour = 'red';
      }),
    );
    expect(issueAt(issues, 'severities[2].id').message).toBe('"sev1" is already the id of severities[0]; give each severity its own id');
    expect(issueAt(issues, 'severities[2].from.tag').message).toBe('unknown key "tag"; allowed keys: priority, tags_any, fields');
    expect(issueAt(issues, 'severities[1].colour').message).toBe('unknown key "colour"; allowed keys: id, name, default, from');
  });
});

describe('loadConfig: policies', () => {
  it('checks references to calendars and severities', () => {
    const issues = issuesOf(
      yamlWith((c) => {
        const p = c['policies'][0];
        p.calendar = 'ofice';
        p.match = { severity: ['sev1', 'sev7'] };
        p.targets.sev9 = { first_response: '1h' };
        p.targets.sev1.calendar = 'nope';
      }),
    );
    expect(issueAt(issues, 'policies[0].calendar').message).toBe('unknown calendar "ofice" (did you mean "office"?); defined calendars: always, office');
    expect(issueAt(issues, 'policies[0].match.severity[1]').message).toBe('unknown severity "sev7" (did you mean "sev1"?); severities are sev1, sev2');
    expect(issueAt(issues, 'policies[0].targets.sev9').message).toMatch(/^unknown severity "sev9" \(did you mean "sev1"\?\); targets are keyed by the ids under severities: sev1, sev2$/);
    expect(issueAt(issues, 'policies[0].targets.sev1.calendar').message).toMatch(/^unknown calendar "nope"; defined calendars: always, office$/);
  });

  it('requires id, calendar and targets, and unique ids', () => {
    const issues = issuesOf(yamlWith((c) => c['policies'].push({ id: 'main', match: { tags_any: ['x'] } }, {})));
    expect(issueAt(issues, 'policies[1].id').message).toBe('"main" is already the id of policies[0]; give each policy its own id');
    expect(issueAt(issues, 'policies[1].calendar').message).toMatch(/^required: the id of a calendar defined under calendars/);
    expect(issueAt(issues, 'policies[1].targets').message).toMatch(/^required: a map of severity id →/);
    expect(issueAt(issues, 'policies[2].id').message).toMatch(/^required: policy id/);
  });

  it('refuses solved and closed in pause_on, explaining why', () => {
    const issues = issuesOf(yamlWith((c) => (c['policies'][0].pause_on = ['pending', 'solved', 'closed', 'waiting'])));
    expect(issueAt(issues, 'policies[0].pause_on[1]').message).toBe(
      '"solved" cannot pause clocks: a solved ticket has no running clocks (resolution is achieved, the others are cancelled); list any of new, open, pending, on_hold',
    );
    expect(issueAt(issues, 'policies[0].pause_on[2]').message).toMatch(/^"closed" cannot pause clocks/);
    expect(issueAt(issues, 'policies[0].pause_on[3]').message).toBe('got "waiting"; expected one of new, open, pending, on_hold');
  });

  it('checks on_reopen and match conditions', () => {
    const issues = issuesOf(
      yamlWith((c) => {
        c['policies'][0].on_reopen = 'resum';
        c['policies'][0].match = { tags_any: [], tier: 'gold', fields: { plan: [] } };
      }),
    );
    expect(issueAt(issues, 'policies[0].on_reopen').message).toBe('got "resum"; expected resume (keep the elapsed time) or restart (a new cycle)');
    expect(issueAt(issues, 'policies[0].match.tags_any').message).toBe('an empty list matches nothing; list values or leave the key out');
    expect(issueAt(issues, 'policies[0].match.fields.plan').message).toBe('an empty list matches nothing; list values or leave the key out');
    expect(issueAt(issues, 'policies[0].match.tier').message).toMatch(/^unknown key "tier"; allowed keys: tags_any, tags_all, organization, group, source, priority, severity, fields$/);
  });

  it('checks each target: durations, zero, units, at least one metric, known keys', () => {
    const issues = issuesOf(
      yamlWith((c) => {
        c['policies'][0].targets = {
          sev1: { first_response: '4x', resolution: '0s', next_response: 90, frist_response: '1h' },
          sev2: { calendar: 'always' },
        };
      }),
    );
    expect(issueAt(issues, 'policies[0].targets.sev1.first_response').message).toBe('"4x" is not a duration; write e.g. 90s, 15m, 4h, 1h30m or ISO 8601 PT1H30M');
    expect(issueAt(issues, 'policies[0].targets.sev1.resolution').message).toMatch(/^"0s" is zero; a target must be more than zero/);
    expect(issueAt(issues, 'policies[0].targets.sev1.next_response').message).toBe('90 has no unit; write e.g. 90m, 90h or 90s');
    expect(issueAt(issues, 'policies[0].targets.sev1.frist_response').message).toMatch(/^unknown key "frist_response" \(did you mean "first_response"\?\); allowed keys: first_response, next_response, resolution, periodic_update, calendar$/);
    expect(issueAt(issues, 'policies[0].targets.sev2').message).toMatch(/^give at least one target \(first_response, next_response, periodic_update, resolution\)/);
    expect(issuesOf(yamlWith((c) => (c['policies'][0].targets.sev1.resolution = '2d')))[0]!.message).toMatch(/days are ambiguous in business time/);
  });
});

describe('loadConfig: alerts', () => {
  const withAlerts = (alerts: unknown[]) => yamlWith((c) => (c['policies'][0].alerts = alerts));
  const ok = { notify: [{ slack: '#support' }] };

  it('checks the at grammar', () => {
    const issues = issuesOf(withAlerts([{ ...ok, at: '15m befor' }, { ...ok, at: '2000%' }, { ...ok, at: 75 }, { ...ok, at: '0m before' }, { ...ok }]));
    expect(issueAt(issues, 'policies[0].alerts[0].at').message).toMatch(/^"15m befor" is not an alert time; write a percentage of the target \(75%\), "<duration> before"/);
    expect(issueAt(issues, 'policies[0].alerts[1].at').message).toMatch(/^2000% is out of range; give a whole percentage of the target from 1% to 1000%/);
    expect(issueAt(issues, 'policies[0].alerts[2].at').message).toMatch(/^got 75; write a percentage/);
    expect(issueAt(issues, 'policies[0].alerts[3].at').message).toBe('"0m before" is the breach itself; write "breach"');
    expect(issueAt(issues, 'policies[0].alerts[4].at').message).toMatch(/^required: write a percentage/);
  });

  it('refuses two alerts at the same point, however written', () => {
    const issues = issuesOf(withAlerts([{ ...ok, at: '15m before' }, { ...ok, at: 'PT15M before breach' }]));
    expect(issueAt(issues, 'policies[0].alerts[1].at').message).toMatch(/^fires at the same point as alerts\[0\] \(15m 00s before breach\); merge their notify lists into one alert/);
  });

  it('checks channels, mentions, metrics and severities', () => {
    const issues = issuesOf(
      withAlerts([
        { at: 'breach', notify: [{ slack: '#Support', mention: ['@dana', '<@U0123ABC>'] }, { slack: null }, { slack: 'support', team: 'x' }] },
        { at: '1h after', notify: [] },
        { at: '50%', notify: [{ slack: 'C0123ABC' }], metrics: ['first_reply'], severities: ['sev3'] },
      ]),
    );
    expect(issueAt(issues, 'policies[0].alerts[0].notify[0].slack').message).toBe('"#Support" is not a Slack channel; Slack channel names are lowercase; write "#support"');
    expect(issueAt(issues, 'policies[0].alerts[0].notify[0].mention[0]').message).toBe(
      '"@dana" is not Slack mention syntax; write <@U0123ABC> for a user, <!subteam^S0123ABC> for a user group, <!here> or <!channel>',
    );
    expect(issueAt(issues, 'policies[0].alerts[0].notify[1].slack').message).toMatch(/^got nothing; expected a Slack channel; .*a bare # starts a YAML comment/);
    expect(issueAt(issues, 'policies[0].alerts[0].notify[2].slack').message).toMatch(/^"support" is not a Slack channel; give a channel name "#support"/);
    expect(issueAt(issues, 'policies[0].alerts[0].notify[2].team').message).toBe('unknown key "team"; allowed keys: slack, mention, quiet_hours');
    expect(issueAt(issues, 'policies[0].alerts[1].notify').message).toBe('an alert needs at least one target to notify: { slack: "#channel" } or { ticket: note }');
    expect(issueAt(issues, 'policies[0].alerts[2].metrics[0]').message).toBe('got "first_reply"; expected a metric: first_response, next_response, periodic_update, resolution');
    expect(issueAt(issues, 'policies[0].alerts[2].severities[0]').message).toBe('unknown severity "sev3" (did you mean "sev1"?); severities are sev1, sev2');
  });

  it('checks write-back targets', () => {
    const issues = issuesOf(withAlerts([{ at: 'breach', notify: [{ ticket: 'comment' }, { ticket: 'note', slack: '#a' }] }]));
    expect(issueAt(issues, 'policies[0].alerts[0].notify[0].ticket').message).toMatch(/note \(an internal note on the ticket\) or due_field/);
    expect(issueAt(issues, 'policies[0].alerts[0].notify[1].slack').message).toBe('unknown key "slack"; allowed keys: ticket');
  });

  it('compiles write-back targets apart from Slack targets', () => {
    const config = load(withAlerts([{ at: 'breach', notify: [{ slack: '#a' }, { ticket: 'note' }, { ticket: 'due_field' }, { ticket: 'note' }] }]));
    expect(config.rules.policies[0]!.alerts).toEqual([
      { key: 'breach', at: { kind: 'breach' }, notify: [{ slack: '#a', mention: [] }], writeBack: ['note', 'due_field'] },
    ]);
  });

  it('compiles valid alerts with canonical keys and filters', () => {
    const config = load(withAlerts([{ at: '90 %', notify: [{ slack: '#a', mention: ['<!here>', '<!subteam^S0123|@leads>'] }], metrics: ['resolution'], severities: ['sev1'] }, { at: '1h30m after', ...ok }]));
    expect(config.rules.policies[0]!.alerts).toEqual([
      { key: 'percent:90', at: { kind: 'percent', percent: 90 }, notify: [{ slack: '#a', mention: ['<!here>', '<!subteam^S0123|@leads>'] }], metrics: ['resolution'], severities: ['sev1'] },
      { key: 'after:5400000', at: { kind: 'after', ms: 5_400_000 }, notify: [{ slack: '#support', mention: [] }] },
    ]);
  });
});

describe('loadConfig: integrations', () => {
  const schemas = new Map<string, z.ZodType>([
    ['generic', z.strictObject({ secret: z.string().min(8) })],
    ['zendesk', z.strictObject({ secret: z.string(), subdomain: z.string() })],
  ]);

  it('keeps blocks as written when no schemas are given', () => {
    expect(load(yamlWith((c) => (c['integrations'] = { anything: { x: 1 } }))).integrations).toEqual({ anything: { x: 1 } });
  });

  it('validates each block with its integration schema, under integrations.<name>', () => {
    const text = yamlWith((c) => (c['integrations'] = { zendsk: {}, generic: { secret: 'short', extra: 1 }, zendesk: { secret: 's' } }));
    const issues = issuesOf(text, { integrationSchemas: schemas });
    expect(issueAt(issues, 'integrations.zendsk').message).toBe('unknown integration "zendsk" (did you mean "zendesk"?); known integrations: generic, zendesk');
    expect(issueAt(issues, 'integrations.generic.secret').message).toMatch(/8/);
    expect(issueAt(issues, 'integrations.generic.extra').message).toBe('unknown key "extra"; allowed keys: secret');
    expect(issueAt(issues, 'integrations.zendesk.subdomain').message).toBe('required: string');
  });

  it('returns the parsed blocks', () => {
    const text = yamlWith((c) => (c['integrations'] = { generic: { secret: 'long-enough' } }));
    expect(load(text, { integrationSchemas: schemas }).integrations).toEqual({ generic: { secret: 'long-enough' } });
  });
});

describe('loadConfig: all problems at once, with lines', () => {
  const text = [
    'calendars:', //                                   1
    '  office: { timezone: Europe/Berlin, hours: 24x7 }', // 2
    'severities:', //                                  3
    '  - { id: sev1 }', //                             4
    '  - { id: sev2, default: yes }', //               5
    'policies:', //                                    6
    '  - id: main', //                                 7
    '    calendar: offce', //                          8
    '    targets:', //                                 9
    '      sev1: { first_response: 1h }', //           10
    '  - id: second', //                               11
    '    calendar: office', //                         12
    '    targets:', //                                 13
    '      sev2:', //                                  14
    '        first_response: 4x', //                   15
    '    alerts:', //                                  16
    '      - { at: soon, notify: [{ slack: "#a" }] }', // 17
    '',
  ].join('\n');

  it('reports every problem, sorted by line, each with its line', () => {
    const issues = issuesOf(text);
    expect(issues).toEqual([
      { path: 'severities[1].default', line: 5, message: 'got "yes"; expected true (on exactly one severity)' },
      { path: 'policies[0].calendar', line: 8, message: expect.stringMatching(/^unknown calendar "offce"/) },
      { path: 'policies[1].targets.sev2.first_response', line: 15, message: expect.stringMatching(/^"4x" is not a duration/) },
      { path: 'policies[1].alerts[0].at', line: 17, message: expect.stringMatching(/^"soon" is not an alert time/) },
      { path: 'severities', line: 3, message: expect.stringMatching(/^no severity has default: true/) },
    ].sort((a, b) => a.line - b.line));
  });

  it('lists them one per line in the error message, like a compiler', () => {
    const err = (() => {
      try {
        load(text);
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    const lines = err.message.split('\n');
    expect(lines[0]).toBe('test.yaml has 5 problems:');
    expect(lines).toContain('test.yaml:15: policies[1].targets.sev2.first_response: "4x" is not a duration; write e.g. 90s, 15m, 4h, 1h30m or ISO 8601 PT1H30M');
    expect(lines).toHaveLength(6);
  });

  it('finds lines through anchors and aliases', () => {
    const aliased = [
      'calendars: { always: { timezone: UTC, hours: 24x7 } }',
      'severities: [{ id: sev1, default: true }]',
      'policies:',
      '  - id: a',
      '    match: { tags_any: [a] }',
      '    calendar: always',
      '    targets: &t',
      '      sev1: { first_response: 4x }',
      '  - id: b',
      '    calendar: always',
      '    targets: *t',
      '',
    ].join('\n');
    expect(issuesOf(aliased)).toEqual([
      { path: 'policies[0].targets.sev1.first_response', line: 8, message: expect.stringMatching(/"4x" is not a duration/) },
      { path: 'policies[1].targets.sev1.first_response', line: 8, message: expect.stringMatching(/"4x" is not a duration/) },
    ]);
  });

  it('sees paths in flow and block style alike', () => {
    expect(paths(yamlWith((c) => (c['policies'][0].targets.sev1.first_response = 'soon')))).toEqual(['policies[0].targets.sev1.first_response']);
  });
});

describe('loadConfig: YAML conveniences', () => {
  it('allows merge keys and empty optional lists', () => {
    const text = [
      'calendars: { always: { timezone: UTC, hours: 24x7 } }',
      'severities: [{ id: sev1, default: true }]',
      'policies:',
      '  - &base',
      '    id: a',
      '    match: { tags_any: x }',
      '    calendar: always',
      '    targets: { sev1: { first_response: 1h } }',
      '    alerts:',
      '  - <<: *base',
      '    id: b',
      '    match: { tags_any: y }',
      'integrations:',
      '',
    ].join('\n');
    const config = load(text);
    expect(config.rules.policies.map((p) => [p.id, p.calendarId, p.alerts.length])).toEqual([
      ['a', 'always', 0],
      ['b', 'always', 0],
    ]);
    expect(config.integrations).toEqual({});
  });
});
