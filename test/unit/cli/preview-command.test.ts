/**
 * `sla-timer preview` on the what-if config (office hours 09:00–17:00 UTC). The ticket is
 * created Mon 23 Nov 16:00Z and paused Tue 09:30–10:00Z; instants counted by hand:
 * first_response 1h → Mon 17:00; next_response 2h (as if started at 16:00) → Mon 16–17,
 * Tue 09:00–09:30, 10:00–10:30 → Tue 10:30; resolution 8h → Mon 1h + Tue 0.5h + 6.5h from
 * 10:00 → Tue 16:30.
 */
import { describe, expect, it } from 'vitest';
import { WHAT_IF_CONFIG, run } from './cli-harness.js';

const BASE = ['preview', '--policy', 'standard', '--severity', 'sev1', '--start', '2026-11-23T16:00:00Z', '--config', WHAT_IF_CONFIG];
const PAUSE = ['--pause', '2026-11-24T09:30:00Z..2026-11-24T10:00:00Z'];

describe('sla-timer preview', () => {
  it('prints a table of every metric and alert with its due instant', async () => {
    const { code, out, err } = await run([...BASE, ...PAUSE]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      `Preview: policy standard, severity sev1, ticket created 2026-11-23T16:00:00Z (${WHAT_IF_CONFIG}, version 3)`,
      'Paused: 2026-11-24T09:30:00Z .. 2026-11-24T10:00:00Z',
      '',
      'metric / alert           business time  calendar      due (UTC)             due (calendar time)   notify',
      'first_response           1h 00m         office (UTC)  2026-11-23T17:00:00Z  Mon 23 Nov 17:00 UTC',
      '  75%                    after 45m 00s                2026-11-23T16:45:00Z  Mon 23 Nov 16:45 UTC  #leads',
      '  breach                 after 1h 00m                 2026-11-23T17:00:00Z  Mon 23 Nov 17:00 UTC  #managers',
      'next_response *          2h 00m         office (UTC)  2026-11-24T10:30:00Z  Tue 24 Nov 10:30 UTC',
      '  1h 00m before breach   after 1h 00m                 2026-11-23T17:00:00Z  Mon 23 Nov 17:00 UTC  #leads <!here>',
      '  75%                    after 1h 30m                 2026-11-24T09:30:00Z  Tue 24 Nov 09:30 UTC  #leads',
      '  breach                 after 2h 00m                 2026-11-24T10:30:00Z  Tue 24 Nov 10:30 UTC  #managers',
      'resolution               8h 00m         office (UTC)  2026-11-24T16:30:00Z  Tue 24 Nov 16:30 UTC',
      '  75%                    after 6h 00m                 2026-11-24T14:30:00Z  Tue 24 Nov 14:30 UTC  #leads',
      '  1h 00m before breach   after 7h 00m                 2026-11-24T15:30:00Z  Tue 24 Nov 15:30 UTC  #leads <!here>',
      '  30m 00s before breach  after 7h 30m                 2026-11-24T16:00:00Z  Tue 24 Nov 16:00 UTC  #leads',
      '  breach                 after 8h 00m                 2026-11-24T16:30:00Z  Tue 24 Nov 16:30 UTC  #managers',
      '',
      '* starts at an event (next_response: a public customer comment after the first response; periodic_update:',
      '  each public agent reply), shown as if a cycle started at the creation instant.',
      '',
      "first_response: \"1h 00m before breach\" never fires: the target is not longer than the lead time, so it would fire as the clock starts",
      '',
    ]);
  });

  it('prints with --json what POST /api/preview answers', async () => {
    const { code, out } = await run([...BASE, ...PAUSE, '--json']);
    expect(code).toBe(0);
    const body = JSON.parse(out);
    expect(body).toMatchObject({
      policy: 'standard', severity: 'sev1', config_version: '3', start: '2026-11-23T16:00:00.000Z',
      pauses: [{ from: '2026-11-24T09:30:00.000Z', to: '2026-11-24T10:00:00.000Z' }],
    });
    expect(body.metrics.map((m: any) => [m.metric, m.anchor, m.target_ms, m.due_at])).toEqual([
      ['first_response', 'start', 3_600_000, '2026-11-23T17:00:00.000Z'],
      ['next_response', 'cycle_start', 7_200_000, '2026-11-24T10:30:00.000Z'],
      ['resolution', 'start', 28_800_000, '2026-11-24T16:30:00.000Z'],
    ]);
    expect(body.metrics[0].skipped_alerts).toEqual([{ key: 'before:3600000', at: '1h 00m before breach', reason: expect.stringMatching(/never fires/) }]);
    expect(body.metrics[2].alerts[2]).toEqual({
      key: 'before:1800000', at: '30m 00s before breach', after: '7h 30m', after_ms: 27_000_000,
      due_at: '2026-11-24T16:00:00.000Z', due_local: 'Tue 24 Nov 16:00 UTC', notify: ['#leads'],
    });
  });

  it('takes the config from SLA_CONFIG and shows a pause without end', async () => {
    const { code, out } = await run(['preview', '--policy=standard', '--severity=sev3', '--start=2026-11-23T16:00:00Z', '--pause=2026-11-23T16:30:00Z..'], { SLA_CONFIG: WHAT_IF_CONFIG });
    expect(code).toBe(0);
    expect(out).toMatch(/^Paused: 2026-11-23T16:30:00Z \.\. for good$/m);
    expect(out).toMatch(/^first_response +4h 00m +office \(UTC\) +never \(paused\)$/m);
  });

  it.each([
    [['--start', 'tomorrow'], /^sla-timer preview: --start: "tomorrow" is not an ISO 8601 instant with a time zone/],
    [['--start', '2026-11-23T16:00:00'], /--start: "2026-11-23T16:00:00" is not an ISO 8601 instant with a time zone/],
    [['--pause', '2026-11-24T10:00:00Z..2026-11-24T09:00:00Z'], /^sla-timer preview: --pause "2026-11-24T10:00:00Z\.\.2026-11-24T09:00:00Z": TO must be after FROM$/m],
    [['--pause', '2026-11-24T10:00:00Z'], /--pause "2026-11-24T10:00:00Z": write FROM\.\.TO/],
    [['--policy', 'standrd'], /^sla-timer preview: --policy: unknown policy "standrd" \(did you mean "standard"\?\); policies are standard$/m],
    [['--severity', 'sev2'], /^sla-timer preview: --severity: unknown severity "sev2" \(did you mean "sev1"\?\); severities are sev1, sev3$/m],
    [['--config', 'test/fixtures/what-if/missing.yaml'], /missing\.yaml: cannot read the config file \(no such file\)/],
  ])('exits 1 for a bad value, naming the option: %j', async (override, message) => {
    const args = [...BASE];
    for (let i = 0; i < override.length; i += 2) {
      const at = args.indexOf(override[i]!);
      if (at >= 0) args[at + 1] = override[i + 1]!;
      else args.push(override[i]!, override[i + 1]!);
    }
    const { code, out, err } = await run(args);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(message);
  });

  it.each([
    [['preview', '--policy', 'standard', '--severity', 'sev1'], /^sla-timer preview: --start is required\n\nusage: sla-timer preview --policy P/],
    [[...BASE, '--verbose'], /^sla-timer preview: unknown option --verbose/],
    [[...BASE, '--policy', 'other'], /^sla-timer preview: --policy is given more than once/],
    [[...BASE, 'extra'], /^sla-timer preview: unexpected argument "extra"/],
    [[...BASE, '--json=yes'], /^sla-timer preview: --json takes no value/],
    [['preview', '--policy'], /^sla-timer preview: --policy needs a value/],
  ])('exits 2 with usage: %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('is listed with replay by the dispatcher', async () => {
    const { out } = await run(['--help']);
    expect(out).toMatch(/^ {2}preview --policy P --severity S --start ISO .*\n {23}show when every metric and alert of a hypothetical ticket would be due$/m);
    expect(out).toMatch(/^ {2}replay FILE\.jsonl \[--config FILE\] \[--now ISO\] \[--json\]\n {23}recompute the timers of recorded events offline/m);
  });

  it('explains itself on --help', async () => {
    const { code, out } = await run(['preview', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: sla-timer preview --policy P --severity S --start ISO \[--pause FROM\.\.TO \.\.\.\] \[--config FILE\] \[--json\]\n/);
    expect(out).toMatch(/shown as if a cycle started at --start/);
  });
});
