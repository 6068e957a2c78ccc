/**
 * The last two handlers: a JSON 404 for routes that do not exist, and the error handler
 * that turns anything thrown into a named-code JSON answer. Internal errors are logged with
 * their stack and answered without it.
 */
import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { HttpError, sendError } from './http-error.js';
import { requestIdOf, requestLog } from './request-context.js';

export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => next(new HttpError(404, 'sla_not_found', `no route for ${req.method} ${req.path}`));
}

export function errorHandler(): ErrorRequestHandler {
  // Four parameters: that is how Express tells an error handler from a middleware.
  return (err: unknown, _req, res, _next) => failRequest(res, err);
}

/**
 * Answers what a handler threw: our codes as they are, anything else logged and 500. Once the
 * answer has started there is no room for an error body: logged, and the connection closed
 * (as Express's last handler does). Express routes and the webhook fast path both end here.
 */
export function failRequest(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    requestLog(res).error({ err }, 'error after the answer started');
    res.destroy();
    return;
  }
  const httpError = toHttpError(err, requestIdOf(res));
  if (httpError.status >= 500 && !(err instanceof HttpError)) requestLog(res).error({ err }, 'request failed');
  sendError(res, httpError);
}

/** Our errors as they are; errors from express and body parsing by their status; the rest 500. */
function toHttpError(err: unknown, requestId: string): HttpError {
  if (err instanceof HttpError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; statusCode?: unknown; type?: unknown; expose?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (e.type === 'entity.too.large' || status === 413) return new HttpError(413, 'sla_payload_too_large', 'the body is too large');
  if (err instanceof URIError) return new HttpError(400, 'sla_query_invalid', 'the URL has malformed percent-encoding');
  if (status >= 400 && status < 500) {
    const message = e.expose === true && typeof e.message === 'string' ? e.message : 'bad request';
    // Body-parser errors carry a `type`; the others (e.g. an undecodable path) concern the URL.
    return new HttpError(status, typeof e.type === 'string' ? 'sla_payload_invalid' : 'sla_query_invalid', message);
  }
  return new HttpError(500, 'sla_internal', `internal error; the logs have the details under request id ${requestId}`);
}
