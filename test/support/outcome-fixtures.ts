/**
 * Outcome records for report tests: `outcome({ ... })` fills every field with a plain default
 * (first response met in 30 business minutes of a 1h target, on Mon 2026-11-23, sev3, policy
 * standard, group Tier 1, assignee Dana, organization Acme, source generic) and derives wall
 * and overdue time the way `sla/outcomes.ts` does.
 */
import type { OutcomeRecord } from '../../src/sla/outcomes.js';

const MINUTE = 60_000;
let seq = 0;

export type OutcomeInput = Partial<Omit<OutcomeRecord, 'wallMs' | 'overdueMs'>> & { wallMs?: number; at?: string };

export function outcome(input: OutcomeInput = {}): OutcomeRecord {
  const { at, ...rest } = input;
  const endedAt = rest.endedAt ?? (at === undefined ? Date.parse('2026-11-23T10:00:00Z') : Date.parse(at));
  const businessMs = rest.businessMs ?? 30 * MINUTE;
  const targetMs = rest.targetMs ?? 60 * MINUTE;
  const wallMs = rest.wallMs ?? businessMs;
  const metric = rest.metric ?? 'first_response';
  const cycle = rest.cycle ?? 1;
  const outcomeKind = rest.outcome ?? (businessMs > targetMs ? 'breached_achieved' : 'achieved');
  return {
    timer: rest.timer ?? `generic/T-${++seq}/${metric}/${cycle}`,
    sign: rest.sign ?? 1,
    outcome: outcomeKind,
    endedAt,
    startedAt: endedAt - wallMs,
    metric,
    cycle,
    severityId: rest.severityId ?? 'sev3',
    policyId: rest.policyId === undefined ? 'standard' : rest.policyId,
    group: rest.group === undefined ? 'Tier 1' : rest.group,
    assignee: rest.assignee === undefined ? 'Dana' : rest.assignee,
    organization: rest.organization === undefined ? 'Acme' : rest.organization,
    source: rest.source ?? 'generic',
    businessMs,
    wallMs,
    targetMs,
    overdueMs: Math.max(0, businessMs - targetMs),
    configVersion: rest.configVersion === undefined ? 'v1' : rest.configVersion,
  };
}

export { MINUTE };
