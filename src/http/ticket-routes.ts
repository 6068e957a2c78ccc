/**
 * `GET /api/tickets/:source/:id` (the ticket's SLA now),
 * `GET /api/tickets/:source/:id/history` (its audit trail, newest first) and
 * `GET /api/tickets/:source/:id/explain` (why each timer is due when it is).
 */
import { Router } from 'express';
import type { CalendarSpec } from '../clock/index.js';
import { explainTicket, viewTimers, type SlaRules } from '../sla/index.js';
import { explanationJson } from './explain-json.js';
import { HttpError } from './http-error.js';
import type { TicketQueries } from './ports.js';
import { limitParam } from './query-params.js';
import { historyEntryJson, ticketJson } from './sla-json.js';

export interface TicketRouteDeps {
  tickets: TicketQueries;
  /** Read per request: the config may reload. */
  rules: () => SlaRules;
  clock: () => number;
  /** The calendars as written in the config, for explain's holidays and weekly hours (left out without it). */
  calendarSpecs?: (() => ReadonlyMap<string, CalendarSpec>) | undefined;
}

export const HISTORY_LIMIT_DEFAULT = 100;
export const HISTORY_LIMIT_MAX = 1000;
/** Entries of the trail read to name pause statuses and retargets in an explanation. */
export const EXPLAIN_HISTORY_LIMIT = 1000;

export function ticketRoutes(deps: TicketRouteDeps): Router {
  const router = Router();

  router.get('/tickets/:source/:id', async (req, res) => {
    const { source, id } = req.params;
    const state = await deps.tickets.get(source, id);
    if (state === undefined) throw notFound(source, id);
    res.json(ticketJson(state, viewTimers(state, deps.rules(), deps.clock())));
  });

  router.get('/tickets/:source/:id/history', async (req, res) => {
    const { source, id } = req.params;
    const limit = limitParam(req, 'limit', HISTORY_LIMIT_DEFAULT, HISTORY_LIMIT_MAX);
    const [state, entries] = await Promise.all([deps.tickets.get(source, id), deps.tickets.history(source, id, limit)]);
    // A ticket whose state expired may still have a trail: only "neither" is unknown.
    if (state === undefined && entries.length === 0) throw notFound(source, id);
    res.json({ entries: entries.slice(0, limit).map(historyEntryJson) });
  });

  router.get('/tickets/:source/:id/explain', async (req, res) => {
    const { source, id } = req.params;
    const [state, history] = await Promise.all([deps.tickets.get(source, id), deps.tickets.history(source, id, EXPLAIN_HISTORY_LIMIT)]);
    if (state === undefined) throw notFound(source, id);
    const specs = deps.calendarSpecs?.();
    const explanation = explainTicket(state, deps.rules(), { now: deps.clock(), history, ...(specs === undefined ? {} : { calendarSpecs: specs }) });
    res.json(explanationJson(explanation));
  });

  return router;
}

function notFound(source: string, id: string): HttpError {
  return new HttpError(404, 'sla_not_found', `no SLA state for ticket ${JSON.stringify(id)} of source ${JSON.stringify(source)}`);
}
