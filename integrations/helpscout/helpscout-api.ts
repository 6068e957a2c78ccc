/**
 * Calls to the Help Scout Mailbox API 2.0 with a client-credentials bearer token: the token is
 * fetched and cached by `helpscout-token.ts`, and an answer of 401 (the token was revoked or
 * expired early) drops it and retries the call once with a new one. Shared by the writer and
 * the resync reader, each with its own token cache.
 */
import { createWriteBackHttp, WriteBackError, type WriteBackHttp } from '../shared/write-back-http.js';
import { createTokenSource, HELPSCOUT_API_URL, type TokenSourceOptions } from './helpscout-token.js';

export interface HelpscoutApi {
  /** Runs `call` with a client for the current token; a 401 drops the token and runs it once more with a new one. */
  withApi<T>(call: (api: WriteBackHttp, token: string) => Promise<T>): Promise<T>;
}

export function createHelpscoutApi(appId: string, appSecret: string, options: TokenSourceOptions = {}): HelpscoutApi {
  const { baseURL = HELPSCOUT_API_URL, sleep, timeoutMs, maxAttempts, maxInlineWaitMs } = options;
  const httpOptions = { sleep, timeoutMs, maxAttempts, maxInlineWaitMs };
  const tokens = createTokenSource(appId, appSecret, options);
  return {
    async withApi(call) {
      for (let attempt = 1; ; attempt++) {
        const token = await tokens.get();
        const api = createWriteBackHttp({ ...httpOptions, baseURL, headers: { Authorization: `Bearer ${token}` } });
        try {
          return await call(api, token);
        } catch (err) {
          if (attempt >= 2 || !(err instanceof WriteBackError) || err.status !== 401) throw err;
          tokens.invalidate(token);
        }
      }
    },
  };
}
