/**
 * Realistic outcome records for bench:reports, from a seeded PRNG: tickets created through
 * each day, four severities, three policies, ten groups, fifty assignees (five per group),
 * two hundred organizations (a few large, a long tail) and three sources. Each ticket has a
 * first response, a resolution, and 0–3 next-response cycles (about three timers a ticket);
 * business time to achieve is log-normal around the target (about a fifth late), wall time
 * stretched by off-hours, 3% of first responses cancelled (solved without a reply), and 1% of
 * resolutions reopened and solved again (a retraction and a new record).
 */
import type { OutcomeRecord } from '../../src/sla/outcomes.js';
import type { Metric } from '../../src/sla/rules.js';

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const POLICIES = ['enterprise', 'premium', 'standard'] as const;
export const SOURCES = ['zendesk', 'jira', 'generic'] as const;
export const GROUPS = Array.from({ length: 10 }, (_, i) => `Tier ${i + 1}`);
export const ASSIGNEES = Array.from({ length: 50 }, (_, i) => `agent-${String(i + 1).padStart(2, '0')}`);
export const ORGANIZATIONS = Array.from({ length: 200 }, (_, i) => `org-${String(i + 1).padStart(3, '0')}`);

const M = 60_000;
const H = 60 * M;
/** Targets by severity (business time). */
const TARGETS: Record<Metric, readonly number[]> = {
  first_response: [15 * M, H, 4 * H, 8 * H],
  next_response: [30 * M, 2 * H, 8 * H, 16 * H],
  resolution: [4 * H, 8 * H, 24 * H, 40 * H],
  periodic_update: [2 * H, 4 * H, 8 * H, 16 * H],
};

export class OutcomeGenerator {
  private seq = 0;
  constructor(private readonly rand: () => number) {}

  private pick<T>(list: readonly T[], weights?: readonly number[]): T {
    if (weights === undefined) return list[Math.floor(this.rand() * list.length)]!;
    let r = this.rand() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < list.length; i++) if ((r -= weights[i]!) < 0) return list[i]!;
    return list[list.length - 1]!;
  }

  /** Standard normal (Box–Muller), clamped to ±3 so a record ends at most ~3 weeks after it starts. */
  private normal(): number {
    const z = Math.sqrt(-2 * Math.log(1 - this.rand())) * Math.cos(2 * Math.PI * this.rand());
    return Math.max(-3, Math.min(3, z));
  }

  /** The records of `tickets` tickets created during the UTC day starting at `dayStart`. */
  day(dayStart: number, tickets: number, emit: (r: OutcomeRecord) => void): void {
    for (let i = 0; i < tickets; i++) this.ticket(dayStart + Math.floor(this.rand() * 86_400_000), emit);
  }

  private ticket(createdAt: number, emit: (r: OutcomeRecord) => void): void {
    const id = `T-${++this.seq}`;
    const sev = this.pick([0, 1, 2, 3], [5, 20, 50, 25]);
    const assigneeIndex = Math.floor(this.rand() * ASSIGNEES.length);
    // Organizations: a few large customers and a long tail.
    const org = ORGANIZATIONS[Math.floor(ORGANIZATIONS.length * Math.pow(this.rand(), 2))]!;
    const base = {
      severityId: SEVERITIES[sev]!,
      policyId: this.pick(POLICIES, [20, 30, 50]),
      group: GROUPS[assigneeIndex % GROUPS.length]!,
      assignee: ASSIGNEES[assigneeIndex]!,
      organization: org,
      source: this.pick(SOURCES, [60, 25, 15]),
      configVersion: '2026-11',
    };
    const timer = (metric: Metric, cycle: number, startedAt: number): OutcomeRecord => {
      const targetMs = TARGETS[metric][sev]!;
      const businessMs = Math.max(1_000, Math.round(targetMs * Math.exp(-0.45 + 0.65 * this.normal())));
      const wallMs = Math.round(businessMs * (1 + this.rand() * 2));
      const endedAt = startedAt + wallMs;
      return {
        ...base, timer: `${base.source}/${id}/${metric}/${cycle}`, sign: 1, outcome: businessMs > targetMs ? 'breached_achieved' : 'achieved',
        endedAt, startedAt, metric, cycle, businessMs, wallMs, targetMs, overdueMs: Math.max(0, businessMs - targetMs),
      };
    };
    const first = timer('first_response', 1, createdAt);
    emit(this.rand() < 0.03 ? { ...first, outcome: 'cancelled', overdueMs: Math.max(0, first.businessMs - first.targetMs) } : first);
    let at = first.endedAt;
    const cycles = this.pick([0, 1, 2, 3], [35, 35, 20, 10]);
    for (let c = 1; c <= cycles; c++) {
      const next = timer('next_response', c, at + Math.floor(this.rand() * 4 * H));
      emit(next);
      at = next.endedAt;
    }
    const resolution = timer('resolution', 1, createdAt);
    emit(resolution);
    if (this.rand() < 0.01) {
      // Reopened and solved again: the first record is retracted, a later one added.
      emit({ ...resolution, sign: -1 });
      const extra = Math.round(resolution.targetMs * this.rand());
      const businessMs = resolution.businessMs + extra;
      const wallMs = resolution.wallMs + 2 * extra + 4 * H;
      emit({ ...resolution, businessMs, wallMs, endedAt: resolution.startedAt + wallMs, outcome: businessMs > resolution.targetMs ? 'breached_achieved' : 'achieved', overdueMs: Math.max(0, businessMs - resolution.targetMs) });
    }
  }
}
