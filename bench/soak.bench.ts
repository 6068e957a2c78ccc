/**
 * bench:soak: a bounded soak of the running service at a fixed webhook rate, with alerts firing
 * all along; stops by itself.
 *
 *   npm run bench:soak                                   (= tsx bench/soak.bench.ts: 10 min at 500 req/s)
 *   npm run bench:soak -- --minutes 0.5 --rate 20        (smoke run)
 *
 * The service runs in a child process (bench/servers/service-server.ts: the real startService,
 * API and workers in one process, the config bench/config/soak.yaml) and posts its alerts to a
 * fake Slack on loopback in this process, with `notify: { minIntervalMs: 0, digestThreshold:
 * Infinity }` so every alert is a post of its own. A paced sender in this process posts signed
 * generic webhooks at a fixed rate (open loop: request k is issued at k ÷ rate seconds whatever
 * the earlier ones are doing, over a keep-alive pool). Each request slot either answers a ticket
 * (an agent reply, due `--reply-after-s` after its creation) or creates a new one; one ticket in
 * `--unanswered-every` is never answered, so its 50% warning (10 s) and breach (20 s) alerts fire.
 *
 * Every window (30 s, or a sixth of a shorter soak) it samples the service's RSS and heap (IPC
 * `ask('memory')`), Redis used_memory, the window's request latency p50/p99, requests/s, non-2xx,
 * alerts posted and their lateness, and CPU. At the end it waits for the alerts still due and
 * checks that every expected (notice, channel) post happened exactly once, nothing else was
 * posted. Keys live under a private KEY_PREFIX and are deleted at the end. Prints a markdown
 * report; exits 0 even when a target is missed (the report says MISSED). See bench/README.md.
 */
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { createQueues, type Queues } from '../src/queues/queues.js';
import { FakeSlack } from '../test/support/fake-slack.js';
import { benchFile, startChild, type BenchChild } from './support/child.js';
import { describeCpu, watchCpu, type CpuShares } from './support/cpu-watch.js';
import { BENCH_SECRET, genericEventJson, signGeneric, type BenchTicket } from './support/generic-events.js';
import { benchPrefix, connect, deletePrefix, getHz, info, REDIS_URL, usedMemory } from './support/bench-redis.js';
import { bytes, flags, fmt, percentile, pollUntil, sleep, summarize, verdict } from './support/stats.js';

const f = flags();
const MINUTES = f.num('minutes', 10);
// Half the end-to-end capacity of one service process on the 2-core machine: applying events
// and sending alerts runs at ~1,100 events/s there (bench:ingest's overall rate), while the
// webhook path alone takes ~2,000 req/s; a soak at half the latter (1,000) outran the workers.
const RATE = f.num('rate', 500);
const DURATION_MS = Math.round(MINUTES * 60_000);
/** Window length: 30 s, or a sixth of a soak shorter than 3 minutes (so a smoke run still has thirds). */
const WINDOW_MS = Math.round(f.num('sample-s', Math.min(30, (MINUTES * 60) / 6)) * 1000);
const CONNECTIONS = f.num('connections', 64);
const UNANSWERED_EVERY = f.num('unanswered-every', 10);
const REPLY_AFTER_MS = f.num('reply-after-s', 2) * 1000;
/** Wait this long past the last due instant for the last posts (then report what is missing). */
const DRAIN_MS = f.num('drain-s', 90) * 1000;
/** Requests issued and not yet answered, at most; beyond it slots are skipped (and counted). */
const MAX_OUTSTANDING = f.num('max-outstanding', 4096);
const LOG_LEVEL = f.str('log-level', 'info');

// bench/config/soak.yaml: first_response 20s; 50% → #soak-leads; breach → #soak-managers, #soak-oncall.
const TARGET_MS = 20_000;
const STEPS: Record<string, { afterMs: number; channels: string[] }> = {
  'percent:50': { afterMs: TARGET_MS / 2, channels: ['#soak-leads'] },
  breach: { afterMs: TARGET_MS, channels: ['#soak-managers', '#soak-oncall'] },
};
const POSTS_PER_UNANSWERED = Object.values(STEPS).reduce((n, s) => n + s.channels.length, 0);
const NOTICE_RE = /^generic\/S-(\d+)\/first_response\/1\/(percent:50|breach)$/;

const MEMORY_GROWTH_LIMIT = 1.15;
const P99_GROWTH_LIMIT = 1.5;
const RATE_HELD = 0.98;

// The whole bench stops by itself, whatever happens.
const HARD_DEADLINE_MS = DURATION_MS + REPLY_AFTER_MS + TARGET_MS + DRAIN_MS + 5 * 60_000;

if (REPLY_AFTER_MS >= STEPS['percent:50']!.afterMs) throw new Error(`--reply-after-s must be under ${STEPS['percent:50']!.afterMs / 1000} s (the first alert)`);
if (!(RATE > 0) || !(DURATION_MS > 0) || !(WINDOW_MS > 0)) throw new Error('--rate, --minutes and --sample-s must be positive');

// ---------------------------------------------------------------------------------------------
// State

interface Sample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Lowest heapUsed measured right after a major GC since the previous sample (the live set); NaN if none ran. */
  heapAfterGc: number;
  redisUsed: number;
}

interface Window {
  index: number;
  /** ms since the load started. */
  from: number;
  to: number;
  issued: number;
  created: number;
  replies: number;
  skipped: number;
  /** Responses that completed in this window, by class. */
  ok: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  maxBehindMs: number;
  posts: number;
  lateness: number[];
  cpu?: CpuShares;
  sample?: Sample;
}

const newWindow = (index: number, from: number): Window => ({ index, from, to: from, issued: 0, created: 0, replies: 0, skipped: 0, ok: 0, non2xx: 0, errors: 0, latencies: [], maxBehindMs: 0, posts: 0, lateness: [] });

/** Creation instant (epoch ms) of ticket i; the ticket's id is `S-<i>`. */
const createdAt: number[] = [];
/** Tickets with a request that did not get a 2xx: whether the service took it is unknown, so they are left out of the check. */
const uncertain = new Set<number>();
/** Answered tickets waiting for their reply, in creation order. */
const replyQueue: Array<{ i: number; due: number }> = [];
let replyHead = 0;
const statusCodes: Record<string, number> = {};
const posts: Array<{ at: number; noticeId: string; channel: string }> = [];
const windows: Window[] = [];
/** Responses and posts after the last window (the reply tail and the drain). */
let cur: Window = newWindow(0, 0);
const tail = newWindow(-1, 0);
let outstanding = 0;
const notes: string[] = [];
const loadAverages: string[] = [];
const noteLoad = (when: string) => loadAverages.push(`${when} ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);

const isUnanswered = (i: number): boolean => i % UNANSWERED_EVERY === 0;

function ticket(i: number, at: number): BenchTicket {
  return { id: `S-${i}`, eventId: `S-${i}-c`, occurredAt: at, createdAt: at, priority: null, tags: [], group: null };
}

function createBody(i: number, at: number): string {
  return JSON.stringify(genericEventJson(ticket(i, at)));
}

/** An agent's public reply: the ticket (now open) as it stands after it. */
function replyBody(i: number, at: number): string {
  const created = genericEventJson(ticket(i, createdAt[i]!)) as { ticket: Record<string, unknown> };
  return JSON.stringify({ event_id: `S-${i}-r`, occurred_at: new Date(at).toISOString(), ticket: { ...created.ticket, status: 'open' }, comment: { author: 'agent', public: true } });
}

// ---------------------------------------------------------------------------------------------
// The sender

function makeSender(port: number): { send(body: string, ticketIndex: number): void; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  return {
    agent,
    send(body, ticketIndex) {
      const t0 = performance.now();
      outstanding++;
      let done = false;
      // status 0: the request failed without an answer; `err` says how (ECONNRESET, timeout, …).
      const finish = (status: number, err?: Error) => {
        if (done) return;
        done = true;
        outstanding--;
        const w = cur;
        const key = status === 0 ? `error ${(err as NodeJS.ErrnoException | undefined)?.code ?? err?.message ?? 'unknown'}` : String(status);
        statusCodes[key] = (statusCodes[key] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          w.ok++;
          w.latencies.push(performance.now() - t0);
        } else {
          if (status === 0) w.errors++;
          else w.non2xx++;
          uncertain.add(ticketIndex);
        }
      };
      const req = http.request(
        {
          agent,
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/webhooks/generic',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-signature': signGeneric(body, BENCH_SECRET) },
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => finish(res.statusCode ?? 0));
          res.on('error', (err) => finish(0, err));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err) => finish(0, err));
      req.end(body);
    },
  };
}

/** One request slot: the oldest reply that is due, else a new ticket. */
function slot(send: (body: string, i: number) => void, allowCreate: boolean): boolean {
  const now = Date.now();
  const head = replyQueue[replyHead];
  if (head !== undefined && head.due <= now) {
    replyHead++;
    if (replyHead > 65_536) {
      replyQueue.splice(0, replyHead);
      replyHead = 0;
    }
    cur.replies++;
    send(replyBody(head.i, now), head.i);
    return true;
  }
  if (!allowCreate) return false;
  const i = createdAt.length;
  createdAt.push(now);
  if (!isUnanswered(i)) replyQueue.push({ i, due: now + REPLY_AFTER_MS });
  cur.created++;
  send(createBody(i, now), i);
  return true;
}

// ---------------------------------------------------------------------------------------------
// The run

async function main(): Promise<void> {
  const redis = connect();
  const prefix = benchPrefix();
  const hz = await getHz(redis);
  const redisPid = Number((await info(redis, 'server')).process_id);
  let child: BenchChild<{ port: number; pid: number; registry?: string }> | undefined;
  let queues: Queues | undefined;
  let slack: FakeSlack | undefined;
  let agent: http.Agent | undefined;
  const timers: NodeJS.Timeout[] = [];
  let cleaned = false;
  async function cleanup(): Promise<void> {
    if (cleaned) return;
    cleaned = true;
    for (const t of timers) clearInterval(t);
    agent?.destroy();
    await child?.stop(15_000).catch(() => undefined);
    await queues?.close().catch(() => undefined);
    await slack?.stop().catch(() => undefined);
    console.error(`cleanup: deleted ${await deletePrefix(redis, prefix)} keys under {${prefix}}`);
    await redis.quit().catch(() => undefined);
  }
  let deadlineHit = false;
  const deadline = setTimeout(() => {
    deadlineHit = true;
    console.error(`bench:soak: hard deadline of ${fmt(HARD_DEADLINE_MS / 60_000, 1)} min reached; stopping`);
    void cleanup()
      .catch(() => undefined)
      .finally(() => {
        report(undefined, hz, prefix);
        process.exit(1);
      });
  }, HARD_DEADLINE_MS);
  deadline.unref();
  process.once('SIGINT', () => void cleanup().finally(() => process.exit(130)));

  let result: Final | undefined;
  try {
    noteLoad('start');
    // The fake Slack records each post: when, which notice (message metadata), which channel.
    const fake = new FakeSlack({
      onCall: (call) => {
        if (call.method !== 'chat.postMessage' || call.outcome !== 'ok') return;
        const meta = call.args.metadata as { event_payload?: { notice_id?: unknown } } | undefined;
        const at = Date.now();
        const noticeId = String(meta?.event_payload?.notice_id ?? '');
        posts.push({ at, noticeId, channel: fake.channelId(String(call.args.channel ?? '')) });
        cur.posts++;
        const m = NOTICE_RE.exec(noticeId);
        const created = m ? createdAt[Number(m[1])] : undefined;
        if (m && created !== undefined) cur.lateness.push(at - created - STEPS[m[2]!]!.afterMs);
      },
    });
    slack = fake;
    const apiUrl = await fake.start();
    // Bounded memory in this process over a long soak: forget calls, and messages older than
    // 5 minutes (a retried post looks back far less; threads are not used with this config).
    timers.push(setInterval(() => trimSlack(fake, Date.now() - 5 * 60_000), 10_000));

    child = await startChild<{ port: number; pid: number; registry?: string }>(benchFile('servers/service-server.ts'), {
      env: {
        PORT: '0',
        REDIS_URL,
        KEY_PREFIX: prefix,
        SLA_CONFIG: benchFile('config/soak.yaml'),
        GENERIC_WEBHOOK_SECRET: BENCH_SECRET,
        LOG_LEVEL,
        SLACK_BOT_TOKEN: fake.token,
        SLACK_API_URL: apiUrl,
        API_TOKEN: '',
        BENCH_SERVICE_OPTIONS: JSON.stringify({ notify: { minIntervalMs: 0, digestThreshold: 'Infinity' } }),
      },
    });
    const svc = child;
    notes.push(`service integration registry: ${String(svc.ready.registry)}`);
    queues = createQueues(REDIS_URL, prefix);
    await queues.events.waitUntilReady();
    const pids = { service: Number(svc.ready.pid), 'bench + fake Slack': process.pid, Redis: redisPid };
    const sampleNow = async (): Promise<Sample> => {
      const [mem, redisUsed] = await Promise.all([withTimeout(svc.ask<NodeJS.MemoryUsage & { heapAfterGc?: number }>('memory'), 10_000), usedMemory(redis)]);
      return { rss: mem?.rss ?? NaN, heapUsed: mem?.heapUsed ?? NaN, heapTotal: mem?.heapTotal ?? NaN, heapAfterGc: mem?.heapAfterGc ?? NaN, redisUsed };
    };
    await sleep(1_000);
    const baseline = await sampleNow();

    // Load: a fixed rate of request slots for DURATION_MS, windows closed on the same clock.
    const sender = makeSender(svc.ready.port);
    agent = sender.agent;
    const t0 = performance.now();
    const wallStart = Date.now();
    let slots = 0;
    let cpuWatch = watchCpu(pids);
    const sampling: Array<Promise<void>> = [];
    const closeWindow = (at: number) => {
      const w = cur;
      w.to = at;
      w.cpu = cpuWatch.stop();
      cpuWatch = watchCpu(pids);
      windows.push(w);
      cur = newWindow(w.index + 1, at);
      sampling.push(sampleNow().then((s) => void (w.sample = s), (err: unknown) => void notes.push(`window ${w.index + 1}: sample failed (${String(err)})`)));
    };
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        const el = performance.now() - t0;
        const until = Math.min(el, DURATION_MS);
        const target = Math.floor((until * RATE) / 1000);
        while (slots < target) {
          if (outstanding >= MAX_OUTSTANDING) {
            cur.skipped += target - slots;
            slots = target;
            break;
          }
          // Slot k (from 0) is due at (k + 1) ÷ rate seconds: how late this tick issues it.
          cur.maxBehindMs = Math.max(cur.maxBehindMs, el - ((slots + 1) * 1000) / RATE);
          slots++;
          cur.issued++;
          slot(sender.send, true);
        }
        while (until >= cur.from + WINDOW_MS && cur.from + WINDOW_MS < DURATION_MS) closeWindow(cur.from + WINDOW_MS);
        if (el >= DURATION_MS) {
          clearInterval(tick);
          closeWindow(DURATION_MS);
          cur = tail;
          resolve();
        }
      }, 2);
      timers.push(tick);
    });
    const loadEnded = Date.now();
    noteLoad('load end');
    // The reply tail: tickets created in the last seconds still get their reply when it is due.
    await pollUntil(() => {
      while (slot(sender.send, false));
      return replyHead >= replyQueue.length;
    }, REPLY_AFTER_MS + 5_000, 20);
    await Promise.all(sampling);

    // Drain: every expected alert is due by the last creation + the target.
    const lastDue = (createdAt[createdAt.length - 1] ?? loadEnded) + TARGET_MS;
    const expected = expectedPairs(fake);
    const seenPairs = (): number => {
      const seen = new Set(posts.map((p) => `${p.noticeId}|${p.channel}`));
      let n = 0;
      for (const k of expected) if (seen.has(k)) n++;
      return n;
    };
    await sleep(Math.max(0, lastDue - Date.now() + 500));
    const drained = await pollUntil(() => seenPairs() >= expected.size, DRAIN_MS, 1_000);
    const allPostedAfterMs = Date.now() - lastDue;
    // Nothing left to do in the queues, then a few seconds for a late duplicate to show.
    const idle = await pollUntil(async () => {
      const counts = await Promise.all([queues!.events, queues!.checkpoints, queues!.notify].map((q) => q.getJobCounts('wait', 'active', 'prioritized')));
      return counts.every((c) => Object.values(c).every((n) => n === 0));
    }, 30_000, 500);
    await sleep(3_000);
    const counters = await withTimeout(svc.ask<Record<string, number>>('counters'), 10_000);
    const end = await sampleNow();
    const stopped = await svc.stop<{ cpu: { userMs: number; systemMs: number } }>();
    child = undefined;
    noteLoad('end');
    result = { baseline, end, loadSeconds: (loadEnded - wallStart) / 1000, drained, idle, allPostedAfterMs, counters: counters ?? {}, serviceCpu: stopped?.cpu, check: checkPosts(expected) };
  } finally {
    if (!deadlineHit) {
      await cleanup();
      clearTimeout(deadline);
    }
  }
  if (!deadlineHit) report(result, hz, prefix);
}

function trimSlack(fake: FakeSlack, olderThanMs: number): void {
  fake.calls.length = 0;
  // FakeSlack keeps every message per channel (for lookups); the soak drops the old ones.
  const store = (fake as unknown as { store: Map<string, Array<{ ts: string }>> }).store;
  for (const list of store.values()) {
    let k = 0;
    while (k < list.length && Number(list[k]!.ts) * 1000 < olderThanMs) k++;
    if (k > 0) list.splice(0, k);
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const out = await Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))]);
  clearTimeout(timer);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The alert check

/** `notice|channelId` of every post the schedule calls for: unanswered tickets the service surely took. */
function expectedPairs(fake: FakeSlack): Set<string> {
  const out = new Set<string>();
  const channelId = (name: string) => fake.channelId(name);
  for (let i = 0; i < createdAt.length; i += UNANSWERED_EVERY) {
    if (!isUnanswered(i) || uncertain.has(i)) continue;
    for (const [key, step] of Object.entries(STEPS)) for (const ch of step.channels) out.add(`generic/S-${i}/first_response/1/${key}|${channelId(ch)}`);
  }
  return out;
}

interface Check {
  expected: number;
  posted: number;
  matched: number;
  duplicates: number;
  missing: number;
  /** Posts for answered tickets (their reply was not applied before the 50% checkpoint). */
  answeredAlerted: number;
  /** Notice ids or channels the schedule does not know. */
  unknown: number;
  /** Posts for tickets left out of the check (a request without a 2xx). */
  uncertainPosts: number;
  examples: string[];
  lateness: ReturnType<typeof summarize>;
}

function checkPosts(expected: Set<string>): Check {
  const count = new Map<string, number>();
  let answeredAlerted = 0;
  let unknown = 0;
  let uncertainPosts = 0;
  const examples: string[] = [];
  const late: number[] = [];
  for (const p of posts) {
    const m = NOTICE_RE.exec(p.noticeId);
    const i = m ? Number(m[1]) : -1;
    const key = `${p.noticeId}|${p.channel}`;
    if (m && uncertain.has(i)) {
      uncertainPosts++;
      continue;
    }
    if (expected.has(key)) {
      count.set(key, (count.get(key) ?? 0) + 1);
      if (count.get(key) === 1) late.push(p.at - createdAt[i]! - STEPS[m![2]!]!.afterMs);
      continue;
    }
    if (m && i < createdAt.length && !isUnanswered(i)) answeredAlerted++;
    else unknown++;
    if (examples.length < 5) examples.push(`${p.noticeId} → ${p.channel}`);
  }
  let duplicates = 0;
  for (const [k, n] of count) {
    if (n > 1) {
      duplicates += n - 1;
      if (examples.length < 10) examples.push(`${k} posted ${n} times`);
    }
  }
  const matched = count.size;
  return { expected: expected.size, posted: posts.length, matched, duplicates, missing: expected.size - matched, answeredAlerted, unknown, uncertainPosts, examples, lateness: summarize(late) };
}

// ---------------------------------------------------------------------------------------------
// Report

interface Final {
  baseline: Sample;
  end: Sample;
  loadSeconds: number;
  drained: boolean;
  idle: boolean;
  allPostedAfterMs: number;
  counters: Record<string, number>;
  serviceCpu: { userMs: number; systemMs: number } | undefined;
  check: Check;
}

const mib = (n: number | undefined): string => (n === undefined || !Number.isFinite(n) ? '–' : fmt(n / 1024 / 1024, 1));
const median = (xs: number[]): number => percentile(Float64Array.from(xs.filter(Number.isFinite)).sort(), 50);
const mean = (xs: number[]): number => {
  const ok = xs.filter(Number.isFinite);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
};

/** Windows by third of the soak: window i of n is in third ⌊3i/n⌋. */
function thirds<T>(xs: T[]): [T[], T[], T[]] {
  const out: [T[], T[], T[]] = [[], [], []];
  xs.forEach((x, i) => out[Math.min(2, Math.floor((3 * i) / xs.length))]!.push(x));
  return out;
}

function report(r: Final | undefined, hz: number, prefix: string): void {
  const out: string[] = [];
  const totalCreated = createdAt.length;
  const unansweredCount = Math.ceil(totalCreated / UNANSWERED_EVERY);
  out.push('## bench:soak report', '');
  out.push(`- date: ${new Date().toISOString()}; machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}`);
  out.push(`- Redis hz: ${hz}; load average: ${loadAverages.join('; ')}; key prefix {${prefix}} (deleted at the end)`);
  out.push(`- load: ${fmt(RATE)} requests/s for ${fmt(MINUTES, 2)} min (open loop, ${CONNECTIONS} keep-alive connections at most, ${fmt(WINDOW_MS / 1000, 1)} s windows); each slot answers the oldest ticket whose reply is due (${REPLY_AFTER_MS / 1000} s after creation) or creates a ticket; 1 ticket in ${UNANSWERED_EVERY} is never answered`);
  out.push(`- config bench/config/soak.yaml: 24x7, first_response ${TARGET_MS / 1000} s; 50% → #soak-leads, breach → #soak-managers + #soak-oncall (${POSTS_PER_UNANSWERED} posts per unanswered ticket); notify { minIntervalMs: 0, digestThreshold: Infinity }; service LOG_LEVEL=${LOG_LEVEL}`);
  out.push(`- tickets created: ${fmt(totalCreated)} (${fmt(unansweredCount)} left unanswered); status codes: ${Object.entries(statusCodes).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'none'}`);
  const allLat = summarize(windows.flatMap((w) => w.latencies));
  out.push(`- request latency over the whole load (2xx, issued → answered): p50 ${fmt(allLat.p50, 1)} ms, p90 ${fmt(allLat.p90, 1)} ms, p99 ${fmt(allLat.p99, 1)} ms, p99.9 ${fmt(allLat.p999, 1)} ms, max ${fmt(allLat.max, 1)} ms`);
  for (const n of notes) out.push(`- ${n}`);
  out.push('');

  out.push('| window | to s | req/s issued | req/s answered | created | replies | p50 ms | p99 ms | max ms | non-2xx | errors | skipped | sender behind ms | alerts posted | alert lateness p99 ms | service RSS MiB | service heap used MiB | heap after major GC MiB | Redis used_memory MiB | CPU % of one core: service / bench / Redis / other |');
  out.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  if (r) out.push(`| before | 0 |  |  |  |  |  |  |  |  |  |  |  |  |  | ${mib(r.baseline.rss)} | ${mib(r.baseline.heapUsed)} |  | ${mib(r.baseline.redisUsed)} |  |`);
  const p99s: number[] = [];
  for (const w of windows) {
    const s = (w.to - w.from) / 1000;
    const lat = summarize(w.latencies);
    const late = summarize(w.lateness);
    p99s.push(lat.p99);
    const c = w.cpu;
    const cpu = c ? [c.processes.service, c.processes['bench + fake Slack'], c.processes.Redis, c.others].map((x) => fmt(x ?? NaN)).join(' / ') : '';
    out.push(`| ${w.index + 1} | ${fmt(w.to / 1000)} | ${fmt(w.issued / s)} | ${fmt((w.ok + w.non2xx) / s)} | ${fmt(w.created)} | ${fmt(w.replies)} | ${fmt(lat.p50, 1)} | ${fmt(lat.p99, 1)} | ${fmt(lat.max, 1)} | ${w.non2xx} | ${w.errors} | ${w.skipped} | ${fmt(w.maxBehindMs, 0)} | ${fmt(w.posts)} | ${w.lateness.length ? fmt(late.p99, 0) : '–'} | ${mib(w.sample?.rss)} | ${mib(w.sample?.heapUsed)} | ${mib(w.sample?.heapAfterGc)} | ${mib(w.sample?.redisUsed)} | ${cpu} |`);
  }
  if (r) out.push(`| after the load (reply tail, drain; counts, not rates) |  |  | ${fmt(tail.ok + tail.non2xx)} |  | ${fmt(tail.replies)} |  |  |  | ${tail.non2xx} | ${tail.errors} |  |  | ${fmt(tail.posts)} | ${tail.lateness.length ? fmt(summarize(tail.lateness).p99, 0) : '–'} | ${mib(r.end.rss)} | ${mib(r.end.heapUsed)} |  | ${mib(r.end.redisUsed)} |  |`);
  out.push('');

  // Verdicts.
  const [first, second, last] = thirds(windows);
  const enough = windows.length >= 3 && windows.every((w) => w.sample !== undefined);
  const rssRatio = mean(last.map((w) => w.sample?.rss ?? NaN)) / mean(second.map((w) => w.sample?.rss ?? NaN));
  // The live heap: the post-major-GC figures of the windows that had a major GC.
  const liveHeap = (ws: Window[]) => mean(ws.map((w) => w.sample?.heapAfterGc ?? NaN).filter(Number.isFinite));
  const heapRatio = liveHeap(last) / liveHeap(second);
  const p99First = median(first.map((w) => summarize(w.latencies).p99));
  const p99Last = median(last.map((w) => summarize(w.latencies).p99));
  const p99Ratio = p99Last / p99First;
  const issued = windows.reduce((n, w) => n + w.issued, 0);
  const answered = windows.reduce((n, w) => n + w.ok + w.non2xx, 0) + tail.ok + tail.non2xx;
  const issuedRate = issued / (DURATION_MS / 1000);
  const non2xx = windows.reduce((n, w) => n + w.non2xx + w.errors, 0) + tail.non2xx + tail.errors;
  const skipped = windows.reduce((n, w) => n + w.skipped, 0);
  out.push('| target | measured | goal | verdict |', '|---|---:|---:|---|');
  const na = 'not enough windows (need 3 or more, each sampled)';
  out.push(`| memory steady: service RSS, mean of the last third's samples ÷ mean of the second third's | ${enough ? `${fmt(rssRatio, 3)}× (${mib(mean(last.map((w) => w.sample!.rss)))} vs ${mib(mean(second.map((w) => w.sample!.rss)))} MiB)` : na} | ≤ ${MEMORY_GROWTH_LIMIT}× | ${enough ? verdict(rssRatio <= MEMORY_GROWTH_LIMIT) : '–'} |`);
  const heapKnown = enough && Number.isFinite(heapRatio);
  out.push(`| memory steady: service live heap (heap used right after major GCs), same rule | ${heapKnown ? `${fmt(heapRatio, 3)}× (${mib(liveHeap(last))} vs ${mib(liveHeap(second))} MiB)` : na} | ≤ ${MEMORY_GROWTH_LIMIT}× | ${heapKnown ? verdict(heapRatio <= MEMORY_GROWTH_LIMIT) : '–'} |`);
  out.push(`| p99 steady: median of the last third's window p99s ÷ the first third's | ${windows.length >= 3 ? `${fmt(p99Ratio, 2)}× (${fmt(p99Last, 1)} vs ${fmt(p99First, 1)} ms)` : na} | ≤ ${P99_GROWTH_LIMIT}× | ${windows.length >= 3 ? verdict(p99Ratio <= P99_GROWTH_LIMIT) : '–'} |`);
  if (r) {
    const c = r.check;
    const ok = c.duplicates === 0 && c.missing === 0 && c.answeredAlerted === 0 && c.unknown === 0;
    out.push(`| alerts: every expected (notice, channel) posted exactly once | ${fmt(c.matched)} of ${fmt(c.expected)} posted; ${fmt(c.duplicates)} duplicates, ${fmt(c.missing)} missing, ${fmt(c.answeredAlerted + c.unknown)} unexpected | all, 0, 0, 0 | ${verdict(ok)} |`);
  } else {
    out.push('| alerts: every expected (notice, channel) posted exactly once | not checked (the run did not finish) | all, 0, 0, 0 | **MISSED** |');
  }
  out.push(`| request rate held: issued ÷ (--rate × duration) | ${fmt(issuedRate)} req/s (${fmt((100 * issuedRate) / RATE, 1)} %; ${fmt(skipped)} slots skipped at ${fmt(MAX_OUTSTANDING)} outstanding) | ≥ ${RATE_HELD * 100} % | ${verdict(issuedRate >= RATE * RATE_HELD)} |`);
  out.push(`| non-2xx answers and errors | ${fmt(non2xx)} of ${fmt(answered)} | 0 | ${verdict(non2xx === 0)} |`);
  out.push('');
  out.push(`How the verdicts are read. **Memory**: the first third of the windows is warm-up (JIT, the heap growing to its working size, the alert pipeline starting ${STEPS['percent:50']!.afterMs / 1000}–${TARGET_MS / 1000} s in, BullMQ's kept-job lists filling up to their caps) and is left out; a leak keeps growing with time and traffic, so it shows as the last third's mean sample standing above the second third's. ${fmt((MEMORY_GROWTH_LIMIT - 1) * 100)} % leaves room for GC sawtooth (one RSS sample per window, at an arbitrary point of the heap's cycle) without hiding steady growth over a third of the soak. The heap is judged on its live set (heapUsed measured right after each major GC, the lowest per window) rather than heapUsed at the sampling instant, which swings with the sawtooth. **p99**: each window's p99 is noisy (one GC pause or a neighbour's burst moves it), so the median over a third is compared; ${P99_GROWTH_LIMIT}× allows noise while catching a service that slows down as its data grows. Latency is from the request being issued to the end of its answer, 2xx only.`, '');
  if (r) {
    const c = r.check;
    out.push(`Alerts: ${fmt(c.posted)} chat.postMessage calls in all. Expected: ${POSTS_PER_UNANSWERED} per unanswered ticket whose requests all got a 2xx (${fmt(c.expected / POSTS_PER_UNANSWERED)} tickets). Lateness (post instant − due instant, first post of each expected pair): p50 ${fmt(c.lateness.p50)} ms, p99 ${fmt(c.lateness.p99)} ms, max ${fmt(c.lateness.max)} ms. ${r.drained ? `The last expected post came ${fmt(Math.max(0, r.allPostedAfterMs) / 1000, 1)} s after the last due instant (or earlier)` : `**Not every expected post had come ${fmt(DRAIN_MS / 1000)} s after the last due instant**`}; queues ${r.idle ? 'idle' : '**not idle**'} at the end.${c.uncertainPosts ? ` ${fmt(c.uncertainPosts)} posts for tickets left out of the check (a request without a 2xx).` : ''}${c.answeredAlerted ? ` ${fmt(c.answeredAlerted)} posts for answered tickets (their reply was not applied before the 50% checkpoint: ingest lag above ${fmt((STEPS['percent:50']!.afterMs - REPLY_AFTER_MS) / 1000)} s).` : ''}`, '');
    if (c.examples.length) out.push(`Examples: ${c.examples.join('; ')}.`, '');
    const k = r.counters;
    const sum = (pfx: string) => Object.entries(k).filter(([n]) => n.startsWith(pfx)).reduce((a, [, v]) => a + v, 0);
    const alerts = Object.entries(k).filter(([n]) => n.startsWith('sla_timer_alerts_total')).map(([n, v]) => `${n.replace('sla_timer_alerts_total', '')} ${fmt(v)}`).join(', ');
    out.push(`Service counters: webhooks accepted ${fmt(k['sla_timer_webhooks_total{source=generic,outcome=accepted}'] ?? 0)} (of ${fmt(sum('sla_timer_webhooks_total'))}), events applied ${fmt(k['sla_timer_events_applied_total{source=generic,result=applied}'] ?? 0)} (of ${fmt(sum('sla_timer_events_applied_total'))}); alerts ${alerts || 'none'}; service CPU ${r.serviceCpu ? fmt((r.serviceCpu.userMs + r.serviceCpu.systemMs) / 1000, 1) : '?'} s over the run.`, '');
    const lastW = windows.at(-1)?.sample;
    if (lastW) out.push(`Redis used_memory: ${bytes(r.baseline.redisUsed)} before the load, ${bytes(lastW.redisUsed)} at its end (${fmt((lastW.redisUsed - r.baseline.redisUsed) / Math.max(1, totalCreated))} B per ticket created; tickets stay in Redis after their first response, so this grows with the tickets and is not judged), ${bytes(r.end.redisUsed)} after the drain. The whole Redis: other clients of it add noise.`, '');
    const all = windows.map((w) => w.cpu).filter((c): c is CpuShares => c !== undefined);
    if (all.length) out.push(`CPU in the last window: ${describeCpu(all[all.length - 1]!)}.`, '');
  }
  console.log(out.join('\n'));
}

await main();
process.exit(0);
