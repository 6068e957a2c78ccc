/**
 * Who may read SLA data when `API_TOKEN` is set. API clients send `Authorization: Bearer`.
 * Browsers cannot add headers to page loads or `EventSource`, so opening `/board?token=…`
 * once sets an HttpOnly session cookie holding a digest of the token (never the token),
 * and the page, its fragments and the stream accept that cookie. Comparisons are
 * constant-time over fixed-length digests.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-error.js';

export const SESSION_COOKIE = 'sla_session';
const BEARER_RE = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** How a request proved access, if it did. */
export type Access = 'open' | 'bearer' | 'session' | 'none';

export interface AccessCheck {
  /** True when no token is configured. */
  readonly open: boolean;
  check(req: Request): Access;
  /** The Set-Cookie header value that opens a session for this token. */
  sessionCookie(secure: boolean): string;
  /** True when `given` is the token. */
  isToken(given: string): boolean;
}

export function accessCheck(token: string | undefined): AccessCheck {
  if (token === undefined || token === '') {
    return { open: true, check: () => 'open', sessionCookie: () => '', isToken: () => false };
  }
  const tokenDigest = digest(token);
  const session = createHmac('sha256', token).update('sla-timer board session v1').digest('hex');
  const sessionDigest = digest(session);
  const isToken = (given: string) => timingSafeEqual(digest(given), tokenDigest);
  return {
    open: false,
    isToken,
    check(req) {
      const bearer = BEARER_RE.exec(req.get('authorization') ?? '')?.[1];
      if (bearer !== undefined && isToken(bearer)) return 'bearer';
      const cookie = parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE];
      if (cookie !== undefined && timingSafeEqual(digest(cookie), sessionDigest)) return 'session';
      return 'none';
    },
    sessionCookie: (secure) => stringifySetCookie({ name: SESSION_COOKIE, value: session, httpOnly: true, sameSite: 'strict', path: '/', secure, maxAge: 30 * 86_400 }),
  };
}

/** `/api/*`: a bearer token or a board session. */
export function requireApiAccess(access: AccessCheck): RequestHandler {
  return (req, _res, next) => {
    if (access.open || access.check(req) !== 'none') return next();
    const header = req.get('authorization');
    throw new HttpError(
      401,
      'sla_unauthorized',
      header === undefined ? 'missing Authorization header; send Authorization: Bearer <API_TOKEN>' : 'invalid bearer token; send Authorization: Bearer <API_TOKEN>',
      undefined,
      { 'WWW-Authenticate': header === undefined ? 'Bearer realm="sla-timer"' : 'Bearer realm="sla-timer", error="invalid_token"' },
    );
  };
}

/**
 * Pages: a bearer token, a session, or `?token=` (which opens a session and redirects to the
 * same URL without the token, so it does not stay in the address bar or the history).
 */
export function requirePageAccess(access: AccessCheck): RequestHandler {
  return (req, res, next) => {
    if (access.open || access.check(req) !== 'none') return next();
    const given = typeof req.query.token === 'string' ? req.query.token : undefined;
    if (given !== undefined && access.isToken(given)) {
      const url = new URL(req.originalUrl, 'http://localhost');
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', access.sessionCookie(req.secure));
      res.redirect(303, url.pathname + url.search);
      return;
    }
    res.status(401).type('html').send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sla-timer: sign in</title></head><body>' +
        '<h1>This board needs the API token</h1><p>Open this page once as <code>/board?token=&lt;API_TOKEN&gt;</code>; ' +
        'the browser then keeps a session cookie.</p></body></html>',
    );
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
