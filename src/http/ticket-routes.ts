/**
 * `GET /api/tickets/:source/:id` (the ticket's SLA now) and
 * `GET /api/tickets/:source/:id/history` (its audit trail, newest first).
 */
import { Router } from 'express';
import { viewTimers, type SlaRules } from '../sla/index.js';
import { HttpError } from './http-error.js';
import type { TicketQueries } from './ports.js';
import { limitParam } from './query-params.js';
import { historyEntryJson, ticketJson } from './sla-json.js';

export interface TicketRouteDeps {
  tickets: TicketQueries;
  /** Read per request: the config may reload. */
  rules: () => SlaRules;
  clock: () => number;
}

export const HISTORY_LIMIT_DEFAULT = 100;
export const HISTORY_LIMIT_MAX = 1000;

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

  return router;
}

function notFound(source: string, id: string): HttpError {
  return new HttpError(404, 'sla_not_found', `no SLA state for ticket ${JSON.stringify(id)} of source ${JSON.stringify(source)}`);
}
