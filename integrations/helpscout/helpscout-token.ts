/**
 * OAuth2 client-credentials tokens for the Help Scout Mailbox API 2.0 (docs: Authentication
 * → Client Credentials flow): `POST https://api.helpscout.net/v2/oauth2/token` with
 * `grant_type=client_credentials&client_id=<app id>&client_secret=<app secret>`, answered
 * `{ "access_token", "token_type": "bearer", "expires_in": 172800 }`. The token is cached
 * until a minute before it expires; concurrent callers share one request; `invalidate()`
 * drops it after a 401. Sent form-encoded: the docs accept JSON too, but clients report 400s.
 */
import { createWriteBackHttp, WriteBackError, type WriteBackHttpOptions } from '../shared/write-back-http.js';

export const HELPSCOUT_API_URL = 'https://api.helpscout.net';
const TOKEN_PATH = '/v2/oauth2/token';
/** Refresh this long before the stated expiry, so a token never dies mid-request. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the answer states no lifetime: Help Scout's documented 2 days is not assumed, 30 min is. */
const FALLBACK_LIFETIME_MS = 30 * 60_000;

export interface TokenSource {
  get(): Promise<string>;
  invalidate(token: string): void;
}

export interface TokenSourceOptions extends Pick<WriteBackHttpOptions, 'sleep' | 'timeoutMs' | 'maxAttempts' | 'maxInlineWaitMs'> {
  baseURL?: string;
  now?: () => number;
}

export function createTokenSource(appId: string, appSecret: string, options: TokenSourceOptions = {}): TokenSource {
  const { now = Date.now, baseURL = HELPSCOUT_API_URL, ...httpOptions } = options;
  const http = createWriteBackHttp({ ...httpOptions, baseURL, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: appId, client_secret: appSecret }).toString();
    const data = (await http.send('POST', TOKEN_PATH, form)) as { access_token?: unknown; expires_in?: unknown } | null;
    const token = data?.access_token;
    if (typeof token !== 'string' || token === '') throw new WriteBackError(`POST ${TOKEN_PATH} answered without an access_token`, false);
    const lifetime = typeof data?.expires_in === 'number' && data.expires_in > 0 ? data.expires_in * 1000 : FALLBACK_LIFETIME_MS;
    cached = { token, expiresAt: now() + lifetime - Math.min(EXPIRY_MARGIN_MS, lifetime / 2) };
    return token;
  }

  return {
    async get() {
      if (cached !== undefined && now() < cached.expiresAt) return cached.token;
      pending ??= fetchToken().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
