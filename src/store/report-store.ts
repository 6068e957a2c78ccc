/**
 * Report aggregates in Redis. The ticket save script appends outcome records to the
 * `outcomes` stream in the same script as the state, so a record is never lost or doubled.
 * The compactor folds the stream into one hash per UTC day and per UTC month (a field per
 * dimension), and commits the hashes, the new cursor and the trim of what it folded in one
 * script that first checks the cursor is still the one it read: a crash before the commit
 * leaves everything as it was, and a compactor that outlived its lock (a long pause) cannot
 * fold a batch a second time. Queries read the hashes and the tail after the cursor together.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { cellKey, emptyAggregate, foldRecord, type Aggregate } from '../reports/aggregate.js';
import { decodeRows, encodeCells, rowToCell, type StoredRow } from '../reports/aggregate-codec.js';
import type { ReportSnapshot, ReportSource } from '../reports/compliance-reports.js';
import { dimensionsOf, type Dimension } from '../reports/dimensions.js';
import { dayKey, dayNumber, monthKey } from '../reports/periods.js';
import type { OutcomeRecord } from '../sla/outcomes.js';
import { decodeOutcome } from './outcome-codec.js';
import { reportKeysFor, type ReportKeys } from './report-keys.js';

export interface ReportStoreOptions {
  /** Outcome records folded per commit (default 5,000). */
  batchSize?: number;
  /** Batches per `compact()` call before it yields to the next run (default 100). */
  maxBatches?: number;
  /** How long the compactor lock lasts (default 60 s); the commit's cursor check covers an overrun. */
  lockMs?: number;
  /** A query first compacts (if no one else is) when more records than this wait (default 50,000). */
  compactTailAbove?: number;
}

export interface CompactionResult {
  /** Records folded into the aggregates. */
  folded: number;
  batches: number;
  /** Another compactor held the lock: nothing was done. */
  busy: boolean;
  /** A commit was refused because the cursor had moved (another compactor folded that batch). */
  fenced: boolean;
}

/** Fault injection for tests: runs after a batch is folded, before it is committed. */
export interface CompactionHooks {
  beforeCommit?: () => Promise<void>;
}

// KEYS: cursor, outcomes, period hashes…; ARGV: expected cursor ('' none), new cursor, trim MINID, then per hash: n, field, value…
const COMMIT_SCRIPT = `
local cur = redis.call('GET', KEYS[1]) or ''
if cur ~= ARGV[1] then return 0 end
local a = 4
for k = 3, #KEYS do
  local n = tonumber(ARGV[a])
  a = a + 1
  if n > 0 then
    local args = {}
    for i = 1, n * 2 do args[i] = ARGV[a + i - 1] end
    redis.call('HSET', KEYS[k], unpack(args))
  end
  a = a + n * 2
end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('XTRIM', KEYS[2], 'MINID', ARGV[3])
return 1
`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type ScriptedRedis = Redis & {
  slaReportCommit(numKeys: number, ...args: Array<string | Buffer | number>): Promise<number>;
  slaReportRelease(lock: string, token: string): Promise<number>;
};

export class ReportStore implements ReportSource {
  readonly keys: ReportKeys;
  private readonly redis: ScriptedRedis;
  private readonly batchSize: number;
  private readonly maxBatches: number;
  private readonly lockMs: number;
  private readonly compactTailAbove: number;

  constructor(redis: Redis, prefix: string, options: ReportStoreOptions = {}) {
    this.keys = reportKeysFor(prefix);
    this.batchSize = options.batchSize ?? 5_000;
    this.maxBatches = options.maxBatches ?? 100;
    this.lockMs = options.lockMs ?? 60_000;
    this.compactTailAbove = options.compactTailAbove ?? 50_000;
    if (!('slaReportCommit' in redis)) {
      redis.defineCommand('slaReportCommit', { lua: COMMIT_SCRIPT });
      redis.defineCommand('slaReportRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    }
    this.redis = redis as ScriptedRedis;
  }

  /** Folds the stream into the aggregates, batch by batch, unless another compactor is at it. */
  async compact(hooks: CompactionHooks = {}): Promise<CompactionResult> {
    const result: CompactionResult = { folded: 0, batches: 0, busy: false, fenced: false };
    const token = randomBytes(8).toString('hex');
    if ((await this.redis.set(this.keys.lock, token, 'PX', this.lockMs, 'NX')) === null) return { ...result, busy: true };
    try {
      while (result.batches < this.maxBatches) {
        const batch = await this.compactBatch(hooks);
        if (batch === 'fenced') return { ...result, fenced: true };
        if (batch === 0) break;
        result.folded += batch;
        result.batches++;
        if (batch < this.batchSize) break;
      }
      return result;
    } finally {
      await this.redis.slaReportRelease(this.keys.lock, token);
    }
  }

  /** Folds and commits one batch; returns how many records it folded, or 'fenced'. */
  private async compactBatch(hooks: CompactionHooks): Promise<number | 'fenced'> {
    const cursor = await this.redis.get(this.keys.cursor);
    const entries = await this.redis.xrange(this.keys.outcomes, cursor === null ? '-' : `(${cursor}`, '+', 'COUNT', this.batchSize);
    if (entries.length === 0) return 0;
    const byPeriod = new Map<string, OutcomeRecord[]>();
    for (const [, fields] of entries) {
      const record = decodeOutcome(fields[1]!);
      const day = dayNumber(record.endedAt);
      for (const period of [dayKey(day), monthKey(day)]) {
        const list = byPeriod.get(period);
        if (list === undefined) byPeriod.set(period, [record]);
        else list.push(record);
      }
    }
    const periods = [...byPeriod.keys()];
    const stored = await this.read(new Map(periods.map((p) => [p, dimensionsOf(p)])));
    const args: Array<string | Buffer | number> = [];
    for (const period of periods) {
      const agg = toAggregate(stored.get(period));
      for (const record of byPeriod.get(period)!) foldRecord(agg, record, dimensionsOf(period));
      const fields = [...agg].flatMap(([dimension, cells]) => [dimension, encodeCells(cells.values())]);
      args.push(fields.length / 2, ...fields);
    }
    const last = entries[entries.length - 1]![0];
    await hooks.beforeCommit?.();
    const committed = await this.redis.slaReportCommit(
      2 + periods.length, this.keys.cursor, this.keys.outcomes, ...periods.map((p) => this.keys.period(p)),
      cursor ?? '', last, nextId(last), ...args,
    );
    return committed === 1 ? entries.length : 'fenced';
  }

  /** The requested dimensions of each period and the records after the cursor, consistent with each other. */
  async snapshot(request: ReadonlyMap<string, readonly Dimension[]>): Promise<ReportSnapshot> {
    if ((await this.redis.xlen(this.keys.outcomes)) > this.compactTailAbove) await this.compact();
    const periods = [...request];
    for (let attempt = 0; attempt < 5; attempt++) {
      const cursor = await this.redis.get(this.keys.cursor);
      const multi = this.redis.multi();
      for (const [period, dims] of periods) multi.hmgetBuffer(this.keys.period(period), ...dims);
      multi.xrange(this.keys.outcomes, cursor === null ? '-' : `(${cursor}`, '+');
      multi.get(this.keys.cursor);
      const values = replyValues(await multi.exec());
      // A compaction committed between reading the cursor and the transaction: read again.
      if (values[values.length - 1] !== cursor) continue;
      const cells = new Map(periods.map(([period, dims], i) => [period, decodeBlobs(dims, values[i] as Array<Buffer | null>)]));
      const tail = (values[periods.length] as Array<[string, string[]]>).map(([, fields]) => decodeOutcome(fields[1]!));
      return { cells, tail };
    }
    throw new Error('report aggregates kept changing while being read; try again');
  }

  /** Stored cells of the given periods and dimensions. */
  async read(request: ReadonlyMap<string, readonly Dimension[]>): Promise<Map<string, Map<Dimension, StoredRow[]>>> {
    const pipeline = this.redis.pipeline();
    for (const [period, dims] of request) pipeline.hmgetBuffer(this.keys.period(period), ...dims);
    const values = replyValues(await pipeline.exec());
    return new Map([...request].map(([period, dims], i) => [period, decodeBlobs(dims, values[i] as Array<Buffer | null>)]));
  }

  /** Writes whole aggregates of periods as they are (seeding and benchmarks; the compactor folds instead). */
  async writeAggregates(aggregates: ReadonlyMap<string, Aggregate>): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const [period, agg] of aggregates) {
      const fields = [...agg].flatMap(([dimension, cells]) => [dimension, encodeCells(cells.values())]);
      if (fields.length > 0) pipeline.hset(this.keys.period(period), ...fields);
    }
    await pipeline.exec();
  }

  /** Outcome records waiting to be folded. */
  async tailLength(): Promise<number> {
    return this.redis.xlen(this.keys.outcomes);
  }

  /** Keys and bytes (MEMORY USAGE) of the report data: the aggregates, the cursor and the stream. */
  async memoryUsage(): Promise<{ keys: number; bytes: number }> {
    const keys: string[] = [this.keys.outcomes];
    let scan = '0';
    do {
      const [next, found] = await this.redis.scan(scan, 'MATCH', this.keys.pattern, 'COUNT', 1000);
      scan = next;
      keys.push(...found);
    } while (scan !== '0');
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const replies = (await pipeline.exec()) ?? [];
    let bytes = 0;
    let present = 0;
    for (const [, v] of replies) if (typeof v === 'number') (bytes += v), present++;
    return { keys: present, bytes };
  }
}

function toAggregate(stored: Map<Dimension, StoredRow[]> | undefined): Aggregate {
  const agg = emptyAggregate();
  for (const [dimension, rows] of stored ?? []) agg.set(dimension, new Map(rows.map((r) => [cellKey(r.value, r.metric), rowToCell(r)])));
  return agg;
}

function decodeBlobs(dims: readonly Dimension[], blobs: ReadonlyArray<Buffer | null>): Map<Dimension, StoredRow[]> {
  const out = new Map<Dimension, StoredRow[]>();
  dims.forEach((dim, j) => {
    const blob = blobs[j];
    if (blob) out.set(dim, decodeRows(blob));
  });
  return out;
}

/** The values of a pipeline's or transaction's replies; the first error is thrown. */
function replyValues(replies: Array<[Error | null, unknown]> | null): unknown[] {
  if (replies === null) throw new Error('transaction aborted');
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** The smallest stream id after `id` (`ms-seq`): XTRIM MINID with it removes `id` and all before. */
function nextId(id: string): string {
  const [ms, seq] = id.split('-');
  return `${ms}-${Number(seq) + 1}`;
}
