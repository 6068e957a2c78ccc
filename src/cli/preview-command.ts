/**
 * `sla-timer preview --policy P --severity S --start ISO [--pause FROM..TO ...] [--config FILE] [--json]`:
 * the due instant of every metric and alert for a hypothetical ticket, as a table or as the
 * JSON `POST /api/preview` answers.
 */
import { parseIsoInstant } from '../../integrations/shared/instant.js';
import { didYouMean } from '../config/index.js';
import { previewJson, type PreviewJson } from '../http/preview-json.js';
import { previewProblems, previewTimers, type Span } from '../sla/index.js';
import { configFile, loadConfigFor } from './cli-config.js';
import { parseArgs, required } from './cli-options.js';
import { UsageError, type Command } from './command.js';
import { textTable } from './text-table.js';

const INSTANT_HELP = 'an ISO 8601 instant with a time zone, e.g. 2026-11-24T09:00:00Z';

export const previewCommand: Command = {
  name: 'preview',
  args: '--policy P --severity S --start ISO [--pause FROM..TO ...] [--config FILE] [--json]',
  summary: 'show when every metric and alert of a hypothetical ticket would be due',
  help: [
    'The ticket is created at --start under policy P and severity S (ids from the config).',
    '--pause FROM..TO (repeatable) pauses its clocks, as a pause_on status would; FROM.. pauses',
    'it for good. next_response and periodic_update start at an event (a customer comment, an',
    'agent reply): they are shown as if a cycle started at --start. --config defaults to',
    '$SLA_CONFIG, else config/sla.yaml. --json prints what POST /api/preview answers.',
    'Exit codes: 0 ok, 1 a bad value (the message names the option) or config, 2 usage.',
  ],
  run(args, io) {
    const parsed = parseArgs(args, {
      policy: { value: true }, severity: { value: true }, start: { value: true }, pause: { value: true, repeat: true }, config: { value: true }, json: { value: false },
    });
    if (parsed.positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(parsed.positional[0])}`);
    const policyId = required(parsed, 'policy');
    const severityId = required(parsed, 'severity');
    const startText = required(parsed, 'start');
    const problems: string[] = [];
    const start = parseIsoInstant(startText);
    if (start === undefined) problems.push(`--start: ${JSON.stringify(startText)} is not ${INSTANT_HELP}`);
    const pauses = (parsed.values.get('pause') ?? []).flatMap((text) => {
      const pause = parsePause(text);
      if (typeof pause === 'string') problems.push(`--pause ${JSON.stringify(text)}: ${pause}`);
      return typeof pause === 'string' ? [] : [pause];
    });
    const file = configFile(io, parsed.values.get('config')?.[0]);
    const config = loadConfigFor(io, file);
    if (config === undefined) return 1;
    const { rules } = config;
    for (const p of previewProblems(rules, policyId, severityId, didYouMean)) problems.push(`--${p.field}: ${p.message}`);
    if (problems.length > 0 || start === undefined) {
      io.stderr(problems.map((p) => `sla-timer preview: ${p}\n`).join(''));
      return 1;
    }
    const body = previewJson(previewTimers(rules, { policyId, severityId, start, pauses }));
    io.stdout(parsed.flags.has('json') ? `${JSON.stringify(body, null, 2)}\n` : previewText(body, file));
    return 0;
  },
};

/** `FROM..TO` → a pause; `FROM..` pauses for good. Returns the problem otherwise. */
export function parsePause(text: string): Span | string {
  const sep = text.indexOf('..');
  if (sep === -1) return 'write FROM..TO, two ISO 8601 instants with a time zone (e.g. 2026-11-24T09:05:00Z..2026-11-24T10:00:00Z), or FROM.. for a pause without end';
  const from = parseIsoInstant(text.slice(0, sep));
  const toText = text.slice(sep + 2);
  const to = toText === '' ? null : parseIsoInstant(toText);
  if (from === undefined) return `FROM is not ${INSTANT_HELP}`;
  if (to === undefined) return `TO is not ${INSTANT_HELP}`;
  if (to !== null && to <= from) return 'TO must be after FROM';
  return [from, to];
}

/** The preview as a table people read in a terminal. */
export function previewText(p: PreviewJson, file: string): string {
  const short = (iso: string | null) => (iso === null ? 'never (paused)' : iso.replace('.000Z', 'Z'));
  const lines = [
    `Preview: policy ${p.policy}, severity ${p.severity}, ticket created ${short(p.start)} (${file}${p.config_version === null ? '' : `, version ${p.config_version}`})`,
  ];
  if (p.pauses.length > 0) lines.push(`Paused: ${p.pauses.map((x) => `${short(x.from)} .. ${x.to === null ? 'for good' : short(x.to)}`).join(', ')}`);
  lines.push('');
  if (p.metrics.length === 0) {
    lines.push(`No targets for ${p.severity} under ${p.policy}: such tickets get no timers.`);
    return `${lines.join('\n')}\n`;
  }
  const rows: string[][] = [['metric / alert', 'business time', 'calendar', 'due (UTC)', 'due (calendar time)', 'notify']];
  const notes: string[] = [];
  for (const m of p.metrics) {
    rows.push([`${m.metric}${m.anchor === 'cycle_start' ? ' *' : ''}`, m.target, `${m.calendar} (${m.zone})`, short(m.due_at), m.due_local ?? '', '']);
    for (const a of m.alerts) rows.push([`  ${a.at}`, `after ${a.after}`, '', short(a.due_at), a.due_local ?? '', a.notify.join(', ')]);
    for (const s of m.skipped_alerts) notes.push(`${m.metric}: "${s.at}" never fires: ${s.reason.replace(/; it never fires$/, '')}`);
  }
  lines.push(...textTable(rows));
  if (p.metrics.some((m) => m.anchor === 'cycle_start')) {
    lines.push('', '* starts at an event (next_response: a public customer comment after the first response; periodic_update:', '  each public agent reply), shown as if a cycle started at the creation instant.');
  }
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
