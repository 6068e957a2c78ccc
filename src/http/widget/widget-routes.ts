/**
 * `GET /widget/:source/:id` (+ `/fragment`, `/stream`): one ticket's countdowns for a help
 * desk's ticket sidebar, opened by a signed expiring link or the API token.
 * `GET /api/widget-link/:source/:id`: mints such a link (API token required).
 */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { WidgetSettings } from '../../config/index.js';
import { viewTimers, type SlaRules } from '../../sla/index.js';
import type { AccessCheck } from '../access.js';
import { boardData } from '../board/board-data.js';
import { clientData, countsHtml, rowsHtml } from '../board/board-page.js';
import { HttpError } from '../http-error.js';
import type { ChangeFeed, TicketQueries } from '../ports.js';
import { serveStream } from '../stream-routes.js';
import { signWidgetLink, verifyWidgetLink } from './widget-link.js';
import { endedHtml, widgetPage } from './widget-page.js';

export interface WidgetRouteDeps {
  tickets: TicketQueries;
  rules: () => SlaRules;
  clock: () => number;
  access: AccessCheck;
  widget: WidgetSettings | undefined;
  feed: ChangeFeed;
  openStreams?: Set<Response>;
  /** Public base URL for minted links (default: from the request). */
  publicUrl?: string;
}

export function widgetRoutes(deps: WidgetRouteDeps): { pages: Router; api: Router } {
  const pages = Router();
  const allowed = widgetAccess(deps);
  const load = async (req: Request) => {
    const { source, id } = req.params as { source: string; id: string };
    const state = await deps.tickets.get(source, id);
    if (state === undefined) throw new HttpError(404, 'sla_not_found', `no SLA clock is known for ticket ${source}/${id}`);
    const now = deps.clock();
    const rules = deps.rules();
    const ended = viewTimers(state, rules, now).filter((v) => v.state === 'achieved' || v.state === 'breached_achieved' || v.state === 'cancelled');
    return { state, ended, data: boardData([state], rules, now, {}, 50) };
  };

  pages.get('/widget/:source/:id', allowed, async (req, res) => {
    const { state, ended, data } = await load(req);
    const nonce = randomBytes(16).toString('base64');
    const query = new URL(req.originalUrl, 'http://localhost').search;
    res.set({
      'Content-Security-Policy': widgetCsp(nonce, deps.widget?.frameAncestors ?? []),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.type('html').send(widgetPage(data, ended, { nonce, source: state.source, ticketId: state.ticketId, subject: state.ticket.subject, query }));
  });

  pages.get('/widget/:source/:id/fragment', allowed, async (req, res) => {
    const { data, ended } = await load(req);
    res.set('Cache-Control', 'no-store').json({ rows: rowsHtml(data).value, counts: countsHtml(data).value, ended: endedHtml(ended).value, data: clientData(data) });
  });

  pages.get('/widget/:source/:id/stream', allowed, (req, res) => {
    const { source, id } = req.params as { source: string; id: string };
    serveStream(req, res, { feed: deps.feed, ...(deps.openStreams ? { open: deps.openStreams } : {}) }, { source, ticketId: id });
  });

  const api = Router();
  api.get('/widget-link/:source/:id', (req, res) => {
    const { source, id } = req.params as { source: string; id: string };
    if (deps.widget === undefined) {
      throw new HttpError(404, 'sla_widget_disabled', 'widget links need a signing secret: add widget: { secret: "${WIDGET_SECRET}" } to the config');
    }
    const expiresAt = deps.clock() + deps.widget.linkTtlMs;
    const { exp, sig } = signWidgetLink(deps.widget.secret, source, id, expiresAt);
    const base = deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const url = `${base}/widget/${encodeURIComponent(source)}/${encodeURIComponent(id)}?exp=${exp}&sig=${sig}`;
    res.json({ url, expires_at: new Date(exp * 1000).toISOString() });
  });
  return { pages, api };
}

/** A valid signed link for this ticket, or the API token (bearer or board session). */
function widgetAccess(deps: WidgetRouteDeps): RequestHandler {
  return (req, res, next) => {
    const { source, id } = req.params as { source: string; id: string };
    const signed = deps.widget !== undefined && verifyWidgetLink(deps.widget.secret, source, id, req.query.exp, req.query.sig, deps.clock());
    if (signed || deps.access.open || deps.access.check(req) !== 'none') return next();
    res.status(401).type('text/plain').send('This widget link is invalid or has expired; reopen the ticket to get a fresh one.');
  };
}

function widgetCsp(nonce: string, frameAncestors: string[]): string {
  const ancestors = frameAncestors.length > 0 ? frameAncestors.join(' ') : "'none'";
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}
