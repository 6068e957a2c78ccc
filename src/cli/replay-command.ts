/**
 * `sla-timer replay FILE.jsonl [--config FILE] [--now ISO] [--json]`: recompute the timers of
 * recorded generic-source events offline with the pure core and print the outcomes.
 */
import { readFileSync } from 'node:fs';
import { parseIsoInstant } from '../../integrations/shared/instant.js';
import { replayEvents } from '../sla/index.js';
import { configFile, loadConfigFor } from './cli-config.js';
import { parseArgs } from './cli-options.js';
import { UsageError, type Command } from './command.js';
import { parseEventLines } from './event-lines.js';
import { replayJson, replayText } from './replay-report.js';

export const replayCommand: Command = {
  name: 'replay',
  args: 'FILE.jsonl [--config FILE] [--now ISO] [--json]',
  summary: 'recompute the timers of recorded events offline and print the outcomes',
  help: [
    'Each line of FILE.jsonl is one generic-source event (the POST /webhooks/generic body, or an',
    'array of them). Events are grouped by ticket and applied in file order, each at its own',
    'occurred_at; then every ticket is checked at --now (default: the latest event instant).',
    'Prints each timer (metric, cycle, final state, target, elapsed, achieved and breached',
    'instants) and a summary per metric; met = achieved in time, breached = past due, ended or',
    'not; % met = met / (met + breached). --config defaults to $SLA_CONFIG, else config/sla.yaml.',
    'Exit codes: 0 ok, 1 a bad line (named with its line number), value or config, 2 usage.',
  ],
  run(args, io) {
    const parsed = parseArgs(args, { config: { value: true }, now: { value: true }, json: { value: false } });
    if (parsed.positional.length !== 1) throw new UsageError(parsed.positional.length === 0 ? 'FILE.jsonl is required' : `expected one FILE.jsonl, got ${parsed.positional.length}`);
    const file = parsed.positional[0]!;
    const fail = (message: string) => (io.stderr(`sla-timer replay: ${message}\n`), 1);
    const nowText = parsed.values.get('now')?.[0];
    const now = nowText === undefined ? undefined : parseIsoInstant(nowText);
    if (nowText !== undefined && now === undefined) return fail(`--now: ${JSON.stringify(nowText)} is not an ISO 8601 instant with a time zone, e.g. 2026-11-30T18:00:00Z`);
    let text: string;
    try {
      text = (io.readFile ?? ((p) => readFileSync(p, 'utf8')))(file);
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
      return fail(`${file}: cannot read (${reason})`);
    }
    const lines = parseEventLines(text, file);
    if (!lines.ok) return fail(`${file} has a bad line; nothing was replayed\n${lines.problems.map((p) => `  ${p}`).join('\n')}`);
    if (lines.events.length === 0) return fail(`${file} has no events`);
    const latest = lines.events.reduce((max, e) => Math.max(max, e.occurredAt), -Infinity);
    if (now !== undefined && now < latest) return fail(`--now ${nowText} is before the latest event (${new Date(latest).toISOString()}); give a later instant or leave --now out`);
    const cfgFile = configFile(io, parsed.values.get('config')?.[0]);
    const config = loadConfigFor(io, cfgFile);
    if (config === undefined) return 1;
    const result = replayEvents(lines.events, config.rules, now);
    const from = { file, configFile: cfgFile, configVersion: config.rules.version };
    io.stdout(parsed.flags.has('json') ? `${JSON.stringify(replayJson(result, from), null, 2)}\n` : replayText(result, from));
    return 0;
  },
};
