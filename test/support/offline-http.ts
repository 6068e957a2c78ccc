/**
 * For tests of help-desk API clients with nock: no real network while the file runs, nock's
 * interceptors cleared after each test, and a `sleep` that records the waits a client asks
 * for (Retry-After, backoff) instead of waiting.
 *
 * ```ts
 * const { slept, sleep } = offlineHttp();
 * createZendeskReader(config, { sleep });
 * ```
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

export function offlineHttp(): { slept: number[]; sleep: (ms: number) => Promise<void> } {
  const slept: number[] = [];
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    slept.length = 0;
  });
  return { slept, sleep: async (ms) => void slept.push(ms) };
}
