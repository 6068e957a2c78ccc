/**
 * Errors as every route answers them: a status and a JSON body with a named code, so logs
 * and clients can tell what to fix: `{ "error": { "code", "message", "fields"? } }`.
 */
import type { ServerResponse } from 'node:http';
import type { FieldError } from '../../integrations/integration.js';

/** The codes of 4xx and 5xx answers. */
export type ErrorCode =
  | 'sla_signature_invalid'
  | 'sla_payload_invalid'
  | 'sla_source_unknown'
  | 'sla_payload_too_large'
  | 'sla_unauthorized'
  | 'sla_not_found'
  | 'sla_query_invalid'
  | 'sla_unavailable'
  | 'sla_rate_limited'
  | 'sla_widget_disabled'
  | 'sla_internal';

/** Thrown (or passed to `next`) by handlers; the error handler sends it as is. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of an error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldError[] };
}

export function sendError(res: ServerResponse, err: HttpError): void {
  for (const [name, value] of Object.entries(err.headers ?? {})) res.setHeader(name, value);
  const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
  sendJson(res, err.status, body);
}

/** A JSON answer on Node's own response (Express's `res.json` is not there on the webhook fast path). */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
