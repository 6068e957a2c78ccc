/**
 * Per-request context: a request id (the caller's `X-Request-Id` when it is sane, else a
 * new one), echoed in the answer and bound to a child logger, and one access-log line per
 * request with whatever the route added (source, outcome). Bodies and headers are never logged.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger.js';

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;
/** Probes and scrapes are frequent and uninteresting: logged at debug only. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given !== undefined && REQUEST_ID_RE.test(given) ? given : randomUUID();
    const log = logger.child({ reqId: requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.locals.logFields = {};
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    // Captured now: routers mounted under a prefix rewrite req.path while they run.
    const path = req.path;
    res.once('close', () => {
      const fields = {
        method: req.method,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(res.writableFinished ? {} : { aborted: true }),
        ...(res.locals.logFields as Record<string, unknown>),
      };
      if (QUIET_PATHS.has(path)) log.debug(fields, 'request');
      else log.info(fields, 'request');
    });
    next();
  };
}

/** The request's logger (bound to its id). */
export function requestLog(res: Response): Logger {
  return res.locals.log as Logger;
}

/** Adds fields to the request's access-log line (never secrets or payload content). */
export function addLogFields(res: Response, fields: Record<string, unknown>): void {
  Object.assign(res.locals.logFields as Record<string, unknown>, fields);
}
