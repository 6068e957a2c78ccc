/**
 * Per-request context: a request id (the caller's `X-Request-Id` when it is sane, else a
 * new one), echoed in the answer, and one access-log line per request with whatever the
 * route added (source, outcome). Bodies and headers are never logged. It works on Node's
 * own request and response, so the webhook fast path (create-app.ts) uses it without Express.
 *
 * The access line goes through a child logger without redaction: its fields are the ones
 * chosen here and by `addLogFields` (names, counts, field paths), never a config block or
 * a header, and pino's wildcard redaction would cost more than the rest of the line (about
 * 13 µs of the 17 per line, at every webhook). Anything else a route logs goes through
 * `requestLog`, made on first use, which keeps the service logger's redaction.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Starts a request's context; `path` is its path without the query string. */
export type StartRequest = (req: IncomingMessage, res: ServerResponse, path: string) => void;

export function startRequests(logger: Logger): StartRequest {
  const accessLog = logger.child({}, { redact: [] });
  return (req, res, path) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    const context: Context = { requestId, logger, logFields: {} };
    contexts.set(res, context);
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.once('close', () => {
      const fields = {
        reqId: requestId,
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(res.writableFinished ? {} : { aborted: true }),
        ...context.logFields,
      };
      if (QUIET_PATHS.has(path)) accessLog.debug(fields, 'request');
      else accessLog.info(fields, 'request');
    });
  };
}

/** The same as Express middleware, for every route but the webhook fast path. */
export function requestContext(start: StartRequest): RequestHandler {
  return (req, res, next) => {
    // Captured now: routers mounted under a prefix rewrite req.path while they run.
    start(req, res, req.path);
    next();
  };
}

/** The request's id ('' outside a request context). */
export function requestIdOf(res: ServerResponse): string {
  return contexts.get(res)?.requestId ?? '';
}

/** The request's logger (bound to its id, with the service logger's redaction). */
export function requestLog(res: ServerResponse): Logger {
  const context = contexts.get(res);
  if (context === undefined) throw new Error('requestLog called outside a request context');
  context.log ??= context.logger.child({ reqId: context.requestId });
  return context.log;
}

/** Adds fields to the request's access-log line (never secrets or payload content). */
export function addLogFields(res: ServerResponse, fields: Record<string, unknown>): void {
  const context = contexts.get(res);
  if (context !== undefined) Object.assign(context.logFields, fields);
}

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;
/** Probes and scrapes are frequent and uninteresting: logged at debug only. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

interface Context {
  requestId: string;
  logger: Logger;
  log?: Logger;
  logFields: Record<string, unknown>;
}
const contexts = new WeakMap<ServerResponse, Context>();
