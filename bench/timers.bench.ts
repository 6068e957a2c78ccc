/**
 * bench:timers: 100,000 open tickets whose single `breach` alert falls due over a few minutes.
 * Measures, in one run:
 *   1. events applied per second by the service's workers (events fed straight into the events
 *      queue through QueueEventIngest, as the webhook does);
 *   2. Redis memory per open ticket, with every ticket open and its checkpoint job delayed
 *      (INFO used_memory delta, MEMORY USAGE of every key under the prefix, and per key kind);
 *   3. alert lateness: the fake Slack's chat.postMessage instant minus the notice's due instant,
 *      through the real notifier (exactly one post per ticket, no duplicates);
 *   4. the same count and spread of bare BullMQ delayed jobs (Queue + Worker), for comparison.
 *
 *   npm run bench:timers                            (= tsx bench/timers.bench.ts)
 *   npm run bench:timers -- --tickets 10000 --window-s 60 --lead-s 20    (quick run)
 *   npm run bench:timers -- --hz 100                (CONFIG SET hz 100 for the run, restored after)
 *
 * The service runs in a child process (bench/servers/service-server.ts: the real startService,
 * API and workers) with `notify: { minIntervalMs: 0, digestThreshold: Infinity }` so Slack's
 * per-channel pace (1 message/s/channel) does not turn the measurement into a queue of 100,000
 * alerts behind five channels. Keys live under a private KEY_PREFIX and are deleted at the end.
 * Prints a markdown report; exits 0 even when a target is missed (the report says MISSED).
 */
import os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkpointJobId } from '../src/queues/job-ids.js';
import { QueueEventIngest } from '../src/queues/event-ingest.js';
import { createQueues, JOB_DEFAULTS, type Queues } from '../src/queues/queues.js';
import { keysFor } from '../src/store/keys.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { benchFile, startChild, type BenchChild } from './support/child.js';
import { describeCpu, watchCpu, type CpuShares } from './support/cpu-watch.js';
import { benchPrefix, connect, deletePrefix, getHz, info, keysOf, REDIS_URL, redisWork, setHz, usedMemory, workDelta, type RedisWork } from './support/bench-redis.js';
import { BENCH_SECRET, ticketEvent, type BenchTicket } from './support/generic-events.js';
import { bytes, flags, fmt, mulberry32, pollUntil, sleep, summarize, verdict, type Summary } from './support/stats.js';

const f = flags();
const N = f.num('tickets', 100_000);
const WINDOW_MS = f.num('window-s', 180) * 1000;
/** The due window starts this long after the ingest is expected to end. */
const LEAD_MS = f.num('lead-s', 60) * 1000;
/** Applied events per second assumed when placing the due window (a slower ingest eats into the lead). */
const EST_RATE = f.num('est-rate', 2000);
const BARE_LEAD_MS = f.num('bare-lead-s', 20) * 1000;
/**
 * Warm-up tickets (not measured): due at the window's own rate over the 4 s that end 1 s
 * before it, so the service's alert path (JIT, heap sizing, Slack connections) runs at that
 * rate before the measured alerts, as it does in a service that has been up for a while
 * rather than started a minute ago. The bare BullMQ run gets the same. `--warmup-tickets 0`
 * measures from cold.
 */
const WARMUP_SPAN_MS = 4_000;
const WARMUP_FROM_MS = WARMUP_SPAN_MS + 1_000;
const WARMUP = f.num('warmup-tickets', Math.ceil((N * WARMUP_SPAN_MS) / WINDOW_MS));
const ALL = N + WARMUP;
const BATCH = f.num('batch', 500);
const IN_FLIGHT = f.num('in-flight', 4);
const HZ = f.opt('hz');
const LOG_LEVEL = f.str('log-level', 'info');
const SKIP_BARE = f.has('skip-bare');
const SKIP_SERVICE = f.has('skip-service');
const PROFILE = f.has('profile');
/** Diagnostics only: extra `workers` options of startService as JSON, e.g. '{"concurrency":{"notify":32}}'. */
const SERVICE_WORKERS = f.opt('service-workers');
/** Service processes: the first runs API and workers, the others workers only (SLA_ROLES=workers), all on one Redis. */
const PROCESSES = f.num('processes', 1);
/** Diagnostics: write every post as `ticket,due,posted,lateness` CSV to this file. */
const DUMP = f.opt('dump');
/** Wait this long past the window's end for the last posts (then report what is missing). */
const DRAIN_MS = f.num('drain-s', 90) * 1000;
const SEED = 20261125;

const TARGET_MS = 3_600_000; // first_response: 1h in bench/config/timers.yaml
const GROUPS = ['g1', 'g2', 'g3', 'g4', 'g5'];
const TARGET_EXTRA_P99_MS = 50;
const TARGET_EVENTS_PER_S = 3000;
const TARGET_BYTES_PER_TICKET = 2048;

// The whole bench stops by itself, whatever happens.
const HARD_DEADLINE_MS = 20 * 60_000;

interface ServiceResult {
  ingest: { enqueueMs: number; appliedMs: number; scheduledMs: number; applied: number; firstDueAfterIngestMs: number; lastDueAfterIngestMs: number };
  memory: MemoryReport;
  lateness: Summary;
  posts: number;
  unique: number;
  warmupPosts: number;
  duplicates: number;
  missing: number;
  unknown: number;
  postedBeforeMemory: number;
  counters: Record<string, number>;
  cpu?: { userMs: number; systemMs: number };
  work: { ingest: RedisWork; alerts: RedisWork };
  checkpointLag?: Array<[string | number, number]>;
  /** CPU use during the alert window. */
  alertCpu: CpuShares;
  /** CPU use from the first add to the last event applied. */
  ingestCpu: CpuShares;
  /** Event-loop delay of the bench process (where the fake Slack stamps posts) during the alerts, ms. */
  benchLoopDelay: { p50: number; p99: number; max: number };
}

interface MemoryReport {
  before: number;
  after: number;
  perTicket: number;
  keyCount: number;
  sumUsage: number;
  kinds: Array<{ kind: string; keys: number; bytesPerTicket: number; how: string }>;
}

interface BareResult {
  lateness: Summary;
  processed: number;
  warm: number;
  duplicates: number;
  memoryPerJob: number;
  cpu: CpuShares;
}

const loadAverages: string[] = [];
const noteLoad = (when: string) => loadAverages.push(`${when} ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);

async function main(): Promise<void> {
  const redis = connect();
  const hzBefore = await getHz(redis);
  let hzRun = hzBefore;
  const deadline = setTimeout(() => {
    console.error(`bench:timers: hard deadline of ${HARD_DEADLINE_MS / 60_000} min reached; stopping`);
    void cleanupAll().finally(() => process.exit(1));
  }, HARD_DEADLINE_MS);
  deadline.unref();
  const prefixes: string[] = [];
  const children: BenchChild[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];
  let cleaned = false;
  async function cleanupAll(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    for (const c of children) await c.stop(10_000).catch(() => undefined);
    for (const c of cleanups) await c().catch(() => undefined);
    if (HZ !== undefined) await setHz(redis, hzBefore).catch(() => undefined);
    for (const p of prefixes) console.error(`cleanup: deleted ${await deletePrefix(redis, p)} keys under {${p}}`);
  }
  process.once('SIGINT', () => void cleanupAll().finally(() => process.exit(130)));

  let service: ServiceResult | undefined;
  let bare: BareResult | undefined;
  try {
    if (HZ !== undefined) {
      await setHz(redis, Number(HZ));
      hzRun = await getHz(redis);
    }
    noteLoad('start');
    if (!SKIP_SERVICE) service = await runService(redis, prefixes, children, cleanups);
    noteLoad('after the service run');
    if (!SKIP_BARE) bare = await runBare(redis, prefixes, children);
    noteLoad('after the bare BullMQ run');
  } finally {
    await cleanupAll();
    await redis.quit();
    clearTimeout(deadline);
  }
  report(service, bare, hzBefore, hzRun);
}

// ---------------------------------------------------------------------------------------------
// The service

/** The service children's extra options (`BENCH_SERVICE_OPTIONS`): no Slack pacing or digests, `--service-workers`. */
function serviceOptions(extra: Record<string, unknown>): string {
  return JSON.stringify({ ...extra, notify: { minIntervalMs: 0, digestThreshold: 'Infinity' }, ...(SERVICE_WORKERS ? { workers: JSON.parse(SERVICE_WORKERS) as unknown } : {}) });
}

async function runService(redis: Redis, prefixes: string[], children: BenchChild[], cleanups: Array<() => Promise<unknown>>): Promise<ServiceResult> {
  const prefix = benchPrefix();
  prefixes.push(prefix);
  const keys = keysFor(prefix);

  // The fake Slack records when each alert is posted; `calls` is emptied as we go (100k posts).
  const posts: Array<{ at: number; noticeId: string }> = [];
  const slack = new FakeSlack({
    onCall: (call) => {
      if (call.method !== 'chat.postMessage' || call.outcome !== 'ok') return;
      const meta = call.args.metadata as { event_payload?: { notice_id?: unknown } } | undefined;
      posts.push({ at: Date.now(), noticeId: String(meta?.event_payload?.notice_id ?? '') });
    },
  });
  const apiUrl = await slack.start();
  cleanups.push(() => slack.stop());
  const trimCalls = setInterval(() => (slack.calls.length = 0), 1000);
  trimCalls.unref();

  const serviceEnv = {
    PORT: '0',
    REDIS_URL,
    KEY_PREFIX: prefix,
    SLA_CONFIG: benchFile('config/timers.yaml'),
    GENERIC_WEBHOOK_SECRET: BENCH_SECRET,
    LOG_LEVEL,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_API_URL: apiUrl,
    API_TOKEN: '',
    BENCH_SERVICE_OPTIONS: serviceOptions({}),
  };
  const child = await startChild(benchFile('servers/service-server.ts'), {
    env: serviceEnv,
    nodeArgs: PROFILE ? profileArgs('service', prefix) : [],
  });
  children.push(child);
  // Scaling out: more worker-only processes on the same prefix share the queues.
  const extra: BenchChild[] = [];
  for (let k = 1; k < PROCESSES; k++) {
    const more = await startChild(benchFile('servers/service-server.ts'), {
      env: { ...serviceEnv, BENCH_SERVICE_OPTIONS: serviceOptions({ roles: { api: false, workers: true } }) },
    });
    extra.push(more);
    children.push(more);
  }
  const servicePids = (): Record<string, number> => Object.fromEntries([child, ...extra].map((c, k) => [k === 0 ? 'service' : `service #${k + 1}`, Number((c.ready as { pid?: unknown }).pid)]));

  // Producer side: the same door the webhook uses, on the bench's own connections.
  const queues: Queues = createQueues(REDIS_URL, prefix);
  const producer = connect();
  cleanups.push(async () => {
    await queues.close();
    await producer.quit();
  });
  const ingest = new QueueEventIngest(queues.events, producer, keys);
  await queues.events.waitUntilReady();
  await sleep(1000);
  const memBefore = await usedMemory(redis);
  const workBefore = await redisWork(redis);

  // Due instants: uniform over the window, which starts LEAD after the ingest is expected to end.
  const rand = mulberry32(SEED);
  const ingestStart = Date.now();
  const windowStart = ingestStart + Math.ceil((N / EST_RATE) * 1000) + LEAD_MS;
  const due = new Float64Array(ALL);
  for (let i = 0; i < N; i++) due[i] = windowStart + Math.floor(rand() * WINDOW_MS);
  for (let i = N; i < ALL; i++) due[i] = windowStart - WARMUP_FROM_MS + Math.floor(rand() * WARMUP_SPAN_MS);
  const ticketOf = (i: number): BenchTicket => ({
    id: `T-${i}`,
    eventId: `evt-${i}`,
    occurredAt: ingestStart,
    createdAt: due[i]! - TARGET_MS,
    priority: null,
    tags: [],
    group: GROUPS[i % GROUPS.length]!,
  });

  const activeCount = () => redis.zcard(keys.active);
  const redisPid = Number((await info(redis, 'server')).process_id);
  const ingestCpuWatch = watchCpu({ ...servicePids(), 'bench (producer)': process.pid, Redis: redisPid });
  let next = 0;
  const sendAll = async () => {
    while (next < ALL) {
      const from = next;
      next = Math.min(ALL, next + BATCH);
      const events = [];
      for (let i = from; i < next; i++) events.push(ticketEvent(ticketOf(i)));
      const r = await ingest.ingest(events);
      if (r.accepted !== events.length) throw new Error(`ingest accepted ${r.accepted} of ${events.length}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sendAll));
  const enqueueMs = Date.now() - ingestStart;
  await pollUntil(async () => (await activeCount()) >= ALL, 15 * 60_000, 50);
  const appliedMs = Date.now() - ingestStart;
  const ingestCpu = ingestCpuWatch.stop();
  // The checkpoint job is added right after the save: wait until every ticket has its delayed job.
  const checkpoints = queues.checkpoints;
  await pollUntil(async () => {
    const c = await checkpoints.getJobCounts('delayed', 'wait', 'active');
    const e = await queues.events.getJobCounts('wait', 'active', 'delayed');
    return (c.delayed ?? 0) + (c.wait ?? 0) + (c.active ?? 0) >= ALL && (e.wait ?? 0) + (e.active ?? 0) + (e.delayed ?? 0) === 0;
  }, 5 * 60_000, 100);
  const scheduledMs = Date.now() - ingestStart;
  const ingestEnd = ingestStart + appliedMs;
  const workAfterIngest = await redisWork(redis);
  noteLoad('after the ingest');

  // Memory, before any alert is due.
  await sleep(500);
  const memAfter = await usedMemory(redis);
  const memory = await memoryBreakdown(redis, prefix, memBefore, memAfter, due);
  const postedBeforeMemory = posts.length;
  const memoryDoneAt = Date.now();
  if (memoryDoneAt > windowStart - WARMUP_FROM_MS) console.error(`warning: the memory measurement ended ${memoryDoneAt - (windowStart - WARMUP_FROM_MS)} ms after the first (warm-up) due instant`);

  // Alerts. The fake Slack stamps each post in this process: watch this process's own event-loop
  // delay meanwhile, since a stall here would read as lateness of the service.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const cpuWatch = watchCpu({ ...servicePids(), 'bench + fake Slack': process.pid, Redis: redisPid });
  const windowEnd = windowStart + WINDOW_MS;
  const unique = new Set<string>();
  await pollUntil(() => {
    for (let i = unique.size; i < posts.length && unique.size < posts.length; i++) unique.add(posts[i]!.noticeId);
    return posts.length >= ALL || Date.now() > windowEnd + DRAIN_MS;
  }, windowEnd + DRAIN_MS - Date.now() + 5_000, 500);
  await pollUntil(async () => {
    const n = await queues.notify.getJobCounts('wait', 'active', 'delayed');
    const c = await checkpoints.getJobCounts('wait', 'active', 'delayed');
    return Object.values(n).every((x) => x === 0) && Object.values(c).every((x) => x === 0);
  }, 30_000, 200);
  loopDelay.disable();
  const alertCpu = cpuWatch.stop();
  // A late duplicate would show up here.
  await sleep(3_000);
  const workAfterAlerts = await redisWork(redis);
  const counters: Record<string, number> = {};
  for (const c of [child, ...extra]) for (const [k, v] of Object.entries(await c.ask<Record<string, number>>('counters'))) counters[k] = (counters[k] ?? 0) + v;
  // The first process's histogram only: with several, it shows that process's share of the jobs.
  const checkpointLag = await child.ask<Array<[string | number, number]> | undefined>('queue-lag', 'checkpoints');
  const stopped = { cpu: { userMs: 0, systemMs: 0 } };
  for (const c of [child, ...extra]) {
    const one = await c.stop<{ cpu: { userMs: number; systemMs: number } }>();
    stopped.cpu.userMs += one?.cpu.userMs ?? 0;
    stopped.cpu.systemMs += one?.cpu.systemMs ?? 0;
    children.splice(children.indexOf(c), 1);
  }
  clearInterval(trimCalls);

  // Lateness per post; ids are `generic/T-<i>/first_response/1/breach`.
  const late: number[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let unknown = 0;
  let warmupPosts = 0;
  for (const p of posts) {
    const m = /^generic\/T-(\d+)\/first_response\/1\/breach$/.exec(p.noticeId);
    if (!m || Number(m[1]) >= ALL) {
      unknown++;
      continue;
    }
    if (seen.has(p.noticeId)) {
      duplicates++;
      continue;
    }
    seen.add(p.noticeId);
    if (Number(m[1]) >= N) warmupPosts++;
    else late.push(p.at - due[Number(m[1])]!);
  }
  if (DUMP) writeFileSync(DUMP, ['ticket,due,posted,lateness', ...posts.map((p) => {
    const i = Number(/T-(\d+)\//.exec(p.noticeId)?.[1]);
    return `${i},${due[i]},${p.at},${p.at - due[i]!}`;
  })].join('\n'));
  return {
    ingest: { enqueueMs, appliedMs, scheduledMs, applied: ALL, firstDueAfterIngestMs: windowStart - ingestEnd, lastDueAfterIngestMs: windowEnd - ingestEnd },
    memory,
    lateness: summarize(late),
    posts: posts.length,
    unique: seen.size - warmupPosts,
    warmupPosts,
    duplicates,
    missing: ALL - seen.size,
    unknown,
    postedBeforeMemory,
    counters,
    ...(stopped ? { cpu: stopped.cpu } : {}),
    work: { ingest: workDelta(workBefore, workAfterIngest), alerts: workDelta(workAfterIngest, workAfterAlerts) },
    ...(checkpointLag ? { checkpointLag } : {}),
    alertCpu,
    ingestCpu,
    benchLoopDelay: { p50: loopDelay.percentile(50) / 1e6, p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
  };
}

/** MEMORY USAGE of every key under the prefix by kind, and of sampled tickets' own keys. */
async function memoryBreakdown(redis: Redis, prefix: string, before: number, after: number, due: Float64Array): Promise<MemoryReport> {
  const tag = `{${prefix}}`;
  const all = await keysOf(redis, prefix);
  const usage = new Map<string, number>();
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    const p = redis.pipeline();
    for (const k of chunk) p.memory('USAGE', k, 'SAMPLES', 0);
    const r = (await p.exec()) ?? [];
    chunk.forEach((k, j) => usage.set(k, Number(r[j]?.[1] ?? 0)));
  }
  const kindOf = (k: string): string => {
    const rest = k.slice(tag.length);
    if (rest.startsWith(':t:')) return 'state `t:<source>:<id>` (string: rev + JSON)';
    if (rest.startsWith(':h:')) return 'history `h:<source>:<id>` (list, one entry)';
    if (rest.startsWith(':seen:b6h:')) return 'seen marks `seen:b6h:<n>` (sets of event hashes, one per 6 h), whole ÷ tickets';
    if (rest.startsWith(':seen:')) return 'seen marker `seen:<hash>` (string, TTL 36 h; earlier versions)';
    if (rest === ':active') return 'active index (zset), whole ÷ tickets';
    if (rest === ':recent') return 'recent index (zset), whole ÷ tickets';
    if (rest === ':checkpoints:delayed') return 'checkpoints delayed zset, whole ÷ tickets';
    if (/^:checkpoints:cp-/.test(rest)) return 'checkpoint job hash `checkpoints:cp-…`';
    if (rest.startsWith(':events:') || rest.startsWith(':checkpoints:') || rest.startsWith(':notify:')) return 'queue bookkeeping (event streams, meta, ids), ÷ tickets';
    return 'other keys, ÷ tickets';
  };
  const byKind = new Map<string, { keys: number; bytes: number }>();
  let sumUsage = 0;
  for (const [k, b] of usage) {
    const kind = kindOf(k);
    const e = byKind.get(kind) ?? { keys: 0, bytes: 0 };
    e.keys++;
    e.bytes += b;
    byKind.set(kind, e);
    sumUsage += b;
  }
  const kinds = [...byKind].map(([kind, e]) => ({ kind, keys: e.keys, bytesPerTicket: e.bytes / ALL, how: 'MEMORY USAGE SAMPLES 0 of every key' }));
  kinds.sort((a, b) => b.bytesPerTicket - a.bytesPerTicket);
  // Cross-check the sum with a direct sample of a few tickets' own keys.
  const sample = [0, 1, 2, Math.floor(N / 2), N - 1].filter((i, j, a) => i < N && a.indexOf(i) === j);
  for (const i of sample) {
    const jobKey = `${tag}:checkpoints:${checkpointJobId('generic', `T-${i}`, due[i]!)}`;
    const got = await Promise.all([`${tag}:t:generic:T-${i}`, `${tag}:h:generic:T-${i}`, jobKey].map((k) => redis.memory('USAGE', k, 'SAMPLES', 0)));
    if (got.some((g) => g === null)) console.error(`sample ticket ${i}: a key is missing (${got.join(', ')})`);
  }
  return { before, after, perTicket: (after - before) / ALL, keyCount: all.length, sumUsage, kinds };
}

// ---------------------------------------------------------------------------------------------
// Bare BullMQ

async function runBare(redis: Redis, prefixes: string[], children: BenchChild[]): Promise<BareResult> {
  const prefix = benchPrefix();
  prefixes.push(prefix);
  const child = await startChild(benchFile('servers/bare-bullmq-worker.ts'), { env: { KEY_PREFIX: prefix, REDIS_URL } });
  children.push(child);
  const connection = connect();
  const queue = new Queue('delayed', { connection, prefix: `{${prefix}}`, defaultJobOptions: JOB_DEFAULTS.checkpoints });
  await queue.waitUntilReady();
  await sleep(500);
  const memBefore = await usedMemory(redis);
  const rand = mulberry32(SEED);
  const start = Date.now();
  const windowStart = start + Math.ceil((ALL / 20_000) * 1000) + BARE_LEAD_MS + WARMUP_FROM_MS;
  const due = new Float64Array(ALL);
  for (let i = 0; i < N; i++) due[i] = windowStart + Math.floor(rand() * WINDOW_MS);
  for (let i = N; i < ALL; i++) due[i] = windowStart - WARMUP_FROM_MS + Math.floor(rand() * WARMUP_SPAN_MS);
  for (let i = 0; i < ALL; i += 1000) {
    const jobs = [];
    for (let j = i; j < Math.min(ALL, i + 1000); j++) {
      const at = due[j]!;
      // `warm`: a warm-up job, counted but not measured.
      jobs.push({ name: 'checkpoint', data: j >= N ? { warm: true, job: ['generic', `T-${j}`, at] } : ['generic', `T-${j}`, at], opts: { jobId: checkpointJobId('generic', `T-${j}`, at), delay: Math.max(0, at - Date.now()) } });
    }
    await queue.addBulk(jobs);
  }
  const addedAt = Date.now();
  if (addedAt > windowStart - WARMUP_FROM_MS) console.error(`warning: adding the bare jobs ended ${addedAt - windowStart} ms after the first due instant`);
  await sleep(300);
  const memAfter = await usedMemory(redis);
  const windowEnd = windowStart + WINDOW_MS;
  const cpuWatch = watchCpu({ 'bare worker': Number((child.ready as { pid?: unknown }).pid), bench: process.pid, Redis: Number((await info(redis, 'server')).process_id) });
  await pollUntil(async () => (await child.ask<number>('count')) >= ALL || Date.now() > windowEnd + DRAIN_MS, windowEnd + DRAIN_MS - Date.now() + 5_000, 500);
  const cpu = cpuWatch.stop();
  await sleep(1_000);
  const stopped = await child.stop<{ lateness: number[]; duplicates: number; warm: number }>();
  children.splice(children.indexOf(child), 1);
  await queue.close();
  await connection.quit();
  const lateness = stopped?.lateness ?? [];
  return { lateness: summarize(lateness), processed: lateness.length, warm: stopped?.warm ?? 0, duplicates: stopped?.duplicates ?? 0, memoryPerJob: (memAfter - memBefore) / ALL, cpu };
}

function profileArgs(name: string, prefix: string): string[] {
  const dir = benchFile(`profiles/timers-${name}-${prefix}`);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

// ---------------------------------------------------------------------------------------------
// Report

function report(s: ServiceResult | undefined, b: BareResult | undefined, hzBefore: number, hzRun: number): void {
  const out: string[] = [];
  const ms = (x: number) => fmt(x, 0);
  out.push('## bench:timers report', '');
  out.push(`- date: ${new Date().toISOString()}; machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}`);
  out.push(`- Redis hz during the run: ${hzRun}${HZ !== undefined ? ` (set with --hz; was ${hzBefore}, restored)` : ''}; load average: ${loadAverages.join('; ')}`);
  out.push(`- ${fmt(N)} measured tickets + ${fmt(WARMUP)} warm-up tickets due at the same rate in the ${WARMUP_SPAN_MS / 1000} s that end ${(WARMUP_FROM_MS - WARMUP_SPAN_MS) / 1000} s before the window (not in the lateness figures), one 24x7 first_response timer (1 h) each with a single \`breach\` alert, over 5 channels; due instants uniform over ${WINDOW_MS / 1000} s; service LOG_LEVEL=${LOG_LEVEL}; notify: { minIntervalMs: 0, digestThreshold: Infinity }${process.env.BENCH_AUTOPIPELINE === '1' ? '; **diagnostic: ioredis autopipelining on every service connection**' : ''}${SERVICE_WORKERS ? `; workers: ${SERVICE_WORKERS}` : ''}; service processes: ${PROCESSES}${PROCESSES > 1 ? ' (one API + workers, the others workers only)' : ' (API and workers)'}`);
  out.push('');
  if (s) {
    const i = s.ingest;
    const rate = (ALL / i.appliedMs) * 1000;
    out.push('### Events applied', '');
    out.push(`Enqueued ${fmt(ALL)} events through QueueEventIngest (batches of ${BATCH}, ${IN_FLIGHT} in flight) in ${fmt(i.enqueueMs / 1000, 1)} s; all applied (active index = ${fmt(ALL)}) ${fmt(i.appliedMs / 1000, 1)} s after the first add; all checkpoint jobs delayed at ${fmt(i.scheduledMs / 1000, 1)} s. First due instant ${fmt(i.firstDueAfterIngestMs / 1000, 0)} s after the last event was applied, last one ${fmt(i.lastDueAfterIngestMs / 1000, 0)} s after.`, '');
    out.push(`CPU meanwhile: ${describeCpu(s.ingestCpu)}.`, '');
    out.push('| measure | value | goal | verdict |', '|---|---:|---:|---|');
    out.push(`| events applied per second (first add → last applied) | ${fmt(rate)} | ≥ ${fmt(TARGET_EVENTS_PER_S)} | ${verdict(rate >= TARGET_EVENTS_PER_S)} |`);
    out.push(`| Redis memory per open ticket (used_memory delta ÷ ${fmt(ALL)}) | ${fmt(s.memory.perTicket)} B | ≤ ${fmt(TARGET_BYTES_PER_TICKET)} B | ${verdict(s.memory.perTicket <= TARGET_BYTES_PER_TICKET)} |`);
    out.push(`| alert lateness p99, ours vs bare BullMQ + ${TARGET_EXTRA_P99_MS} ms | ${ms(s.lateness.p99)} ms vs ${b ? ms(b.lateness.p99 + TARGET_EXTRA_P99_MS) : '–'} ms | ≤ | ${b ? verdict(s.lateness.p99 <= b.lateness.p99 + TARGET_EXTRA_P99_MS) : 'not measured'} |`);
    out.push(`| Slack posts: exactly one per ticket | ${fmt(s.unique)} measured + ${fmt(s.warmupPosts)} warm-up unique of ${fmt(s.posts)} posts; ${s.duplicates} duplicates, ${s.missing} missing, ${s.unknown} unexpected | ${fmt(N)} + ${fmt(WARMUP)}, 0, 0, 0 | ${verdict(s.unique === N && s.warmupPosts === WARMUP && s.duplicates === 0 && s.unknown === 0 && s.posts === ALL)} |`);
    out.push('');
    const w = s.work.ingest;
    const top = (x: RedisWork, n: number) => [...x.perCommand].sort((a, c) => c[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${fmt(v / n, 2)}`).join(', ');
    out.push(`Redis work per applied event (whole Redis: other clients add noise): ${fmt(w.commands / ALL, 1)} commands, ${fmt((w.cpuSec * 1e6) / ALL, 0)} µs Redis CPU; ${top(w, ALL)}.`, '');
    out.push('### Redis memory per open ticket', '');
    out.push(`used_memory ${bytes(s.memory.before)} before the ingest, ${bytes(s.memory.after)} with every ticket open and its checkpoint delayed: ${fmt(s.memory.perTicket)} B per ticket. MEMORY USAGE of all ${fmt(s.memory.keyCount)} keys under the prefix sums to ${fmt(s.memory.sumUsage / ALL)} B per ticket; the rest of the delta (${fmt(s.memory.perTicket - s.memory.sumUsage / ALL)} B) is the keyspace's own tables (dict buckets, the expires entry of TTL keys), allocator rounding, and whatever other clients of this Redis did meanwhile. Alerts posted before this measurement: ${s.postedBeforeMemory}.`, '');
    out.push('| key kind | keys | bytes per ticket |', '|---|---:|---:|');
    for (const k of s.memory.kinds) out.push(`| ${k.kind} | ${fmt(k.keys)} | ${fmt(k.bytesPerTicket, 1)} |`);
    out.push(`| **sum (MEMORY USAGE)** | ${fmt(s.memory.keyCount)} | ${fmt(s.memory.sumUsage / ALL, 1)} |`);
    out.push('');
  }
  out.push('### Alert lateness', '');
  out.push('| pipeline | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | min ms |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  if (s) out.push(`| sla-timer: due instant → fake Slack chat.postMessage | ${fmt(s.lateness.count)} | ${ms(s.lateness.p50)} | ${ms(s.lateness.p90)} | ${ms(s.lateness.p99)} | ${ms(s.lateness.p999)} | ${ms(s.lateness.max)} | ${ms(s.lateness.min)} |`);
  if (b) out.push(`| bare BullMQ: timestamp + delay → worker starts the job | ${fmt(b.lateness.count)} | ${ms(b.lateness.p50)} | ${ms(b.lateness.p90)} | ${ms(b.lateness.p99)} | ${ms(b.lateness.p999)} | ${ms(b.lateness.max)} | ${ms(b.lateness.min)} |`);
  out.push('');
  if (s?.checkpointLag && s.checkpointLag.length > 0) {
    const total = s.checkpointLag[s.checkpointLag.length - 1]![1];
    const parts = s.checkpointLag.filter(([le]) => le !== '+Inf').map(([le, n]) => `≤ ${Number(le) * 1000} ms ${fmt((100 * n) / Math.max(1, total), 1)} %`);
    out.push(`Inside the service, due instant → checkpoint job starts (the service's \`sla_timer_queue_lag_seconds{queue="checkpoints"}\` histogram, ${fmt(total)} jobs): ${parts.join(', ')}.`, '');
  }
  if (s) out.push(`CPU from the ingest's end to the last post: ${describeCpu(s.alertCpu)}.`, '');
  if (s) out.push(`Event-loop delay of the bench process, which hosts the fake Slack and stamps each post, during the alerts: p50 ${fmt(s.benchLoopDelay.p50, 1)} ms, p99 ${fmt(s.benchLoopDelay.p99, 1)} ms, max ${fmt(s.benchLoopDelay.max, 1)} ms (a stall there would read as lateness).`, '');
  if (b) out.push(`Bare BullMQ: ${fmt(b.processed)} of ${fmt(N)} measured jobs processed (+ ${fmt(b.warm)} of ${fmt(WARMUP)} warm-up), ${b.duplicates} twice; a delayed job costs ${fmt(b.memoryPerJob)} B of used_memory (job hash + delayed zset entry). CPU from the last add to the last job: ${describeCpu(b.cpu)}.`, '');
  if (s) {
    const c = s.counters;
    const sent = Object.entries(c).filter(([k]) => k.startsWith('sla_timer_alerts_total')).map(([k, v]) => `${k.replace('sla_timer_alerts_total', '')} ${fmt(v)}`).join(', ');
    out.push(`Service counters: alerts ${sent || 'none'}; service CPU ${s.cpu ? fmt((s.cpu.userMs + s.cpu.systemMs) / 1000, 1) : '?'} s over the run. Redis work per alert (checkpoint → Slack): ${fmt(s.work.alerts.commands / ALL, 1)} commands, ${fmt((s.work.alerts.cpuSec * 1e6) / ALL, 0)} µs Redis CPU.`, '');
  }
  console.log(out.join('\n'));
}

await main();
process.exit(0);
