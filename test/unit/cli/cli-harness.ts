/** Runs the CLI in-process with captured output, and the fixtures of the what-if tools. */
import { runCli, type CliIo } from '../../../src/cli.js';

/** Office hours Mon–Fri 09:00–17:00 UTC, `standard` policy, alerts 75%, 1h before (sev1), 30m before (resolution), breach. */
export const WHAT_IF_CONFIG = 'test/fixtures/what-if/sla.yaml';
/** Four tickets whose outcomes are worked out in replay-command.test.ts. */
export const NOVEMBER_EVENTS = 'test/fixtures/what-if/november.jsonl';
/** Line 3 has two bad fields. */
export const BAD_LINE_EVENTS = 'test/fixtures/what-if/bad-line.jsonl';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function run(argv: string[], env: NodeJS.ProcessEnv = {}, extra: Partial<CliIo> = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), env, ...extra };
  const code = await runCli(argv, io);
  return { code, out, err };
}
