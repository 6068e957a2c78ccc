/**
 * `GET /api/stream`: server-sent events of timer changes (started, paused, resumed,
 * retargeted, warned, breached, achieved, cancelled) from every worker process, with
 * `Last-Event-ID` resume and a heartbeat that keeps proxies from closing an idle stream.
 * `?ticket=<source>:<id>` narrows it to one ticket (the widget).
 */
import { Router, type Request, type Response } from 'express';
import type { ChangeEvent, ChangeFeed } from './ports.js';

export interface StreamRouteDeps {
  feed: ChangeFeed;
  heartbeatMs?: number;
  /** Open streams, so shutdown can end them instead of waiting. */
  open?: Set<Response>;
}

export function streamRoutes(deps: StreamRouteDeps): Router {
  const router = Router();
  router.get('/stream', (req, res) => serveStream(req, res, deps, ticketFilter(req)));
  return router;
}

/** Streams change events (optionally of one ticket) until the client goes away. */
export function serveStream(req: Request, res: Response, deps: StreamRouteDeps, only?: { source: string; ticketId: string }): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 3000\n\n');
  const lastId = req.get('last-event-id') ?? (typeof req.query.last_event_id === 'string' ? req.query.last_event_id : undefined);
  const unsubscribe = deps.feed.subscribe(lastId, (event: ChangeEvent) => {
    if (only !== undefined && (event.source !== only.source || event.ticketId !== only.ticketId)) return;
    const data = { source: event.source, ticket_id: event.ticketId, recorded_at: new Date(event.recordedAt).toISOString(), changes: event.changes.map((c) => ({ ...c, at: new Date(c.at).toISOString() })) };
    res.write(`id: ${event.id}\nevent: timer\ndata: ${JSON.stringify(data)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), deps.heartbeatMs ?? 15_000);
  deps.open?.add(res);
  res.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    deps.open?.delete(res);
  });
}

function ticketFilter(req: Request): { source: string; ticketId: string } | undefined {
  const ticket = typeof req.query.ticket === 'string' ? req.query.ticket : undefined;
  const i = ticket?.indexOf(':') ?? -1;
  return ticket === undefined || i <= 0 ? undefined : { source: ticket.slice(0, i), ticketId: ticket.slice(i + 1) };
}
