/**
 * Outcome records as the `outcomes` stream holds them: one JSON array per entry (field `r`),
 * positions fixed, led by the format number. Derived fields (wall time, overdue time) are not
 * stored: they are computed again on reading, the same way `sla/outcomes.ts` computes them.
 */
import { METRICS, type Metric } from '../sla/rules.js';
import type { OutcomeKind, OutcomeRecord } from '../sla/outcomes.js';

const FORMAT_V1 = 1;
const KINDS: readonly OutcomeKind[] = ['achieved', 'breached_achieved', 'cancelled'];

type Encoded = [
  format: number, timer: string, sign: 1 | -1, outcome: number, endedAt: number, startedAt: number, metric: string, cycle: number,
  severityId: string, policyId: string | null, group: string | null, assignee: string | null, organization: string | null,
  source: string, businessMs: number, targetMs: number, configVersion: string | null,
];

export function encodeOutcome(r: OutcomeRecord): string {
  const row: Encoded = [
    FORMAT_V1, r.timer, r.sign, KINDS.indexOf(r.outcome), r.endedAt, r.startedAt, r.metric, r.cycle,
    r.severityId, r.policyId, r.group, r.assignee, r.organization, r.source, r.businessMs, r.targetMs, r.configVersion,
  ];
  return JSON.stringify(row);
}

/** Reads an entry written by `encodeOutcome`; throws on anything else (the stream is ours alone). */
export function decodeOutcome(text: string): OutcomeRecord {
  const row = JSON.parse(text) as Encoded;
  const [format, timer, sign, kind, endedAt, startedAt, metric, cycle, severityId, policyId, group, assignee, organization, source, businessMs, targetMs, configVersion] = row;
  const outcome = KINDS[kind];
  if (format !== FORMAT_V1 || outcome === undefined || !(METRICS as readonly string[]).includes(metric) || (sign !== 1 && sign !== -1)) {
    throw new Error(`not an outcome record: ${text.slice(0, 120)}`);
  }
  return {
    timer, sign, outcome, endedAt, startedAt, metric: metric as Metric, cycle, severityId, policyId, group, assignee, organization, source,
    businessMs, wallMs: endedAt - startedAt, targetMs, overdueMs: Math.max(0, businessMs - targetMs), configVersion,
  };
}
