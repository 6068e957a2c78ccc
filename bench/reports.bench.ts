/**
 * bench:reports: a year of SLA outcome history at 10,000 tickets a day in Redis, then the
 * compliance report over the whole year for every group_by, as JSON and as CSV, warm (in this
 * process, after a warm-up) and cold (each run a fresh process). Also: the last day goes
 * through the real compactor (timed), the last hour stays un-compacted (queries fold it), and
 * the Redis memory the report data takes. Markdown on stdout; exit 0; MISSED when a target is.
 *
 *   npm run bench:reports [-- --days 365 --per-day 10000 --runs 7 --cold-runs 3 --keep]
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { activeScore } from '../src/queues/ticket-processor.js';
import { emptyAggregate, foldRecord, mergeAggregate, type Aggregate } from '../src/reports/aggregate.js';
import { GROUP_BYS } from '../src/reports/compliance-report.js';
import { dimensionsOf } from '../src/reports/dimensions.js';
import { DAY_MS, dayKey, dayNumber, monthDays, monthKey } from '../src/reports/periods.js';
import { apply } from '../src/sla/index.js';
import type { OutcomeRecord } from '../src/sla/outcomes.js';
import { encodeOutcome } from '../src/store/outcome-codec.js';
import { ReportStore } from '../src/store/report-store.js';
import { TicketStore } from '../src/store/ticket-store.js';
import { BENCH_RULES, NOW, startReportServer, timeQuery } from './reports/bench-setup.js';
import { OutcomeGenerator, SEVERITIES } from './reports/outcome-generator.js';
import { mulberry32 } from './support/stats.js';

const argv = process.argv.slice(2);
const num = (name: string, def: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const DAYS = num('days', 365);
const PER_DAY = num('per-day', 10_000);
const RUNS = num('runs', 7);
const COLD_RUNS = num('cold-runs', 3);
const SEED = num('seed', 20261125);
const KEEP = argv.includes('--keep');
const TARGET_MS = 1_000;
/** Records end at most ~3 weeks after their ticket is created: days older than this are final. */
const SPILL_DAYS = 24;
/** The last hour of outcomes stays in the stream: every query folds it on the fly. */
const TAIL_MS = 3_600_000;

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `bench-rep-${randomBytes(3).toString('hex')}`;
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
const exec = promisify(execFile);
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const mib = (b: number) => `${fmt(b / 1024 / 1024, 1)} MiB`;
const verdict = (ok: boolean) => (ok ? 'met' : '**MISSED**');

async function usedMemory(): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

async function deletePrefix(): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Day and month aggregates built with the same folding code the compactor uses, written as blobs. */
async function seed(store: ReportStore) {
  const lastDay = dayNumber(NOW);
  const firstDay = lastDay - DAYS + 1;
  const gen = new OutcomeGenerator(mulberry32(SEED));
  const window = new Map<number, Aggregate>();
  const months = new Map<string, Aggregate>();
  const lastDayRecords: OutcomeRecord[] = [];
  let records = 0;
  let retractions = 0;
  let rawBytes = 0;
  const emit = (r: OutcomeRecord) => {
    const day = dayNumber(r.endedAt);
    if (day < firstDay || r.endedAt > NOW) return;
    records++;
    if (r.sign < 0) retractions++;
    if (records % 97 === 0) rawBytes += 97 * Buffer.byteLength(encodeOutcome(r)); // sampled size of the raw stream entries
    if (day === lastDay) return void lastDayRecords.push(r);
    let agg = window.get(day);
    if (agg === undefined) window.set(day, (agg = emptyAggregate()));
    foldRecord(agg, r);
  };
  const flush = async (upTo: number) => {
    for (const day of [...window.keys()].sort((a, b) => a - b)) {
      if (day > upTo) break;
      const agg = window.get(day)!;
      window.delete(day);
      // A day keeps what the compactor keeps for a day (no policy × organization: credits read months).
      const kept = new Map([...agg].filter(([dim]) => dimensionsOf(dayKey(day)).includes(dim)));
      await store.writeAggregates(new Map([[dayKey(day), kept]]));
      const month = monthKey(day);
      if (!months.has(month)) months.set(month, emptyAggregate());
      mergeAggregate(months.get(month)!, agg);
      if (monthDays(month).last === day) {
        await store.writeAggregates(new Map([[month, months.get(month)!]]));
        months.delete(month);
      }
    }
  };
  // Tickets from three weeks before the year, so its first days hold a steady flow too.
  for (let day = firstDay - SPILL_DAYS; day <= lastDay; day++) {
    gen.day(day * DAY_MS, PER_DAY, emit);
    await flush(day - SPILL_DAYS);
  }
  await flush(lastDay - 1);
  // The current month up to yesterday; the compactor adds today.
  await store.writeAggregates(months);
  return { records, retractions, rawBytes, lastDayRecords, firstDay, lastDay };
}

async function xadd(store: ReportStore, records: readonly OutcomeRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += 2_000) {
    const pipeline = redis.pipeline();
    for (const r of records.slice(i, i + 2_000)) pipeline.xadd(store.keys.outcomes, '*', 'r', encodeOutcome(r));
    await pipeline.exec();
  }
}

/**
 * Open tickets for the open-past-due column: created over the last day, 85% answered soon
 * after; by now some first responses and resolutions are past due.
 */
async function seedActive(count: number): Promise<number> {
  const tickets = new TicketStore(redis, prefix);
  const rand = mulberry32(SEED + 1);
  let overdue = 0;
  for (let i = 0; i < count; i++) {
    const createdAt = NOW - Math.floor(rand() * DAY_MS);
    const priority = ['urgent', 'high', null, 'low'][Math.floor(rand() * 4)]!;
    const ticket = { id: `open-${i}`, status: 'open' as const, priority, createdAt, subject: null, url: null, tags: rand() < 0.3 ? ['enterprise'] : [], group: `Tier ${1 + (i % 10)}`, organization: `org-${String(1 + (i % 200)).padStart(3, '0')}`, assignee: `agent-${String(1 + (i % 50)).padStart(2, '0')}`, requester: null, fields: {} };
    let state = apply(undefined, { source: 'zendesk', eventId: `open-${i}`, occurredAt: createdAt, ticket }, BENCH_RULES, NOW).state;
    const repliedAt = createdAt + Math.floor(rand() * 20 * 60_000);
    if (rand() < 0.85 && repliedAt < NOW) {
      state = apply(state, { source: 'zendesk', eventId: `reply-${i}`, occurredAt: repliedAt, ticket, comment: { author: 'agent', public: true } }, BENCH_RULES, NOW).state;
    }
    const score = activeScore(state, BENCH_RULES, NOW);
    if (score !== null && score <= NOW) overdue++;
    await tickets.save(state, null, null, score, NOW);
  }
  return overdue;
}

async function memoryByKind(store: ReportStore): Promise<{ days: number; months: number; dayKeys: number; monthKeys: number; stream: number }> {
  const out = { days: 0, months: 0, dayKeys: 0, monthKeys: 0, stream: Number(await redis.memory('USAGE', store.keys.outcomes, 'SAMPLES', 0)) || 0 };
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', store.keys.pattern, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const period = key.slice(key.lastIndexOf(':') + 1);
      const bytes = Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
      if (period.length === 10) (out.days += bytes), out.dayKeys++;
      else if (period.length === 7) (out.months += bytes), out.monthKeys++;
    }
  } while (cursor !== '0');
  return out;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: s[Math.ceil(s.length / 2) - 1]!, max: s[s.length - 1]! };
};

async function main(): Promise<void> {
  const started = Date.now();
  const store = new ReportStore(redis, prefix, { batchSize: 5_000, maxBatches: 100_000 });
  const memBefore = await usedMemory();
  const seedStart = performance.now();
  const seeded = await seed(store);
  const seedMs = performance.now() - seedStart;

  // The last day through the real compactor, the last hour left as the tail.
  const compacted = seeded.lastDayRecords.filter((r) => r.endedAt < NOW - TAIL_MS);
  const tail = seeded.lastDayRecords.filter((r) => r.endedAt >= NOW - TAIL_MS);
  await xadd(store, compacted);
  const compactStart = performance.now();
  const compaction = await store.compact();
  const compactMs = performance.now() - compactStart;
  await xadd(store, tail);
  const overdueTickets = await seedActive(2_000);
  const memory = await memoryByKind(store);
  const memAfter = await usedMemory();

  const from = dayKey(seeded.firstDay);
  const to = dayKey(seeded.lastDay);
  const server = await startReportServer(redis, prefix);
  const rows: string[] = [];
  const all: number[] = [];
  for (const groupBy of GROUP_BYS) {
    for (const format of ['json', 'csv'] as const) {
      const query = `from=${from}&to=${to}&group_by=${groupBy}&format=${format}`;
      const first = await timeQuery(server.url, query);
      if (first.status !== 200) throw new Error(`${query}: HTTP ${first.status}`);
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) warm.push((await timeQuery(server.url, query)).ms);
      const cold: number[] = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const { stdout } = await exec(process.execPath, [...process.execArgv, new URL('./reports/cold-query.ts', import.meta.url).pathname, prefix, query], { env: process.env });
        cold.push((JSON.parse(stdout.trim().split('\n').at(-1)!) as { ms: number }).ms);
      }
      const w = stats(warm);
      const c = stats(cold);
      all.push(w.max, c.max, first.ms);
      rows.push(`| ${groupBy} | ${format} | ${fmt(first.bytes / 1024, 1)} KiB | ${fmt(w.p50, 1)} | ${fmt(w.max, 1)} | ${fmt(c.p50, 1)} | ${fmt(c.max, 1)} | ${verdict(Math.max(w.max, c.max) < TARGET_MS)} |`);
    }
  }
  // One total as a sanity line: the year's first responses, from the JSON report by metric.
  const byMetric = (await (await fetch(`${server.url}/api/reports/compliance?from=${from}&to=${to}&group_by=metric`)).json()) as { rows: Array<{ metric: string; met: number; breached: number; cancelled: number; open_past_due: number; percent_met: number | null; median_seconds: number | null }>; credits: unknown[] };
  await server.close();

  const worst = Math.max(...all);
  const out: string[] = [];
  out.push('# bench:reports', '');
  out.push(`- date: ${new Date().toISOString().slice(0, 10)}; Node ${process.version}; ${os.cpus()[0]?.model ?? 'CPU'} (${os.cpus().length} cores); Redis ${/redis_version:(\S+)/.exec(await redis.info('server'))?.[1]}`);
  out.push(`- history: ${DAYS} days (${from} … ${to}), ${fmt(PER_DAY)} tickets a day, ${SEVERITIES.length} severities, 3 policies, 10 groups, 50 assignees, 200 organizations, 3 sources; seed ${SEED}`);
  out.push(`- outcome records in the year: ${fmt(seeded.records)} (${fmt(seeded.records / DAYS / PER_DAY, 2)} per ticket; ${fmt(seeded.retractions)} retractions of reopened resolutions)`);
  out.push(`- seeding (generate + fold + encode + write ${fmt(memory.dayKeys)} day and ${fmt(memory.monthKeys)} month aggregates): ${fmt(seedMs / 1000, 1)} s`);
  out.push(`- the last day through the real compactor: ${fmt(compaction.folded)} records in ${compaction.batches} batches, ${fmt(compactMs)} ms (${fmt(compaction.folded / (compactMs / 1000))} records/s); ${fmt(tail.length)} records of the last hour left un-compacted (folded by every query)`);
  out.push(`- active tickets: 2,000 open, ${fmt(overdueTickets)} of them with a timer past due (read for open_past_due by every query)`);
  out.push('');
  out.push('## Memory of the report data', '');
  out.push('| what | keys | MEMORY USAGE |', '|---|---:|---:|');
  out.push(`| day aggregates | ${fmt(memory.dayKeys)} | ${mib(memory.days)} |`);
  out.push(`| month aggregates | ${fmt(memory.monthKeys)} | ${mib(memory.months)} |`);
  out.push(`| outcomes stream (the un-compacted tail) | 1 | ${mib(memory.stream)} |`);
  out.push(`| **total** | ${fmt(memory.dayKeys + memory.monthKeys + 1)} | **${mib(memory.days + memory.months + memory.stream)}** |`);
  out.push('');
  out.push(`That is ${fmt((memory.days + memory.months) / seeded.records, 2)} bytes per outcome record; the records themselves as stream entries would be ~${mib(seeded.rawBytes)} of payload alone. INFO used_memory grew by ${mib(memAfter - memBefore)} (aggregates, tail, 2,000 tickets and allocator overhead).`);
  out.push('');
  out.push(`## Compliance report over the year (${from} … ${to}): ms per request, HTTP, body read`, '');
  out.push(`Warm: ${RUNS} runs in this process after one warm-up; cold: ${COLD_RUNS} runs, each the first request of a fresh process (connected, route started). Target: every run under ${fmt(TARGET_MS)} ms.`, '');
  out.push('| group_by | format | body | warm p50 | warm max | cold p50 | cold max | target < 1 s |', '|---|---|---:|---:|---:|---:|---:|---|');
  out.push(...rows);
  out.push('');
  const fr = byMetric.rows.find((r) => r.metric === 'first_response');
  out.push(`Sanity: first responses in the year: ${fmt(fr?.met ?? 0)} met, ${fmt(fr?.breached ?? 0)} breached, ${fmt(fr?.cancelled ?? 0)} cancelled, ${fmt(fr?.open_past_due ?? 0)} open past due; ${fr?.percent_met}% met; median ${fr?.median_seconds} s; ${byMetric.credits.length} credit lines.`);
  out.push('');
  out.push(`Summary: slowest run ${fmt(worst, 1)} ms — target < ${fmt(TARGET_MS)} ms: ${verdict(worst < TARGET_MS)}. Bench took ${fmt((Date.now() - started) / 1000)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  await main();
} finally {
  if (!KEEP) await deletePrefix();
  else process.stderr.write(`kept keys under {${prefix}}\n`);
  await redis.quit();
}
