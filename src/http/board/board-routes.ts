/**
 * `GET /board`: the countdown board for agents and managers, filters in the URL.
 * `GET /board/fragment`: the parts the page swaps in when timers change.
 * `GET /assets/*`: the board's script and stylesheet (no third-party assets anywhere).
 */
import { readFileSync } from 'node:fs';
import { Router, type Request } from 'express';
import { METRICS, type Metric, type SlaRules } from '../../sla/index.js';
import { requirePageAccess, type AccessCheck } from '../access.js';
import type { TicketQueries } from '../ports.js';
import { values } from '../query-params.js';
import { boardData, type BoardData, type BoardFilters } from './board-data.js';
import { boardPage, clientData, countsHtml, rowsHtml } from './board-page.js';

export interface BoardRouteDeps {
  tickets: TicketQueries;
  rules: () => SlaRules;
  clock: () => number;
  access: AccessCheck;
}

/** Tickets read for one board view, soonest due first, and rows shown at most. */
const MAX_TICKETS = 2_000;
const MAX_ROWS = 500;

/** Scripts and styles only from here; no frames, no inline code. */
export const BOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export const ASSETS = {
  js: readFileSync(new URL('../assets/board.js', import.meta.url), 'utf8'),
  css: readFileSync(new URL('../assets/board.css', import.meta.url), 'utf8'),
};

export function boardRoutes(deps: BoardRouteDeps): Router {
  const router = Router();
  const pageAccess = requirePageAccess(deps.access);
  const load = async (filters: BoardFilters): Promise<BoardData> =>
    boardData(await deps.tickets.active(MAX_TICKETS), deps.rules(), deps.clock(), filters, MAX_ROWS);

  router.get('/board', pageAccess, async (req, res) => {
    const filters = boardFilters(req);
    const page = boardPage(await load(filters), filters, { wall: values(req, 'wall')[0] === '1' });
    res.set({ 'Content-Security-Policy': BOARD_CSP, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    res.type('html').send(page);
  });

  router.get('/board/fragment', pageAccess, async (req, res) => {
    const data = await load(boardFilters(req));
    res.set('Cache-Control', 'no-store').json({ rows: rowsHtml(data).value, counts: countsHtml(data).value, data: clientData(data) });
  });

  router.get('/assets/board.js', (_req, res) => void res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(ASSETS.js));
  router.get('/assets/board.css', (_req, res) => void res.type('text/css').set('Cache-Control', 'public, max-age=300').send(ASSETS.css));
  return router;
}

/** Filters from the URL; values the board does not know simply match nothing (an old link must not fail). */
export function boardFilters(req: Request): BoardFilters {
  const pick = (name: string) => {
    const v = values(req, name);
    return v.length === 0 ? undefined : v;
  };
  const metric = pick('metric')?.filter((m): m is Metric => (METRICS as readonly string[]).includes(m));
  const filters: BoardFilters = {};
  for (const name of ['severity', 'policy', 'group', 'assignee'] as const) {
    const v = pick(name);
    if (v !== undefined) filters[name] = v;
  }
  if (metric !== undefined) filters.metric = metric;
  return filters;
}
