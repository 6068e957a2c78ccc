/**
 * `GET /api/timers?state=&severity=&policy=&metric=&limit=`: timers across tickets,
 * soonest due first (overdue ones lead), timers without a due instant last.
 */
import { Router } from 'express';
import { METRICS, viewTimers, type SlaRules, type TicketState, type TimerView, type TimerViewState } from '../sla/index.js';
import type { TicketQueries } from './ports.js';
import { limitParam, listParam } from './query-params.js';
import { timerRowJson } from './sla-json.js';

export interface TimerRouteDeps {
  tickets: TicketQueries;
  rules: () => SlaRules;
  clock: () => number;
}

const TIMER_STATES: readonly TimerViewState[] = ['running', 'paused', 'breached', 'achieved', 'breached_achieved', 'cancelled'];
const ACTIVE_STATES: ReadonlySet<TimerViewState> = new Set(['running', 'paused', 'breached']);
const DEFAULT_STATES: readonly TimerViewState[] = ['running', 'paused', 'breached'];

export const TIMERS_LIMIT_DEFAULT = 100;
export const TIMERS_LIMIT_MAX = 1000;
/**
 * With a severity, policy or metric filter, the soonest timers that match may sit behind
 * tickets that do not: read this many times more tickets (up to the cap) before filtering.
 */
const FILTERED_SCAN_FACTOR = 5;
const MAX_TICKETS_SCANNED = 5000;

export function timerRoutes(deps: TimerRouteDeps): Router {
  const router = Router();

  router.get('/timers', async (req, res) => {
    const rules = deps.rules();
    const states = new Set(listParam(req, 'state', TIMER_STATES) ?? DEFAULT_STATES);
    const severities = listParam(req, 'severity', rules.severities.map((s) => s.id));
    const policies = listParam(req, 'policy', rules.policies.map((p) => p.id));
    const metrics = listParam(req, 'metric', METRICS);
    const limit = limitParam(req, 'limit', TIMERS_LIMIT_DEFAULT, TIMERS_LIMIT_MAX);

    const narrowed = severities !== undefined || policies !== undefined || metrics !== undefined;
    const scan = narrowed ? Math.min(limit * FILTERED_SCAN_FACTOR, MAX_TICKETS_SCANNED) : limit;
    const wantsActive = [...states].some((s) => ACTIVE_STATES.has(s));
    const wantsEnded = [...states].some((s) => !ACTIVE_STATES.has(s));
    const [active, recent] = await Promise.all([
      wantsActive ? deps.tickets.active(scan) : Promise.resolve([]),
      wantsEnded ? deps.tickets.recent(scan) : Promise.resolve([]),
    ]);

    const now = deps.clock();
    const seen = new Set<string>();
    const rows: Array<{ ticket: TicketState; view: TimerView }> = [];
    for (const ticket of [...active, ...recent]) {
      const key = `${ticket.source}:${ticket.ticketId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (severities !== undefined && !severities.includes(ticket.severityId)) continue;
      if (policies !== undefined && (ticket.policyId === null || !policies.includes(ticket.policyId))) continue;
      for (const view of viewTimers(ticket, rules, now)) {
        if (!states.has(view.state)) continue;
        if (metrics !== undefined && !metrics.includes(view.metric)) continue;
        rows.push({ ticket, view });
      }
    }
    rows.sort(byDueThenRemaining);
    res.json({ timers: rows.slice(0, limit).map((r) => timerRowJson(r.ticket, r.view)) });
  });

  return router;
}

/** Soonest due first, no due instant last; ties by least remaining, then a stable key. */
function byDueThenRemaining(a: { ticket: TicketState; view: TimerView }, b: { ticket: TicketState; view: TimerView }): number {
  const da = a.view.dueAt ?? Infinity;
  const db = b.view.dueAt ?? Infinity;
  if (da !== db) return da < db ? -1 : 1;
  if (a.view.remainingMs !== b.view.remainingMs) return a.view.remainingMs - b.view.remainingMs;
  const ka = `${a.ticket.source}\u0000${a.ticket.ticketId}\u0000${a.view.metric}\u0000${a.view.cycle}`;
  const kb = `${b.ticket.source}\u0000${b.ticket.ticketId}\u0000${b.view.metric}\u0000${b.view.cycle}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
