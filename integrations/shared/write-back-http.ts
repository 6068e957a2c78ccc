/**
 * The HTTP client write-backs use (axios). A help desk that says "slow down" (429 with
 * Retry-After) or stumbles (5xx, timeouts) is retried a few times in place when the wait
 * is short; past that the call fails with `retryable: true` and the wait, and the notify
 * queue retries later. Error messages name method, path and status, never credentials.
 */
import axios, { type AxiosInstance } from 'axios';

/** A failed write-back: `retryable` when a later attempt may succeed. */
export class WriteBackError extends Error {
  readonly code = 'sla_write_back_failed';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'WriteBackError';
  }
}

export interface WriteBackHttpOptions {
  baseURL: string;
  headers?: Record<string, string>;
  /** Basic auth (Zendesk `email/token`, Jira `email:api token`, Freshdesk `key:X`, ServiceNow user). */
  auth?: { username: string; password: string };
  timeoutMs?: number;
  /** Attempts within one call (default 3). */
  maxAttempts?: number;
  /** Longest Retry-After honoured in place (default 10 s); longer waits go back to the queue. */
  maxInlineWaitMs?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface WriteBackHttp {
  /** A GET sends no body (pass undefined); resync reads tickets through the same client. */
  send(method: 'GET' | 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): Promise<unknown>;
}

const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export function createWriteBackHttp(options: WriteBackHttpOptions): WriteBackHttp {
  const client: AxiosInstance = axios.create({
    baseURL: options.baseURL,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...options.headers },
    ...(options.auth ? { auth: options.auth } : {}),
    timeout: options.timeoutMs ?? 10_000,
    maxRedirects: 0,
    validateStatus: () => true,
  });
  const maxAttempts = options.maxAttempts ?? 3;
  const maxInline = options.maxInlineWaitMs ?? 10_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  return {
    async send(method, path, body) {
      for (let attempt = 1; ; attempt++) {
        const what = `${method} ${path}`;
        let status: number;
        let retryAfterMs: number | undefined;
        try {
          const res = await client.request({ method, url: path, data: body });
          if (res.status >= 200 && res.status < 300) return res.data as unknown;
          status = res.status;
          retryAfterMs = parseRetryAfter(res.headers['retry-after'], Date.now());
        } catch (err) {
          // No answer (timeout, connection refused): the write may or may not have happened.
          const reason = axios.isAxiosError(err) ? (err.code ?? 'network error') : 'network error';
          if (attempt >= maxAttempts) throw new WriteBackError(`${what} got no answer (${reason})`, true);
          await sleep(backoffMs(attempt));
          continue;
        }
        if (!RETRYABLE_STATUS.has(status)) throw new WriteBackError(`${what} answered ${status}`, false, status);
        const wait = retryAfterMs ?? backoffMs(attempt);
        if (attempt >= maxAttempts || wait > maxInline) throw new WriteBackError(`${what} answered ${status}`, true, status, wait);
        await sleep(wait);
      }
    },
  };
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoffMs(attempt: number): number {
  return Math.min(5_000, 250 * 2 ** (attempt - 1));
}
