/**
 * The notify ledger: what has been sent where, so each Slack message goes out exactly once.
 * Keys live under `{prefix}:n:` and expire after `ttlMs` (30 days by default), long after any
 * retry of the notice could arrive.
 *
 * - delivery `(id, channel)`: `new` → `posting` (before calling Slack) → `sent` (with the ts),
 *   or `digested` (folded into a channel digest), `failed` (permanent error), `logged` (no token);
 *   also the pacing slot it reserved.
 * - root `(cycle, channel)`: the notice allowed to open the cycle's thread and, once posted, its ts.
 * - pace `(channel)`: the next free send slot; digest buffer and sealed batch per channel.
 */
import type { OutcomeNotice } from '../sla/index.js';
import {
  ABORT_POSTING, ADD_TO_DIGEST, BEGIN_POSTING, CLAIM_ROOT, COMPLETE_DIGEST, MARK_FAILED, MARK_LOGGED,
  CLAIM_OUTCOME, MARK_SENT, RELEASE_ROOT, RESERVE_SLOT, RETAKE_POSTING, SEAL_DIGEST, runScript,
} from './notify-scripts.js';
import { keysFor } from './keys.js';
import type { Redis } from './redis-connection.js';

export type DeliveryState = 'new' | 'posting' | 'sent' | 'digested' | 'failed' | 'logged';

/** One message (alert, outcome update or digest) for one channel. */
export interface Delivery {
  state: DeliveryState;
  /** The pacing slot reserved for it (kept across retries). */
  slotAt: number | null;
  /** When the current posting attempt started. */
  postingSince: number | null;
  /** The thread it is posted into (null: a top-level message). */
  threadTs: string | null;
  ts: string | null;
  channelId: string | null;
  /** How `sent` was learned: `post`, `lookup`, `update`, `digest`. */
  via: string | null;
  digestAt: number | null;
  error: string | null;
}

/** Who opens the thread of a timer cycle in a channel. */
export type RootClaim =
  | { role: 'root' }
  | { role: 'reply'; ts: string; channelId: string | null }
  | { role: 'wait'; owner: string; since: number };

/** The root message of a cycle in one channel (ts null while its owner has not posted it). */
export interface CycleRoot {
  channel: string;
  owner: string | null;
  since: number | null;
  ts: string | null;
  channelId: string | null;
}

export type SlotReservation = { kind: 'slot'; at: number } | { kind: 'full'; at: number };

export interface DigestItem {
  id: string;
  payload: string;
}

/** A digest sealed for posting: its id (also its ledger delivery id), slot and alerts. */
export interface DigestBatch {
  id: string;
  at: number;
  items: DigestItem[];
}

export interface SentMessage {
  ts: string;
  channelId: string;
  via: 'post' | 'lookup' | 'update';
}

export interface NotifyLedger {
  delivery(id: string, channel: string): Promise<Delivery | null>;
  /** Moves `new` (or absent) to `posting`; `started` is false when an earlier attempt got there first. */
  beginPosting(id: string, channel: string, now: number, threadTs: string | null): Promise<{ started: boolean; delivery: Delivery }>;
  /** Starts a new attempt over a `posting` whose `since` is still `since` (compare-and-set). */
  retakePosting(id: string, channel: string, since: number, now: number): Promise<boolean>;
  /** Undoes `posting` when Slack certainly did not post (rate limited before accepting). */
  abortPosting(id: string, channel: string, since: number): Promise<void>;
  /** Records the message; with `rootOf` (the cycle id) it also becomes that cycle's root if this notice owns it. */
  markSent(id: string, channel: string, sent: SentMessage, rootOf?: string): Promise<void>;
  /** Terminal failure; releases the cycle's root claim if this notice held it unposted. */
  markFailed(id: string, channel: string, error: string, cycle?: string): Promise<void>;
  /** True the first time only. */
  markLogged(id: string, channel: string, now: number): Promise<boolean>;
  /**
   * Who opens the cycle's thread in the channel. With `dueAt` the alert also takes its place in
   * the thread by due instant: it waits (`wait`) while an earlier-due alert there is unsettled.
   */
  claimRoot(cycle: string, channel: string, id: string, now: number, staleMs: number, dueAt?: number): Promise<RootClaim>;
  releaseRoot(cycle: string, channel: string, id: string): Promise<void>;
  /** Every channel in which the cycle has (or is about to have) a root message. */
  roots(cycle: string): Promise<CycleRoot[]>;
  /**
   * Makes `notice` the cycle's outcome unless a later one, or a reply's at the same instant,
   * is already recorded (atomic); true when it is the cycle's outcome afterwards.
   */
  claimOutcome(cycle: string, notice: OutcomeNotice): Promise<boolean>;
  outcome(cycle: string): Promise<OutcomeNotice | null>;
  reserveSlot(channel: string, id: string, now: number, limits: { minIntervalMs: number; maxBacklog: number }): Promise<SlotReservation>;
  /** Appends to the channel's digest once per delivery; resolves the digest's instant (null if the delivery already went another way). */
  addToDigest(channel: string, id: string, payload: string, now: number, minIntervalMs: number): Promise<number | null>;
  /** The batch to post now (sealing the buffer), `{ wait: at }` before the digest's slot, or null when nothing is pending. */
  sealDigest(channel: string, now: number): Promise<DigestBatch | { wait: number } | null>;
  /** Marks the batch and each of its alerts sent with the digest's ts (or failed); false if the batch was already settled. */
  completeDigest(channel: string, batch: DigestBatch, result: { ts: string; channelId: string } | { error: string }): Promise<boolean>;
}

export interface NotifyLedgerOptions {
  /** `KEY_PREFIX` (without braces): keys are `{prefix}:n:…`. */
  keyPrefix: string;
  ttlMs?: number;
}

const DEFAULT_TTL_MS = 30 * 24 * 3600_000;

export function createNotifyLedger(redis: Redis, options: NotifyLedgerOptions): NotifyLedger {
  const p = keysFor(options.keyPrefix).sub('n');
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  // Channel names and ids never contain ':', so `<channel>:<id>` is unambiguous.
  const k = {
    delivery: (channel: string, id: string) => `${p}:d:${channel}:${id}`,
    root: (channel: string, cycle: string) => `${p}:r:${channel}:${cycle}`,
    threadQueue: (channel: string, cycle: string) => `${p}:rq:${channel}:${cycle}`,
    cycleChannels: (cycle: string) => `${p}:c:${cycle}`,
    outcome: (cycle: string) => `${p}:o:${cycle}`,
    pace: (channel: string) => `${p}:pace:${channel}`,
    buffer: (channel: string) => `${p}:dg:${channel}`,
    bufferMeta: (channel: string) => `${p}:dgm:${channel}`,
    batch: (channel: string) => `${p}:dgb:${channel}`,
    batchItems: (channel: string) => `${p}:dgi:${channel}`,
  };
  const run = (s: Parameters<typeof runScript>[1], keys: string[], args: Array<string | number>) => runScript(redis, s, keys, args);
  const delivery = async (id: string, channel: string) => parseDelivery(await redis.hgetall(k.delivery(channel, id)));

  return {
    delivery,
    async beginPosting(id, channel, now, threadTs) {
      const [flag, fields] = (await run(BEGIN_POSTING, [k.delivery(channel, id)], [now, threadTs ?? '', ttl])) as [number, string[]];
      const d = parseDelivery(pairs(fields));
      if (d === null) throw new Error(`notify ledger: delivery ${id} in ${channel} has no state`);
      return { started: flag === 1, delivery: d };
    },
    async retakePosting(id, channel, since, now) {
      return (await run(RETAKE_POSTING, [k.delivery(channel, id)], [since, now])) === 1;
    },
    async abortPosting(id, channel, since) {
      await run(ABORT_POSTING, [k.delivery(channel, id)], [since]);
    },
    async markSent(id, channel, sent, rootOf) {
      const root = k.root(channel, rootOf ?? '-');
      await run(MARK_SENT, [k.delivery(channel, id), root], [sent.ts, sent.channelId, sent.via, id, ttl, rootOf === undefined ? '0' : '1']);
    },
    async markFailed(id, channel, error, cycle) {
      await run(MARK_FAILED, [k.delivery(channel, id), k.root(channel, cycle ?? '-'), k.cycleChannels(cycle ?? '-')], [error, id, ttl, channel]);
    },
    async markLogged(id, channel, now) {
      return (await run(MARK_LOGGED, [k.delivery(channel, id)], [now, ttl])) === 1;
    },
    async claimRoot(cycle, channel, id, now, staleMs, dueAt) {
      const r = (await run(CLAIM_ROOT, [k.root(channel, cycle), k.cycleChannels(cycle), k.threadQueue(channel, cycle)], [id, now, staleMs, channel, ttl, dueAt ?? '', k.delivery(channel, '')])) as string[];
      if (r[0] === 'reply') return { role: 'reply', ts: r[1] ?? '', channelId: r[2] ? r[2] : null };
      if (r[0] === 'wait') return { role: 'wait', owner: r[1] ?? '', since: Number(r[2]) };
      return { role: 'root' };
    },
    async releaseRoot(cycle, channel, id) {
      await run(RELEASE_ROOT, [k.root(channel, cycle), k.cycleChannels(cycle)], [id, channel]);
    },
    async roots(cycle) {
      const channels = (await redis.smembers(k.cycleChannels(cycle))).sort();
      const hashes = await Promise.all(channels.map((channel) => redis.hgetall(k.root(channel, cycle))));
      return channels.flatMap((channel, i): CycleRoot[] => {
        const h = hashes[i] ?? {};
        if (h.owner === undefined && h.ts === undefined) return [];
        return [{ channel, owner: h.owner ?? null, since: num(h.since), ts: h.ts ?? null, channelId: h.channel_id ? h.channel_id : null }];
      });
    },
    async claimOutcome(cycle, notice) {
      const rank = notice.outcome === 'cancelled' ? 0 : 1;
      return (await run(CLAIM_OUTCOME, [k.outcome(cycle)], [notice.endedAt, rank, JSON.stringify(notice), ttl])) === 1;
    },
    async outcome(cycle) {
      const raw = await redis.hget(k.outcome(cycle), 'n');
      return raw === null ? null : (JSON.parse(raw) as OutcomeNotice);
    },
    async reserveSlot(channel, id, now, limits) {
      const r = (await run(RESERVE_SLOT, [k.delivery(channel, id), k.pace(channel)], [now, limits.minIntervalMs, limits.maxBacklog, ttl])) as string[];
      return { kind: r[0] === 'full' ? 'full' : 'slot', at: Number(r[1]) };
    },
    async addToDigest(channel, id, payload, now, minIntervalMs) {
      const keys = [k.delivery(channel, id), k.buffer(channel), k.bufferMeta(channel), k.pace(channel)];
      const at = (await run(ADD_TO_DIGEST, keys, [now, minIntervalMs, JSON.stringify([id, payload]), ttl])) as string | null;
      return at ? Number(at) : null;
    },
    async sealDigest(channel, now) {
      const keys = [k.buffer(channel), k.bufferMeta(channel), k.batch(channel), k.batchItems(channel)];
      const r = (await run(SEAL_DIGEST, keys, [channel, ttl, now])) as [string, ...unknown[]];
      if (r[0] === 'wait') return { wait: Number(r[1]) };
      if (r[0] !== 'batch') return null;
      const [, id, at, raw] = r as [string, string, string, string[]];
      const items = raw.map((item) => {
        const [itemId, payload] = JSON.parse(item) as [string, string];
        return { id: itemId, payload };
      });
      return { id, at: Number(at), items };
    },
    async completeDigest(channel, batch, result) {
      const keys = [k.batch(channel), k.batchItems(channel), k.delivery(channel, batch.id), ...batch.items.map((i) => k.delivery(channel, i.id))];
      const args = 'error' in result ? ['failed', '', '', result.error] : ['sent', result.ts, result.channelId, ''];
      return (await run(COMPLETE_DIGEST, keys, [batch.id, ...args, ttl])) === 1;
    },
  };
}

/** HGETALL's flat reply inside a script result (`[field, value, …]`) as an object. */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

function num(v: string | undefined): number | null {
  return v === undefined || v === '' ? null : Number(v);
}

function parseDelivery(h: Record<string, string>): Delivery | null {
  if (h.state === undefined) return null;
  return {
    state: h.state as DeliveryState,
    slotAt: num(h.slot),
    postingSince: num(h.since),
    threadTs: h.thread ? h.thread : null,
    ts: h.ts ?? null,
    channelId: h.channel_id ? h.channel_id : null,
    via: h.via ?? null,
    digestAt: num(h.digest_at),
    error: h.error ?? null,
  };
}
