/**
 * The whole service in-process for integration tests: `startService` on port 0 with a YAML
 * config text, a fresh Redis key prefix and a fake Slack (the real Slack notifier talks to it
 * over HTTP), plus helpers to sign and POST generic webhooks and read the API. `stop()`
 * closes everything it started and deletes the prefix's keys.
 *
 * ```ts
 * const h = await startServiceHarness({ name: 'escalation', config: YAML });
 * const t = genericTicket('T-1', { priority: 'urgent' });
 * await h.send(t.event());                       // signed POST, expects 202
 * const ticket = await h.ticket('T-1');          // GET /api/tickets/generic/T-1
 * await waitFor(() => h.slack.messages('#leads').length > 0);
 * await h.stop();
 * ```
 */
import type { Redis } from 'ioredis';
import { integrations } from '../../integrations/registry.js';
import { loadConfigText, type LoadedConfig } from '../../src/config/index.js';
import type { Env } from '../../src/env.js';
import type { historyEntryJson, ticketJson, timerRowJson } from '../../src/http/sla-json.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createQueues, type Queues } from '../../src/queues/queues.js';
import { startService, type RunningService, type ServiceOptions } from '../../src/service.js';
import { FakeSlack, type FakeSlackCall, type FakeSlackMessage } from './fake-slack.js';
import { signGeneric } from './generic-webhook.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from './redis.js';

export type TicketJson = ReturnType<typeof ticketJson>;
export type TimerRowJson = ReturnType<typeof timerRowJson>;
export type HistoryEntryJson = ReturnType<typeof historyEntryJson>;

export const TEST_WEBHOOK_SECRET = 'test-generic-secret';
export const TEST_API_TOKEN = 'test-api-token';

export interface ServiceHarnessOptions {
  /** The YAML config; `${GENERIC_WEBHOOK_SECRET}` resolves to `secret`. */
  config: string;
  /** Names the fresh key prefix (`test-<name>-<random>`); ignored when `prefix` is given. */
  name?: string;
  /** Use this prefix (another harness's): its keys are then left for their owner to delete. */
  prefix?: string;
  /** Use this fake Slack (another harness's); by default a new one is started and stopped. */
  slack?: FakeSlack;
  roles?: ServiceOptions['roles'];
  /** `API_TOKEN`; default TEST_API_TOKEN, null for none. */
  apiToken?: string | null;
  secret?: string;
  workers?: ServiceOptions['workers'];
  notify?: ServiceOptions['notify'];
  /** pino level of the service (default `TEST_LOG_LEVEL` or silent). */
  logLevel?: string;
  /** The service's logger (default a pino logger at `logLevel` on stdout). */
  logger?: Logger;
  /** Environment settings over the harness's own (e.g. `workerConcurrency`). */
  env?: Partial<Env>;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A successful fake-Slack call and when it was answered. */
export interface TimedCall {
  at: number;
  call: FakeSlackCall;
}

export interface ServiceHarness {
  readonly prefix: string;
  readonly secret: string;
  readonly apiToken: string | undefined;
  readonly slack: FakeSlack;
  readonly config: LoadedConfig;
  readonly service: RunningService;
  /** Base URL of the HTTP side (empty when this service does not serve HTTP). */
  readonly url: string;
  /** Successful Slack calls in order, with the instant each was answered (harnesses that started the fake only). */
  readonly slackLog: TimedCall[];
  /** Signs (unless `signature` is given; null sends none) and POSTs a raw or JSON body to `/webhooks/:source`. */
  post(body: unknown, options?: { secret?: string; signature?: string | null; source?: string }): Promise<HttpResult<Record<string, unknown>>>;
  /** POSTs one event object, signed, and expects 202 `{accepted, duplicates}`. */
  send(event: object): Promise<{ accepted: number; duplicates: number }>;
  /** POSTs an array of events as one delivery, signed, and expects 202. */
  sendBatch(events: object[]): Promise<{ accepted: number; duplicates: number }>;
  /** GET with the API token (pass `token: null` for none, or another token). */
  get<T = unknown>(path: string, options?: { token?: string | null }): Promise<HttpResult<T>>;
  /** `GET /api/tickets/generic/:id`, expecting 200. */
  ticket(id: string, source?: string): Promise<TicketJson>;
  /** Polls `GET /api/tickets/:source/:id` until `check` holds (404s count as not yet). */
  waitForTicket(id: string, check?: (t: TicketJson) => boolean, options?: { timeoutMs?: number; source?: string }): Promise<TicketJson>;
  /** Waits until a queue has no job waiting, active or delayed (e.g. every event delivered so far was applied). */
  waitForIdle(queue?: 'events' | 'checkpoints' | 'notify', options?: { timeoutMs?: number }): Promise<void>;
  /** Another service on the same prefix, config and fake Slack (e.g. workers only); stopped by `stop()`. */
  startPeer(options?: { roles?: ServiceOptions['roles']; workers?: ServiceOptions['workers'] }): Promise<RunningService>;
  /** Closes the peers and the service, stops the fake Slack and deletes the keys it owns. Idempotent. */
  stop(): Promise<void>;
}

export async function startServiceHarness(options: ServiceHarnessOptions): Promise<ServiceHarness> {
  // First, so a missing Redis fails with instructions instead of a service retrying forever.
  const redis = await connectTestRedis();
  const ownsPrefix = options.prefix === undefined;
  const prefix = options.prefix ?? testPrefix(options.name ?? 'service');
  const secret = options.secret ?? TEST_WEBHOOK_SECRET;
  const apiToken = options.apiToken === null ? undefined : (options.apiToken ?? TEST_API_TOKEN);
  const slackLog: TimedCall[] = [];
  const ownsSlack = options.slack === undefined;
  const slack = options.slack ?? new FakeSlack({ onCall: (call) => void slackLog.push({ at: Date.now(), call }) });
  const peers: RunningService[] = [];
  let service: RunningService | undefined;
  let stopped = false;
  let queues: Queues | undefined;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    const errors: unknown[] = [];
    for (const s of [...peers.reverse(), ...(service ? [service] : [])]) await s.close().catch((err: unknown) => void errors.push(err));
    await queues?.close().catch(() => undefined);
    if (ownsSlack) await slack.stop().catch((err: unknown) => void errors.push(err));
    if (ownsPrefix) await deletePrefix(redis, prefix).catch((err: unknown) => void errors.push(err));
    await redis.quit().catch(() => undefined);
    if (errors.length > 0) throw errors[0];
  };

  try {
    if (ownsSlack) await slack.start();
    const integrationSchemas = new Map([...integrations].map(([name, integration]) => [name, integration.configSchema]));
    const config = loadConfigText(options.config, 'test-config.yaml', { env: { GENERIC_WEBHOOK_SECRET: secret }, integrationSchemas });
    const logLevel = options.logLevel ?? process.env.TEST_LOG_LEVEL ?? 'silent';
    const env: Env = {
      port: 0,
      redisUrl: TEST_REDIS_URL,
      configPath: config.file,
      keyPrefix: prefix,
      slackBotToken: slack.token,
      slackApiUrl: slack.apiUrl,
      apiToken,
      logLevel,
      roles: { api: true, workers: true },
      ...options.env,
    };
    const launch = (roles: ServiceOptions['roles'], workers: ServiceOptions['workers']) =>
      startService({
        env,
        config,
        registry: integrations,
        logger: options.logger ?? createLogger(logLevel),
        metrics: createMetrics({ defaults: false }),
        ...(roles ? { roles } : {}),
        ...(workers ? { workers } : {}),
        ...(options.notify ? { notify: options.notify } : {}),
      });
    service = await launch(options.roles, options.workers);
    const running = service;
    const url = running.port === 0 ? '' : running.url;

    const authHeaders = (token: string | null | undefined): Record<string, string> => {
      const t = token === undefined ? apiToken : token;
      return t === null || t === undefined ? {} : { Authorization: `Bearer ${t}` };
    };
    const readJson = async (res: Response): Promise<unknown> => {
      const text = await res.text();
      try {
        return text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        return text;
      }
    };

    const harness: ServiceHarness = {
      prefix, secret, apiToken, slack, config, service: running, url, slackLog,
      async post(body, opts = {}) {
        const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
        const signature = opts.signature === undefined ? signGeneric(raw, opts.secret ?? secret) : opts.signature;
        const res = await fetch(`${url}/webhooks/${opts.source ?? 'generic'}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'X-Signature': signature }) },
          body: raw,
        });
        return { status: res.status, headers: res.headers, body: (await readJson(res)) as Record<string, unknown> };
      },
      async send(event) {
        return expect202(await harness.post(event));
      },
      async sendBatch(events) {
        return expect202(await harness.post(events));
      },
      async get<T>(path: string, opts: { token?: string | null } = {}) {
        const res = await fetch(`${url}${path}`, { headers: authHeaders(opts.token) });
        return { status: res.status, headers: res.headers, body: (await readJson(res)) as T };
      },
      async ticket(id, source = 'generic') {
        const res = await harness.get<TicketJson>(`/api/tickets/${encodeURIComponent(source)}/${encodeURIComponent(id)}`);
        if (res.status !== 200) throw new Error(`GET ticket ${source}/${id} answered ${res.status}: ${JSON.stringify(res.body)}`);
        return res.body;
      },
      async waitForTicket(id, check = () => true, opts = {}) {
        const source = opts.source ?? 'generic';
        let last: TicketJson | undefined;
        await waitFor(
          async () => {
            const res = await harness.get<TicketJson>(`/api/tickets/${encodeURIComponent(source)}/${encodeURIComponent(id)}`);
            if (res.status !== 200) return false;
            last = res.body;
            return check(res.body);
          },
          { timeoutMs: opts.timeoutMs ?? 5_000, message: () => `ticket ${source}/${id} never matched; last seen: ${JSON.stringify(last)}` },
        );
        return last!;
      },
      async waitForIdle(queue = 'events', opts = {}) {
        queues ??= createQueues(TEST_REDIS_URL, prefix);
        const q = queues[queue];
        let counts: Record<string, number> = {};
        await waitFor(
          async () => {
            counts = await q.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused');
            return Object.values(counts).every((n) => n === 0);
          },
          { timeoutMs: opts.timeoutMs ?? 5_000, message: () => `queue ${queue} still busy: ${JSON.stringify(counts)}` },
        );
      },
      async startPeer(peer = {}) {
        const s = once(await launch(peer.roles ?? { api: false, workers: true }, peer.workers ?? options.workers));
        peers.push(s);
        return s;
      },
      stop,
    };
    return harness;
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}

/** The service with a `close()` that runs once, however often it is called. */
function once(s: RunningService): RunningService {
  let closing: Promise<void> | undefined;
  return { ...s, close: () => (closing ??= s.close()) };
}

function expect202(res: HttpResult<Record<string, unknown>>): { accepted: number; duplicates: number } {
  if (res.status !== 202) throw new Error(`POST /webhooks answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { accepted: number; duplicates: number };
}

/** Polls `check` every `intervalMs` (default 20) until it holds; fails after `timeoutMs` (default 5 s). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string | (() => string) } = {},
): Promise<void> {
  const end = Date.now() + (options.timeoutMs ?? 5_000);
  while (!(await check())) {
    if (Date.now() > end) {
      const m = options.message;
      throw new Error(`waitFor: ${typeof m === 'function' ? m() : (m ?? 'condition not met in time')}`);
    }
    await sleep(options.intervalMs ?? 20);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Sleeps until the epoch-ms instant `at` (no-op when past). */
export const sleepUntil = (at: number): Promise<void> => sleep(Math.max(0, at - Date.now()));

/** The notice id a message was posted for (its metadata), if any. */
export function noticeIdOf(m: FakeSlackMessage): string | undefined {
  const id = m.metadata?.event_payload.notice_id;
  return typeof id === 'string' ? id : undefined;
}

/** A Slack ts (`"1700000000.000123"`) as epoch ms: the fake stamps messages with the time they were posted. */
export function tsMs(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1000 + Math.floor(Number(frac.padEnd(6, '0').slice(0, 6)) / 1000);
}

/** The header text of a Block Kit message (the alert's one-line summary). */
export function headerOf(m: FakeSlackMessage | undefined): string | undefined {
  const block = m?.blocks?.[0] as { type?: string; text?: { text?: string } } | undefined;
  return block?.type === 'header' ? block.text?.text : undefined;
}
