/**
 * One ticket's whole life, the yardstick every help-desk integration is measured with: the
 * same life told in a tool's own webhook payloads must produce exactly the timers it
 * produces told through the generic source.
 *
 * The life (24x7 UTC, priority high → sev2: first response 1h, next response 2h,
 * periodic update 4h, resolution 8h, `pause_on: [pending]`, `on_reopen: resume`):
 *
 * | step          | instant (2026-11-24) | status  | comment          |
 * | ------------- | -------------------- | ------- | ---------------- |
 * | created       | 09:00                | open    | (customer's description) |
 * | agentReply    | 09:10                | open    | agent, public    |
 * | customerReply | 09:30                | open    | customer, public |
 * | pending       | 09:40                | pending | agent, public (asks for details) |
 * | reopened      | 11:00                | open    | customer, public |
 * | solved        | 12:00                | solved  | agent, public    |
 *
 * A tool test builds its own payloads for these six steps (its statuses, priorities,
 * comment shapes and ids), runs them through its `normalize`, and asserts
 * `lifeTimers(events)` equals `lifeTimers(genericLife())`.
 */
import type { TicketComment, TicketEvent, TicketStatus } from '../../src/events.js';
import type { SlaRules, TimerState } from '../../src/sla/index.js';
import { applyAll, calendarsFixture, DEFAULT_SEVERITIES, policyFixture, targets } from './sla-fixtures.js';

export const LIFE_TICKET_CREATED = '2026-11-24T09:00:00Z';

export interface LifeStep {
  name: 'created' | 'agentReply' | 'customerReply' | 'pending' | 'reopened' | 'solved';
  at: string;
  status: TicketStatus;
  comment: TicketComment | null;
}

/** The six steps, in order. */
export const LIFE: readonly LifeStep[] = [
  { name: 'created', at: '2026-11-24T09:00:00Z', status: 'open', comment: null },
  { name: 'agentReply', at: '2026-11-24T09:10:00Z', status: 'open', comment: { author: 'agent', public: true } },
  { name: 'customerReply', at: '2026-11-24T09:30:00Z', status: 'open', comment: { author: 'customer', public: true } },
  { name: 'pending', at: '2026-11-24T09:40:00Z', status: 'pending', comment: { author: 'agent', public: true } },
  { name: 'reopened', at: '2026-11-24T11:00:00Z', status: 'open', comment: { author: 'customer', public: true } },
  { name: 'solved', at: '2026-11-24T12:00:00Z', status: 'solved', comment: { author: 'agent', public: true } },
];

/** When each step happens, as ms after the ticket's creation. */
export type LifeOffsets = Readonly<Record<LifeStep['name'], number>>;

/**
 * The same life on another time base: step `name` at `createdAt + offsets[name]` (statuses and
 * comments unchanged). Builders of tool payloads take the steps and read the creation instant
 * from the first one, so a test can play the life in real time (e.g. compressed to seconds).
 */
export function lifeAt(createdAt: number, offsets: LifeOffsets): LifeStep[] {
  return LIFE.map((step) => ({ ...step, at: new Date(createdAt + offsets[step.name]).toISOString() }));
}

/** The creation instant of a life (its first step, `created`), as ISO text. */
export function lifeCreatedAt(steps: readonly LifeStep[]): string {
  const first = steps[0];
  if (first === undefined || first.name !== 'created') throw new Error('a life starts with its created step');
  return first.at;
}

/** The rules the life is judged by. Severities match canonical priorities (`high` → sev2). */
export const LIFE_RULES: SlaRules = {
  version: 'life',
  calendars: calendarsFixture(),
  severities: DEFAULT_SEVERITIES,
  policies: [
    policyFixture({
      id: 'life',
      calendarId: 'always',
      pauseOn: ['pending'],
      onReopen: 'resume',
      targets: {
        sev1: targets({ first_response: '15m', next_response: '30m', periodic_update: '1h', resolution: '4h' }, 'always'),
        sev2: targets({ first_response: '1h', next_response: '2h', periodic_update: '4h', resolution: '8h' }, 'always'),
        sev3: targets({ first_response: '4h', next_response: '8h', resolution: '24h' }, 'always'),
      },
      alerts: [],
    }),
  ],
};

/** The life as generic-source events (priority `high`); `steps` retimes it (see `lifeAt`). */
export function genericLife(ticketId = 'T-42', steps: readonly LifeStep[] = LIFE): TicketEvent[] {
  const createdAt = Date.parse(lifeCreatedAt(steps));
  return steps.map((step, i) => ({
    source: 'generic',
    eventId: `life-${i}`,
    occurredAt: Date.parse(step.at),
    ticket: {
      id: ticketId, status: step.status, priority: 'high', createdAt,
      subject: 'Checkout is down', url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {},
    },
    ...(step.comment ? { comment: step.comment } : {}),
  }));
}

/** What a life's timers came to, without ids: comparable across sources. */
export type LifeTimer = Pick<TimerState, 'metric' | 'cycle' | 'status' | 'startedAt' | 'endedAt' | 'breachedAt' | 'targetMs'>;

/** Applies the events in order (each processed at its own instant) and summarizes the timers. */
export function lifeTimers(events: TicketEvent[], rules: SlaRules = LIFE_RULES): LifeTimer[] {
  const { state } = applyAll(events, rules);
  return state.timers.map(({ metric, cycle, status, startedAt, endedAt, breachedAt, targetMs }) => ({ metric, cycle, status, startedAt, endedAt, breachedAt, targetMs }));
}
