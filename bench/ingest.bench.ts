/**
 * bench:ingest: webhook throughput and latency of the running service (real Redis, signed
 * generic events, one new ticket per request) against a bare Express JSON endpoint given the
 * same request bodies, then a check that every accepted event was applied.
 *
 *   npm run bench:ingest                 (= tsx bench/ingest.bench.ts)
 *   npm run bench:ingest -- --connections 50 --duration 10 --warmup 2 --log-level info --profile
 *
 * Each server runs in its own child process (bench/servers/*.ts); the service starts the real
 * `startService` the way `npm start` does (the full integration registry, LOG_LEVEL info with
 * the logs discarded), in two layouts (`--layout split,one`): `split`, an API process
 * (SLA_ROLES=api) taking the load and a workers process (SLA_ROLES=workers) applying the
 * events, as README "Scaling" deploys it; `one`, API and workers in one process, `npm start`'s
 * default. Each layout runs under its own private KEY_PREFIX, deleted at the end. Prints a
 * markdown report; exits 0 even when a target is missed (the report says MISSED). See
 * bench/README.md.
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
/** Scheduling priority (nice) of the split layout's workers process: it stands for a separate workers tier. */
const WORKERS_NICE = f.num('workers-nice', 10);
const LAYOUTS = (f.str('layout', 'split,one').split(',') as Layout[]).filter((l) => l === 'split' || l === 'one');

/** `split`: an API process and a workers process; `one`: both roles in one process. */
type Layout = 'split' | 'one';
const LAYOUT_NAMES: Record<Layout, string> = {
  split: 'sla-timer, API process + workers process',
  one: 'sla-timer, API and workers in one process',
};

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
  /** The workers process's, in the split layout. */
  workersLifeCpu?: { userMs: number; systemMs: number };
  work?: RedisWork;
}

const probe = connect();

async function runTarget(name: string, child: BenchChild<{ port: number }>, workers?: BenchChild): Promise<{ run: TargetRun; seqEnd: number }> {
  const url = `http://127.0.0.1:${child.ready.port}`;
  const seq = { next: 0 };
  const warm = await load(url, WARMUP_S, seq);
  const redisPid = Number((await info(probe, 'server')).process_id);
  const pidOf = (c: BenchChild) => Number((c.ready as { pid?: unknown }).pid);
  const watch = watchCpu({ server: pidOf(child), ...(workers ? { workers: pidOf(workers) } : {}), autocannon: process.pid, Redis: redisPid });
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

interface Applied {
  accepted: number;
  acceptedClient: number;
  applied: number;
  tickets: number;
  activeIndex: number;
  failed: number;
  drainMs: number;
  drained: boolean;
  appliedAtLoadEnd: number;
  loadSeconds: number;
}

interface ServiceRun {
  run: TargetRun;
  applied: Applied;
}

const APPLIED = 'sla_timer_events_applied_total{source=generic,result=applied}';

/** Runs the load against the service in one layout, waits for the backlog to drain, and checks every accepted event was applied. */
async function runService(layout: Layout, redis: ReturnType<typeof connect>, children: Set<BenchChild>): Promise<ServiceRun> {
  const prefix = benchPrefix();
  const start = (roles: { api: boolean; workers: boolean }, name: string) =>
    startChild<{ port: number }>(benchFile('servers/service-server.ts'), {
      env: {
        PORT: '0',
        REDIS_URL,
        KEY_PREFIX: prefix,
        SLA_CONFIG: benchFile('config/ingest.yaml'),
        GENERIC_WEBHOOK_SECRET: BENCH_SECRET,
        LOG_LEVEL,
        SLACK_BOT_TOKEN: '',
        API_TOKEN: '',
        BENCH_SERVICE_OPTIONS: JSON.stringify({ roles }),
      },
      nodeArgs: nodeArgs(name),
    }).then((child) => (children.add(child), child));
  try {
    const workers = layout === 'split' ? await start({ api: false, workers: true }, 'workers') : undefined;
    // On this one machine the workers' CPU would come out of the API's share; in the layout it
    // stands for, the tiers have their own. Lower priority gives the API first call on the CPU,
    // and the workers everything it leaves (every accepted event must still be applied).
    if (workers && WORKERS_NICE !== 0) os.setPriority(Number((workers.ready as { pid?: unknown }).pid), WORKERS_NICE);
    const api = await start({ api: true, workers: layout === 'one' }, layout === 'one' ? 'service' : 'api');
    const appliedBy = workers ?? api;
    if (runNotes.length === 0) runNotes.push(`service integration registry: ${String((api.ready as { registry?: unknown }).registry)}`);
    const workStart = await redisWork(redis);
    const started = Date.now();
    const { run } = await runTarget(LAYOUT_NAMES[layout], api, workers);
    const loadEnded = Date.now();
    const atLoadEnd = await appliedBy.ask<Record<string, number>>('counters');
    // Let the events queue drain: every accepted event must be applied.
    const events = new Queue('events', { connection: redis, prefix: `{${prefix}}` });
    const drained = await pollUntil(async () => {
      const c = await events.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children');
      return Object.values(c).every((n) => n === 0);
    }, DRAIN_TIMEOUT_S * 1000, 100);
    const drainMs = Date.now() - loadEnded;
    const failed = (await events.getJobCounts('failed')).failed ?? 0;
    await events.close();
    run.work = workDelta(workStart, await redisWork(redis));
    const accepted = await api.ask<Record<string, number>>('counters');
    const applied = layout === 'split' ? await appliedBy.ask<Record<string, number>>('counters') : accepted;
    const tickets = (await keysOf(redis, prefix, ':t:generic:*')).length;
    const activeIndex = await redis.zcard(`{${prefix}}:active`);
    const stopped = await api.stop<{ cpu: { userMs: number; systemMs: number } }>();
    children.delete(api);
    if (stopped) run.serverLifeCpu = stopped.cpu;
    if (workers) {
      const w = await workers.stop<{ cpu: { userMs: number; systemMs: number } }>();
      children.delete(workers);
      if (w) run.workersLifeCpu = w.cpu;
    }
    return {
      run,
      applied: {
        accepted: accepted['sla_timer_webhooks_total{source=generic,outcome=accepted}'] ?? 0,
        acceptedClient: run.warm.ok2xx + run.main.ok2xx,
        applied: applied[APPLIED] ?? 0,
        tickets,
        activeIndex,
        failed,
        drainMs,
        drained,
        appliedAtLoadEnd: atLoadEnd[APPLIED] ?? 0,
        loadSeconds: (loadEnded - started) / 1000,
      },
    };
  } finally {
    for (const child of children) await child.stop();
    children.clear();
    const deleted = await deletePrefix(redis, prefix);
    console.error(`cleanup: deleted ${deleted} keys under {${prefix}}`);
  }
}

async function main(): Promise<void> {
  const redis = connect();
  const hz = await getHz(redis);
  const loadBefore = os.loadavg();
  let bare: TargetRun | undefined;
  const services: ServiceRun[] = [];
  const children = new Set<BenchChild>();
  try {
    if (ONLY !== 'service') {
      const bareChild = await startChild<{ port: number }>(benchFile('servers/bare-express-server.ts'), { env: { PORT: '0' }, nodeArgs: nodeArgs('bare') });
      children.add(bareChild);
      const { run } = await runTarget('bare Express (express.json + 202)', bareChild);
      const stopped = await bareChild.stop<{ cpu: { userMs: number; systemMs: number } }>();
      children.delete(bareChild);
      if (stopped) run.serverLifeCpu = stopped.cpu;
      bare = run;
      await sleep(1000);
    }
    if (ONLY !== 'bare') {
      for (const layout of LAYOUTS) {
        services.push(await runService(layout, redis, children));
        await sleep(1000);
      }
    }
  } finally {
    for (const child of children) await child.stop();
    await redis.quit();
    await probe.quit();
  }
  report(bare, services, hz, loadBefore);
}

function report(bare: TargetRun | undefined, services: ServiceRun[], hz: number, loadBefore: number[]): void {
  const out: string[] = [];
  out.push('## bench:ingest report', '');
  out.push(`- date: ${new Date().toISOString()}; machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${os.platform()} ${os.release()}`);
  out.push(`- Redis hz: ${hz}; load average before: ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
  out.push(`- autocannon: ${CONNECTIONS} connections, pipelining 1, ${WARMUP_S} s warm-up then ${DURATION_S} s measured, same bodies for every target (one new ticket per request, ~${Buffer.byteLength(body(0).body)} B JSON, signed); service LOG_LEVEL=${LOG_LEVEL}${PROFILE ? '; CPU profiles in bench/profiles/' : ''}`);
  for (const n of runNotes) out.push(`- ${n}`);
  out.push('');
  out.push('| target | req/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx | errors | server CPU s (user+sys) | CPU ms per request | CPU during the measured run, % of one core: server / workers process / autocannon / Redis / other processes |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of [...(bare ? [bare] : []), ...services.map((s) => s.run)]) {
    const cpuS = r.serverLifeCpu ? (r.serverLifeCpu.userMs + r.serverLifeCpu.systemMs) / 1000 : NaN;
    const reqs = r.warm.total + r.main.total;
    const shares = [r.cpu.processes.server, r.cpu.processes.workers, r.cpu.processes.autocannon, r.cpu.processes.Redis, r.cpu.others].map((x) => (x === undefined ? '–' : fmt(x)));
    out.push(`| ${r.name} | ${fmt(r.main.rps)} | ${fmt(r.main.p50, 1)} | ${fmt(r.main.p90, 1)} | ${fmt(r.main.p99, 1)} | ${fmt(r.main.max, 1)} | ${fmt(r.main.total)} | ${r.main.non2xx + r.warm.non2xx} | ${r.main.errors + r.warm.errors} | ${fmt(cpuS, 1)} | ${fmt((cpuS * 1000) / reqs, 3)} | ${shares.join(' / ')} |`);
  }
  out.push('');
  for (const { run: svc, applied } of services) {
    out.push(`### ${svc.name}`, '');
    if (bare) {
      const rpsRatio = svc.main.rps / bare.main.rps;
      const p99Ratio = svc.main.p99 / bare.main.p99;
      out.push('| target | measured | goal | verdict |');
      out.push('|---|---:|---:|---|');
      out.push(`| service req/s ÷ bare req/s | ${fmt(rpsRatio, 2)}× | ≥ ${TARGET_RPS_RATIO}× | ${verdict(rpsRatio >= TARGET_RPS_RATIO)} |`);
      out.push(`| service p99 ÷ bare p99 | ${fmt(p99Ratio, 2)}× (${fmt(svc.main.p99, 1)} vs ${fmt(bare.main.p99, 1)} ms) | ≤ ${TARGET_P99_RATIO}× | ${verdict(p99Ratio <= TARGET_P99_RATIO)} |`);
      const non2xx = svc.main.non2xx + svc.warm.non2xx + svc.main.errors + svc.warm.errors;
      out.push(`| non-2xx answers and errors (service) | ${non2xx} | 0 | ${verdict(non2xx === 0)} |`);
      const all = applied.applied === applied.accepted && applied.tickets === applied.accepted && applied.drained && applied.failed === 0;
      out.push(`| accepted events applied | ${fmt(applied.applied)} of ${fmt(applied.accepted)} (${fmt((100 * applied.applied) / Math.max(1, applied.accepted), 2)} %) | every one | ${verdict(all)} |`);
      out.push('');
    }
    out.push(`- accepted: ${fmt(applied.accepted)} events (server counter \`sla_timer_webhooks_total{outcome="accepted"}\`); 2xx seen by the client: ${fmt(applied.acceptedClient)} (requests cut off when the load stopped may be accepted without the client counting the answer)`);
    out.push(`- applied: ${fmt(applied.applied)} (\`sla_timer_events_applied_total{result="applied"}\`); tickets in Redis: ${fmt(applied.tickets)}; in the active index: ${fmt(applied.activeIndex)}; failed event jobs: ${applied.failed}`);
    out.push(`- applied while the load ran: ${fmt(applied.appliedAtLoadEnd)} in ${fmt(applied.loadSeconds, 1)} s (${fmt(applied.appliedAtLoadEnd / applied.loadSeconds)}/s); the backlog drained ${fmt(applied.drainMs / 1000, 1)} s after the load stopped${applied.drained ? '' : ' (**did not drain in time**)'}; overall ${fmt(applied.applied / (applied.loadSeconds + applied.drainMs / 1000))} events applied/s`);
    if (svc.workersLifeCpu) out.push(`- workers process CPU over its life: ${fmt((svc.workersLifeCpu.userMs + svc.workersLifeCpu.systemMs) / 1000, 1)} s (${fmt((svc.workersLifeCpu.userMs + svc.workersLifeCpu.systemMs) / Math.max(1, applied.applied), 3)} ms per applied event)`);
    if (svc.work) {
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
