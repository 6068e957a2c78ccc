import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sla-cli-'));
const BAD = join(dir, 'bad.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  BAD,
  [
    'calendars: { office: { timezone: Europe/Berlin, hours: 24x7 } }',
    'severities: [{ id: sev1, default: true }]',
    'policies:',
    '  - id: main',
    '    calendar: ofice',
    '    targets: { sev1: { first_response: 4x } }',
    '',
  ].join('\n'),
);

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('sla-timer check-config', () => {
  it('summarizes a valid file and exits 0', async () => {
    const { code, out, err } = await run(['check-config', 'config/sla.yaml'], { GENERIC_WEBHOOK_SECRET: 'real' });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^config\/sla\.yaml: OK\n/);
    expect(out).toMatch(/^ {2}emea +Europe\/Berlin +44h open a week, 3 holidays$/m);
    expect(out).toMatch(/^ {2}always +UTC +168h open a week \(24x7\)$/m);
    expect(out).toMatch(/^ {2}sev3 +Normal +default$/m);
    expect(out).toMatch(/^ {4}match +tags_any: enterprise$/m);
    expect(out).toMatch(/^ {6}sev1: first_response 15m 00s, next_response 30m 00s, resolution 4h 00m {2}\(calendar always\)$/m);
    expect(out).toMatch(/^ {6}10m 00s before breach → #support-leads <!subteam\^S0123>$/m);
    expect(out).not.toMatch(/warnings/);
  });

  it('prints warnings with a valid file', async () => {
    const { code, out } = await run(['check-config', 'config/sla.yaml']);
    expect(code).toBe(0);
    expect(out).toMatch(/\nwarnings\n {2}config\/sla\.yaml:\d+: integrations\.generic\.secret: GENERIC_WEBHOOK_SECRET is not set/);
  });

  it('prints every problem with file, line and path, and exits 1', async () => {
    const { code, out, err } = await run(['check-config', BAD]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      `${BAD}: 2 problems`,
      `  ${BAD}:5: policies[0].calendar: unknown calendar "ofice" (did you mean "office"?); defined calendars: office`,
      `  ${BAD}:6: policies[0].targets.sev1.first_response: "4x" is not a duration; write e.g. 90s, 15m, 4h, 1h30m or ISO 8601 PT1H30M`,
      '',
    ]);
  });

  it('falls back to SLA_CONFIG, and reports an unreadable file', async () => {
    expect((await run(['check-config'], { SLA_CONFIG: BAD })).code).toBe(1);
    const missing = await run(['check-config', join(dir, 'missing.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/missing\.yaml: cannot read the config file \(no such file\)/);
  });

  it('prints usage for bad arguments and exits 2', async () => {
    const extra = await run(['check-config', 'a.yaml', 'b.yaml']);
    expect(extra.code).toBe(2);
    expect(extra.err).toMatch(/^sla-timer check-config: expected one FILE, got 2\n\nusage: sla-timer check-config \[FILE\]/);
    expect((await run(['check-config', '--strict'])).code).toBe(2);
  });
});

describe('sla-timer dispatcher', () => {
  it('lists the commands on --help and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: sla-timer <command> \[args\]\n\ncommands:\n {2}check-config \[FILE\] +validate a config file/);
    expect((await run(['help', 'check-config'])).out).toMatch(/^usage: sla-timer check-config \[FILE\]/);
    expect((await run(['check-config', '--help'])).out).toMatch(/^usage: sla-timer check-config \[FILE\]/);
  });

  it('prints usage and exits 2 for no or an unknown command', async () => {
    const none = await run([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^usage: sla-timer/);
    const unknown = await run(['chek-config']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/^sla-timer: unknown command "chek-config"\n\nusage: sla-timer/);
  });

  it('runs as a program with the exit code of the command', async () => {
    const tsx = join('node_modules', '.bin', 'tsx');
    const result = await promisify(execFile)(tsx, ['src/cli.ts', 'check-config', BAD], { env: { ...process.env, NO_COLOR: '1' } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${BAD}:6: policies[0].targets.sev1.first_response: "4x" is not a duration`);
  });
});
