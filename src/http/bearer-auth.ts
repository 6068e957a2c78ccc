/**
 * `API_TOKEN`: when set, `/api/*` needs `Authorization: Bearer <token>`. The comparison is
 * constant-time over fixed-length digests, so neither the token nor its length leaks.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

const BEARER_RE = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Checks the bearer token; lets every request through when no token is configured. */
export function requireBearerToken(token: string | undefined): RequestHandler {
  if (token === undefined || token === '') return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.get('authorization');
    if (header === undefined) {
      throw new HttpError(401, 'sla_unauthorized', 'missing Authorization header; send Authorization: Bearer <API_TOKEN>', undefined, {
        'WWW-Authenticate': 'Bearer realm="sla-timer"',
      });
    }
    const given = BEARER_RE.exec(header)?.[1];
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new HttpError(401, 'sla_unauthorized', 'invalid bearer token; send Authorization: Bearer <API_TOKEN>', undefined, {
        'WWW-Authenticate': 'Bearer realm="sla-timer", error="invalid_token"',
      });
    }
    next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
