/**
 * `sla-timer replay` on test/fixtures/what-if/november.jsonl with the what-if config (office
 * hours Mon–Fri 09:00–17:00 UTC; sev1 = urgent: 1h / 2h / 8h; sev3: 4h first response, 16h
 * resolution; pending pauses). Outcomes worked out by hand:
 *
 * - A (sev1, Mon 09:00): agent 09:30 → first response met (30m). Customer 11:00 opens
 *   next_response (2h → due 13:00); agent 14:00 → breached at 13:00, achieved late (3h).
 *   Solved 16:00 → resolution met (7h of 8h). Event a3 is delivered twice (one duplicate).
 * - B (sev3, Mon 10:00): pending 12:00 (2h counted), open Tue 10:00, agent Tue 15:00 →
 *   first response breached at Tue 12:00 (2h + 2h), achieved at 15:00 (7h). Resolution 16h:
 *   7h counted at Tue 15:00, running.
 * - C (sev3, Mon 16:00): solved Tue 15:00 without a reply → first response cancelled (it had
 *   passed its 4h at Tue 12:00); resolution met (1h + 6h = 7h).
 * - D (sev1, Tue 09:00): status open at 11:00, then the agent reply of 09:20 arrives late →
 *   first response met at 09:20 (20m); resolution 6h of 8h at 15:00, running.
 *
 * The latest event is Tue 24 Nov 15:00Z: the default `--now`.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BAD_LINE_EVENTS, NOVEMBER_EVENTS, WHAT_IF_CONFIG, run } from './cli-harness.js';

const REPLAY = ['replay', NOVEMBER_EVENTS, '--config', WHAT_IF_CONFIG];

describe('sla-timer replay', () => {
  it('prints each ticket and timer, then the summary', async () => {
    const { code, out, err } = await run(REPLAY);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'generic/A  policy standard, severity sev1, status solved (6 events)',
      '  metric          cycle  state              target  elapsed  started               ended                 breached',
      '  first_response  1      achieved           1h 00m  30m 00s  2026-11-23T09:00:00Z  2026-11-23T09:30:00Z  -',
      '  resolution      1      achieved           8h 00m  7h 00m   2026-11-23T09:00:00Z  2026-11-23T16:00:00Z  -',
      '  next_response   1      breached_achieved  2h 00m  3h 00m   2026-11-23T11:00:00Z  2026-11-23T14:00:00Z  2026-11-23T13:00:00Z',
      '',
    ]);
    expect(out).toMatch(/^ {2}first_response +1 +breached_achieved +4h 00m +7h 00m +2026-11-23T10:00:00Z +2026-11-24T15:00:00Z +2026-11-24T12:00:00Z$/m);
    expect(out).toMatch(/^ {2}first_response +1 +cancelled +4h 00m +7h 00m +2026-11-23T16:00:00Z +2026-11-24T15:00:00Z/m);
    expect(out).toMatch(/^generic\/D {2}policy standard, severity sev1, status open \(3 events\)\n {2}metric.*\n {2}first_response +1 +achieved +1h 00m +20m 00s/m);
    expect(lines.slice(-8)).toEqual([
      '',
      `Summary at 2026-11-24T15:00:00Z: 4 tickets, 15 events, config ${WHAT_IF_CONFIG}, version 3`,
      '  metric          met  breached  cancelled  open  % met',
      '  first_response  2    1         1          0     66.7%',
      '  next_response   0    1         0          0     0%',
      '  resolution      2    0         0          2     100%',
      '  all             4    2         1          2     66.7%',
      '',
    ]);
  });

  it('prints JSON with --json, and --now moves the final check', async () => {
    const { code, out } = await run([...REPLAY, '--json', '--now', '2026-11-25T12:00:00Z']);
    expect(code).toBe(0);
    const body = JSON.parse(out);
    expect(body).toMatchObject({ file: NOVEMBER_EVENTS, config: WHAT_IF_CONFIG, config_version: '3', now: '2026-11-25T12:00:00.000Z', events: 15 });
    expect(body.tickets.map((t: any) => [t.ticket_id, t.severity, t.status, t.events, t.duplicates])).toEqual([
      ['A', 'sev1', 'solved', 6, 1],
      ['B', 'sev3', 'open', 4, 0],
      ['C', 'sev3', 'solved', 2, 0],
      ['D', 'sev1', 'open', 3, 0],
    ]);
    // Wed 12:00: B's resolution has Tue 15–17 and Wed 09–12 more (12h of 16h, 4h left → 16:00);
    // D's 8h ran out at Tue 17:00 (Tue 09–17), and Wed 09–12 adds 3h more.
    const b = body.tickets[1].timers.find((t: any) => t.metric === 'resolution');
    expect(b).toMatchObject({ state: 'running', elapsed_seconds: 12 * 3600, due_at: '2026-11-25T16:00:00.000Z' });
    const d = body.tickets[3].timers.find((t: any) => t.metric === 'resolution');
    expect(d).toMatchObject({ state: 'breached', breached_at: '2026-11-24T17:00:00.000Z', elapsed_seconds: 11 * 3600 });
    expect(body.summary).toEqual({
      first_response: { met: 2, breached: 1, cancelled: 1, open: 0, percent_met: 66.7 },
      next_response: { met: 0, breached: 1, cancelled: 0, open: 0, percent_met: 0 },
      resolution: { met: 2, breached: 1, cancelled: 0, open: 1, percent_met: 66.7 },
      all: { met: 4, breached: 3, cancelled: 1, open: 1, percent_met: 57.1 },
    });
  });

  it('stops at a bad line, naming the line and every bad field', async () => {
    const { code, out, err } = await run(['replay', BAD_LINE_EVENTS, '--config', WHAT_IF_CONFIG]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      `sla-timer replay: ${BAD_LINE_EVENTS} has a bad line; nothing was replayed`,
      `  ${BAD_LINE_EVENTS}:3: ticket.status: must be one of new, open, pending, on_hold, solved, closed; got "opne"`,
      `  ${BAD_LINE_EVENTS}:3: ticket.created_at: must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "yesterday"`,
      '',
    ]);
  });

  it.each([
    [{ 'x.jsonl': '{"event_id": 1,' }, /x\.jsonl:1: not JSON \(/],
    [{ 'x.jsonl': '\n\n' }, /^sla-timer replay: x\.jsonl has no events$/m],
    [{}, /^sla-timer replay: x\.jsonl: cannot read \(no such file\)$/m],
  ])('exits 1 for an unusable file: %j', async (files, message) => {
    const readFile = (path: string) => {
      const text = (files as Record<string, string>)[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    };
    const { code, err } = await run(['replay', 'x.jsonl', '--config', WHAT_IF_CONFIG], {}, { readFile });
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it.each([
    [['--now', 'soon'], /^sla-timer replay: --now: "soon" is not an ISO 8601 instant/],
    [['--now', '2026-11-24T14:59:59Z'], /^sla-timer replay: --now 2026-11-24T14:59:59Z is before the latest event \(2026-11-24T15:00:00\.000Z\)/],
    [['--config', 'nope.yaml'], /nope\.yaml: cannot read the config file/],
  ])('exits 1 for a bad value, naming the option: %j', async (extra, message) => {
    const base = extra[0] === '--config' ? ['replay', NOVEMBER_EVENTS] : REPLAY;
    const { code, err } = await run([...base, ...extra]);
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });

  it.each([
    [['replay'], /^sla-timer replay: FILE\.jsonl is required\n\nusage: sla-timer replay FILE\.jsonl/],
    [['replay', 'a.jsonl', 'b.jsonl'], /^sla-timer replay: expected one FILE\.jsonl, got 2/],
    [[...REPLAY, '--since', 'x'], /^sla-timer replay: unknown option --since/],
  ])('exits 2 with usage: %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('runs as a program and prints JSON another tool can read', async () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, ['src/cli.ts', ...REPLAY, '--json'], { env: { ...process.env, NO_COLOR: '1' } });
    expect(JSON.parse(stdout).summary.all).toEqual({ met: 4, breached: 2, cancelled: 1, open: 2, percent_met: 66.7 });
  });
});
