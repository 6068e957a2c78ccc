/**
 * The service's environment variables (DESIGN.md "Environment"), read once in main and
 * passed down; nothing else reads `process.env`.
 */
export interface Env {
  port: number;
  redisUrl: string;
  configPath: string;
  keyPrefix: string;
  slackBotToken: string | undefined;
  slackApiUrl: string | undefined;
  apiToken: string | undefined;
  logLevel: string;
  /** What this process does (`SLA_ROLES`): serve HTTP, run the workers, or both (default). */
  roles: { api: boolean; workers: boolean };
  /**
   * `TRUST_PROXY`: which proxies' X-Forwarded-* headers to believe (Express's `trust proxy`):
   * false (default: none), true (any), a hop count, or addresses/subnets (`loopback`, `10.0.0.0/8`, …).
   * Behind a TLS-terminating proxy it is what makes the board's session cookie `Secure`.
   */
  trustProxy?: TrustProxy;
  /** Operational knobs; each is unset (the built-in default) unless its variable is given. */
  tuning?: Tuning;
  /** `WORKER_CONCURRENCY`: jobs run at once per queue in a workers process, for the queues given (the rest keep their defaults). */
  workerConcurrency?: WorkerConcurrency;
}

/** Jobs run at once per queue, as `WORKER_CONCURRENCY=events=64,checkpoints=4,notify=128` gives them. */
export type WorkerConcurrency = Partial<Record<'events' | 'checkpoints' | 'notify', number>>;

/** Express's `trust proxy` value (see Env.trustProxy). */
export type TrustProxy = boolean | number | string;

/** Timings operators (and fault tests) may shorten or lengthen; milliseconds. */
export interface Tuning {
  /** `RECONCILE_INTERVAL_MS`: between checkpoint reconciler runs (default 5 min). */
  reconcileIntervalMs?: number;
  /** `WORKER_LOCK_MS`: a job's lock; a crashed worker's jobs are retried once it lapses (default 30 s). */
  workerLockMs?: number;
  /** `WORKER_STALLED_INTERVAL_MS`: how often workers look for such jobs (default 30 s). */
  workerStalledIntervalMs?: number;
  /** `SLACK_TIMEOUT_MS`: per Slack call (default 10 s). */
  slackTimeoutMs?: number;
  /** `SLACK_POSTING_GRACE_MS`: an unanswered post younger than this may still land; not re-posted (default 30 s). */
  slackPostingGraceMs?: number;
  /** `NOTIFY_RETRY_MAX_MS`: longest wait between retries of a failed Slack delivery without Retry-After (default 60 s). */
  notifyRetryMaxMs?: number;
}

const TUNING_VARS: ReadonlyArray<[keyof Tuning, string]> = [
  ['reconcileIntervalMs', 'RECONCILE_INTERVAL_MS'],
  ['workerLockMs', 'WORKER_LOCK_MS'],
  ['workerStalledIntervalMs', 'WORKER_STALLED_INTERVAL_MS'],
  ['slackTimeoutMs', 'SLACK_TIMEOUT_MS'],
  ['slackPostingGraceMs', 'SLACK_POSTING_GRACE_MS'],
  ['notifyRetryMaxMs', 'NOTIFY_RETRY_MAX_MS'],
];

/** Reads and checks the environment; throws naming the variable and the fix. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT="${env.PORT}" is not a port number; set PORT to an integer between 0 and 65535`);
  }
  const keyPrefix = env.KEY_PREFIX ?? 'sla';
  if (!/^[A-Za-z0-9_.-]+$/.test(keyPrefix)) {
    throw new Error(`KEY_PREFIX="${keyPrefix}" may only contain letters, digits, '_', '.', '-' (it is wrapped in a {hash tag} for Redis Cluster)`);
  }
  return {
    port,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    configPath: env.SLA_CONFIG ?? 'config/sla.yaml',
    keyPrefix,
    slackBotToken: env.SLACK_BOT_TOKEN || undefined,
    slackApiUrl: env.SLACK_API_URL || undefined,
    apiToken: env.API_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    roles: readRoles(env.SLA_ROLES),
    trustProxy: readTrustProxy(env.TRUST_PROXY),
    tuning: readTuning(env),
    ...(env.WORKER_CONCURRENCY?.trim() ? { workerConcurrency: readWorkerConcurrency(env.WORKER_CONCURRENCY) } : {}),
  };
}

/** `events=64,checkpoints=4,notify=128`, any of the three, each a whole number from 1 to 1000. */
function readWorkerConcurrency(text: string): WorkerConcurrency {
  const out: WorkerConcurrency = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(events|checkpoints|notify)\s*=\s*(\d+)$/.exec(part);
    const n = m ? Number(m[2]) : NaN;
    if (!m || n < 1 || n > 1000) {
      throw new Error(`WORKER_CONCURRENCY="${text}" is not valid at "${part}"; give queue=count pairs separated by commas, queues events, checkpoints and notify, counts from 1 to 1000 (e.g. events=64,checkpoints=4,notify=128)`);
    }
    out[m[1] as keyof WorkerConcurrency] = n;
  }
  return out;
}

function readTuning(env: NodeJS.ProcessEnv): Tuning {
  const tuning: Tuning = {};
  for (const [key, name] of TUNING_VARS) {
    const text = env[name];
    if (text === undefined || text.trim() === '') continue;
    const ms = Number(text);
    if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${name}="${text}" is not valid; set it to a whole number of milliseconds above 0`);
    tuning[key] = ms;
  }
  return tuning;
}

/**
 * `true`/`false`, a whole number of hops, or a comma-separated list of addresses, subnets and
 * Express's names (`loopback`, `linklocal`, `uniquelocal`); the list is checked when the app is built.
 */
function readTrustProxy(text: string | undefined): TrustProxy {
  const t = text?.trim() ?? '';
  if (t === '' || t.toLowerCase() === 'false') return false;
  if (t.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(t)) return Number(t);
  if (/^-?\d+(\.\d+)?$/.test(t)) throw new Error(`TRUST_PROXY="${text}" is not valid; give a whole number of proxy hops (e.g. 1), true, false, or the proxies' addresses`);
  return t;
}

/** `api`, `workers` or `api,workers` (default): several processes of each share one Redis. */
function readRoles(text: string | undefined): Env['roles'] {
  if (text === undefined || text.trim() === '') return { api: true, workers: true };
  const given = text.split(',').map((r) => r.trim().toLowerCase()).filter((r) => r !== '');
  const unknown = given.filter((r) => r !== 'api' && r !== 'workers');
  if (unknown.length > 0 || given.length === 0) {
    throw new Error(`SLA_ROLES="${text}" is not valid; use api, workers or api,workers`);
  }
  return { api: given.includes('api'), workers: given.includes('workers') };
}
