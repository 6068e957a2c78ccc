/**
 * bench:ingest: webhook throughput and latency of the running service (real Redis, signed
 * generic events, one new ticket per request) against a bare Express JSON endpoint given the
 * same request bodies, then a check that every accepted event was applied.
 *
 *   npm run bench:ingest                 (= tsx bench/ingest.bench.ts)
 *   npm run bench:ingest -- --connections 50 --duration 10 --warmup 2 --log-level info --profile
 *
 * Each server runs in its own child process (bench/servers/*.ts); the service one starts the
 * real `startService` the way `npm start` does (API and workers in one process, the full
 * integration registry, LOG_LEVEL info with the logs discarded). Keys live under a private
 * KEY_PREFIX and are deleted at the end. Prints a markdown report; exits 0 even when a target
 * is missed (the report says MISSED). See bench/README.md.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { benchFile, startChild, type BenchChild } from './support/child.js';
import { watchCpu, type CpuShares } from './support/cpu-watch.js';
import { BENCH_SECRET, genericEventJson, signGeneric, type BenchTicket } from './support/generic-events.js';
import { benchPrefix, connect, deletePrefix, getHz, info, keysOf, REDIS_URL, redisWork, workDelta, type RedisWork } from './support/bench-redis.js';
import { flags, fmt, pollUntil, sleep, verdict } from './support/stats.js';

const f = flags();
const CONNECTIONS = f.num('connections', 50);
const DURATION_S = f.num('duration', 10);
const WARMUP_S = f.num('warmup', 2);
const LOG_LEVEL = f.str('log-level', 'info');
const DRAIN_TIMEOUT_S = f.num('drain-timeout', 300);
const PROFILE = f.has('profile');
const ONLY = f.opt('only'); // 'service' | 'bare'

/** Facts about the run worth printing (e.g. which integration registry the service loaded). */
const runNotes: string[] = [];

const TARGET_RPS_RATIO = 0.7;
const TARGET_P99_RATIO = 2;

/** Request bodies: ticket i of this run, byte-identical for both servers (fixed instants). */
const RUN = randomBytes(3).toString('hex');
const T0 = Date.now();
const PRIORITIES: Array<[string | null, string[]]> = [
  ['urgent', ['enterprise']], // enterprise sev1, 24x7
  ['high', ['enterprise']], // enterprise sev2, business hours
  ['normal', ['enterprise']], // enterprise sev3
  [null, []], // standard policy
];
function body(i: number): { body: string; signature: string } {
  const [priority, tags] = PRIORITIES[i % PRIORITIES.length]!;
  const t: BenchTicket = { id: `B-${RUN}-${i}`, eventId: `evt-${RUN}-${i}`, occurredAt: T0, createdAt: T0, priority, tags, group: 'Tier 1' };
  const text = JSON.stringify(genericEventJson(t));
  return { body: text, signature: signGeneric(text, BENCH_SECRET) };
}

interface LoadResult {
  rps: number;
  total: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  statusCodes: Record<string, number>;
}

async function load(url: string, seconds: number, seq: { next: number }): Promise<LoadResult> {
  const statusCodes: Record<string, number> = {};
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/webhooks/generic',
        setupRequest: (req) => {
          const { body: text, signature } = body(seq.next++);
          req.body = text;
          req.headers = { 'content-type': 'application/json', 'x-signature': signature };
          return req;
        },
        onResponse: (status) => {
          statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        },
      },
    ],
  });
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    rps: result.requests.average,
    total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.average,
    statusCodes,
  };
}

interface TargetRun {
  name: string;
  warm: LoadResult;
  main: LoadResult;
  /** CPU use of the server, autocannon (this process), Redis and everything else during the measured part. */
  cpu: CpuShares;
  /** The server's own CPU over its whole life (warm-up, load, drain). */
  serverLifeCpu?: { userMs: number; systemMs: number };
  work?: RedisWork;
}

const probe = connect();

async function runTarget(name: string, child: BenchChild<{ port: number }>): Promise<{ run: TargetRun; seqEnd: number }> {
  const url = `http://127.0.0.1:${child.ready.port}`;
  const seq = { next: 0 };
  const warm = await load(url, WARMUP_S, seq);
  const redisPid = Number((await info(probe, 'server')).process_id);
  const watch = watchCpu({ server: Number((child.ready as { pid?: unknown }).pid), autocannon: process.pid, Redis: redisPid });
  const main = await load(url, DURATION_S, seq);
  return { run: { name, warm, main, cpu: watch.stop() }, seqEnd: seq.next };
}

const nodeArgs = (name: string): string[] => {
  if (!PROFILE) return [];
  // One directory per process: the tsx loader thread writes a profile of its own (the small one).
  const dir = benchFile(`profiles/ingest-${name}-${RUN}`);
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
};

async function main(): Promise<void> {
  const redis = connect();
  const prefix = benchPrefix();
  const hz = await getHz(redis);
  const loadBefore = os.loadavg();
  const runs: TargetRun[] = [];
  let applied: { accepted: number; acceptedClient: number; applied: number; tickets: number; activeIndex: number; failed: number; drainMs: number; drained: boolean; appliedAtLoadEnd: number; loadSeconds: number } | undefined;
  let serviceChild: BenchChild<{ port: number }> | undefined;
  let bareChild: BenchChild<{ port: number }> | undefined;
  try {
    if (ONLY !== 'service') {
      bareChild = await startChild<{ port: number }>(benchFile('servers/bare-express-server.ts'), { env: { PORT: '0' }, nodeArgs: nodeArgs('bare') });
      const { run } = await runTarget('bare Express (express.json + 202)', bareChild);
      const stopped = await bareChild.stop<{ cpu: { userMs: number; systemMs: number } }>();
      bareChild = undefined;
      if (stopped) run.serverLifeCpu = stopped.cpu;
      runs.push(run);
      await sleep(1000);
    }

    if (ONLY !== 'bare') {
      serviceChild = await startChild<{ port: number }>(benchFile('servers/service-server.ts'), {
        env: {
          PORT: '0',
          REDIS_URL,
          KEY_PREFIX: prefix,
          SLA_CONFIG: benchFile('config/ingest.yaml'),
          GENERIC_WEBHOOK_SECRET: BENCH_SECRET,
          LOG_LEVEL,
          SLACK_BOT_TOKEN: '',
          API_TOKEN: '',
        },
        nodeArgs: nodeArgs('service'),
      });
      runNotes.push(`service integration registry: ${String((serviceChild.ready as { registry?: unknown }).registry)}`);
      const workStart = await redisWork(redis);
      const started = Date.now();
      const { run } = await runTarget('sla-timer (startService, real Redis)', serviceChild);
      const loadEnded = Date.now();
      const atLoadEnd = await serviceChild.ask<Record<string, number>>('counters');
      // Let the events queue drain: every accepted event must be applied.
      const events = new Queue('events', { connection: redis, prefix: `{${prefix}}` });
      const drained = await pollUntil(async () => {
        const c = await events.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
        return Object.values(c).every((n) => n === 0);
      }, DRAIN_TIMEOUT_S * 1000, 100);
      const drainMs = Date.now() - loadEnded;
      const failed = (await events.getJobCounts('failed')).failed ?? 0;
      await events.close();
      const workEnd = await redisWork(redis);
      run.work = workDelta(workStart, workEnd);
      const counters = await serviceChild.ask<Record<string, number>>('counters');
      const tickets = (await keysOf(redis, prefix, ':t:generic:*')).length;
      const activeIndex = await redis.zcard(`{${prefix}}:active`);
      const stopped = await serviceChild.stop<{ cpu: { userMs: number; systemMs: number } }>();
      serviceChild = undefined;
      if (stopped) run.serverLifeCpu = stopped.cpu;
      runs.push(run);
      const acceptedServer = counters['sla_timer_webhooks_total{source=generic,outcome=accepted}'] ?? 0;
      applied = {
        accepted: acceptedServer,
        acceptedClient: run.warm.ok2xx + run.main.ok2xx,
        applied: counters['sla_timer_events_applied_total{source=generic,result=applied}'] ?? 0,
        tickets,
        activeIndex,
        failed,
        drainMs,
        drained,
        appliedAtLoadEnd: atLoadEnd['sla_timer_events_applied_total{source=generic,result=applied}'] ?? 0,
        loadSeconds: (loadEnded - started) / 1000,
      };
    }
  } finally {
    await bareChild?.stop();
    await serviceChild?.stop();
    const deleted = await deletePrefix(redis, prefix);
    console.error(`cleanup: deleted ${deleted} keys under {${prefix}}`);
    await redis.quit();
    await probe.quit();
  }
  report(runs, applied, hz, loadBefore);
}

function report(runs: TargetRun[], applied: { accepted: number; acceptedClient: number; applied: number; tickets: number; activeIndex: number; failed: number; drainMs: number; drained: boolean; appliedAtLoadEnd: number; loadSeconds: number } | undefined, hz: number, loadBefore: number[]): void {
  const out: string[] = [];
  out.push('## bench:ingest report', '');
  out.push(`- date: ${new Date().toISOString()}; machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}`);
  out.push(`- Redis hz: ${hz}; load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  out.push(`- autocannon: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_S} s warm-up then ${DURATION_S} s measured, same bodies for both (one new ticket per request, ~${Buffer.byteLength(body(0).body)} B JSON, signed); service LOG_LEVEL=${LOG_LEVEL}${PROFILE ? '; CPU profiles in bench/profiles/' : ''}`);
  for (const n of runNotes) out.push(`- ${n}`);
  out.push('');
  out.push('| target | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors | server CPU s (user+sys) | CPU ms per request | CPU during the measured run, % of one core: server / autocannon / Redis / other processes |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of runs) {
    const cpuS = r.serverLifeCpu ? (r.serverLifeCpu.userMs + r.serverLifeCpu.systemMs) / 1000 : NaN;
    const reqs = r.warm.total + r.main.total;
    out.push(`| ${r.name} | ${fmt(r.main.rps)} | ${fmt(r.main.p50, 1)} | ${fmt(r.main.p90, 1)} | ${fmt(r.main.p99, 1)} | ${fmt(r.main.max, 1)} | ${fmt(r.main.total)} | ${r.main.non2xx + r.warm.non2xx} | ${r.main.errors + r.warm.errors} | ${fmt(cpuS, 1)} | ${fmt((cpuS * 1000) / reqs, 3)} | ${[r.cpu.processes.server, r.cpu.processes.autocannon, r.cpu.processes.Redis, r.cpu.others].map((x) => fmt(x ?? NaN)).join(' / ')} |`);
  }
  const bare = runs.find((r) => r.name.startsWith('bare'));
  const svc = runs.find((r) => r.name.startsWith('sla-timer'));
  out.push('');
  if (bare && svc) {
    const rpsRatio = svc.main.rps / bare.main.rps;
    const p99Ratio = svc.main.p99 / bare.main.p99;
    out.push('| target | measured | goal | verdict |');
    out.push('|---|---:|---:|---|');
    out.push(`| service req/s ÷ bare req/s | ${fmt(rpsRatio, 2)}× | ≥ ${TARGET_RPS_RATIO}× | ${verdict(rpsRatio >= TARGET_RPS_RATIO)} |`);
    out.push(`| service p99 ÷ bare p99 | ${fmt(p99Ratio, 2)}× (${fmt(svc.main.p99, 1)} vs ${fmt(bare.main.p99, 1)} ms) | ≤ ${TARGET_P99_RATIO}× | ${verdict(p99Ratio <= TARGET_P99_RATIO)} |`);
    const non2xx = svc.main.non2xx + svc.warm.non2xx + svc.main.errors + svc.warm.errors;
    out.push(`| non-2xx answers and errors (service) | ${non2xx} | 0 | ${verdict(non2xx === 0)} |`);
    if (applied) {
      const all = applied.applied === applied.accepted && applied.tickets === applied.accepted && applied.drained && applied.failed === 0;
      out.push(`| accepted events applied | ${fmt(applied.applied)} of ${fmt(applied.accepted)} (${fmt((100 * applied.applied) / Math.max(1, applied.accepted), 2)} %) | every one | ${verdict(all)} |`);
    }
    out.push('');
  }
  if (applied) {
    out.push('Accepted versus applied (service):', '');
    out.push(`- accepted: ${fmt(applied.accepted)} events (server counter \`sla_timer_webhooks_total{outcome="accepted"}\`); 2xx seen by the client: ${fmt(applied.acceptedClient)} (requests cut off when the load stopped may be accepted without the client counting the answer)`);
    out.push(`- applied: ${fmt(applied.applied)} (\`sla_timer_events_applied_total{result="applied"}\`); tickets in Redis: ${fmt(applied.tickets)}; in the active index: ${fmt(applied.activeIndex)}; failed event jobs: ${applied.failed}`);
    out.push(`- applied while the load ran: ${fmt(applied.appliedAtLoadEnd)} in ${fmt(applied.loadSeconds, 1)} s (${fmt(applied.appliedAtLoadEnd / applied.loadSeconds)}/s); the backlog drained ${fmt(applied.drainMs / 1000, 1)} s after the load stopped${applied.drained ? '' : ' (**did not drain in time**)'}; overall ${fmt(applied.applied / (applied.loadSeconds + applied.drainMs / 1000))} events applied/s`);
    if (svc?.work) {
      const w = svc.work;
      const n = Math.max(1, applied.accepted);
      const top = [...w.perCommand].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k} ${fmt(v / n, 2)}`).join(', ');
      out.push(`- Redis work per accepted event, request to applied (whole Redis, so other clients of this Redis add noise): ${fmt(w.commands / n, 1)} commands, ${fmt((w.cpuSec * 1e6) / n, 1)} µs Redis CPU; by command: ${top}`);
    }
    out.push('');
  }
  console.log(out.join('\n'));
}

await main();
process.exit(0);
