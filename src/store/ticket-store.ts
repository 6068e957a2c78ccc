/**
 * Ticket SLA state in Redis, updated atomically: `save` is a compare-and-set on a revision
 * number, done in one Lua script together with the audit trail and the indexes, so two
 * workers handling events of the same ticket at once cannot lose either update.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Redis } from 'ioredis';
import type { HistoryEntry, TicketState } from '../sla/index.js';
import type { OutcomeRecord } from '../sla/outcomes.js';
import { keysFor, memberOf, parseMember, type Keys } from './keys.js';
import { encodeOutcome } from './outcome-codec.js';
import { reportKeysFor } from './report-keys.js';

export interface StoredTicket {
  state: TicketState;
  /** Revision for compare-and-set; increases with every save. */
  rev: number;
}

export interface TicketStoreOptions {
  /** Audit entries kept per ticket (newest). */
  historyCap?: number;
  /** How long a ticket with no active timer is kept (ms). */
  endedTtlMs?: number;
  /** About how many recent clock changes the live stream keeps for clients resuming (default 10,000). */
  changesCap?: number;
}

/** Where the ticket sits in the active index: its soonest due instant, or null when nothing is active. */
export type ActiveScore = number | null;

const SAVE_SCRIPT = `
local cur = redis.call('GET', KEYS[1])
local curRev = ''
if cur then curRev = string.match(cur, '^(%d+)|') or '' end
if curRev ~= ARGV[1] then return false end
local rev = (tonumber(curRev) or 0) + 1
redis.call('SET', KEYS[1], rev .. '|' .. ARGV[2])
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[7]) - 1)
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', ARGV[10], '*', 'e', ARGV[9])
end
if ARGV[5] ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
  redis.call('PERSIST', KEYS[2])
else
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  redis.call('PEXPIRE', KEYS[2], ARGV[8])
end
redis.call('ZADD', KEYS[4], ARGV[6], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', tonumber(ARGV[6]) - tonumber(ARGV[8]))
for i = 11, #ARGV do redis.call('XADD', KEYS[6], '*', 'r', ARGV[i]) end
return rev
`;

type ScriptedRedis = Redis & {
  slaSaveTicket(state: string, history: string, active: string, recent: string, changes: string, outcomes: string, ...args: Array<string | Buffer>): Promise<number | null>;
};

/*
 * Stored encoding. The state key holds `<rev>|` then the state; a history entry is the entry
 * alone. Either is JSON text (what earlier versions wrote, still read), or the byte 0x01 then
 * the JSON deflated (raw) with a preset dictionary of the shapes' keys and usual values: an
 * open ticket's state shrinks from ~800 to ~180 bytes, a history entry from ~180 to ~45.
 * A dictionary is part of the format: never edit one; a new one takes a new marker byte.
 */
const DEFLATE_DICT_V1 = 0x01;
const STATE_DICT_V1 = Buffer.from([
  '"paused","resumed","retargeted","reopened","cancelled","breached_achieved","next_response","periodic_update","pending","on_hold","solved","closed","open",',
  '"zendesk","freshdesk","jira","servicenow","zammad","helpscout","intercom","Europe/","America/",',
  '{"kind":"outcome","id":"/outcome/achieved/","outcome":"achieved","endedAt":,"reason":null,"facts":{',
  '{"kind":"alert","id":"","alertKey":"percent:75","at":{"kind":"percent","percent":75},"dueAt":,"targets":[{"slack":"#support","mention":[]}],"facts":{"source":"generic","ticketId":"","subject":"","url":"https://","assignee":null,"group":null,"severityId":"","severityName":"","policyId":"","metric":"first_response","cycle":1,"targetMs":,"remainingMs":0,"dueAt":null,"zone":"UTC"}},',
  '{"kind":"alert","id":"","alertKey":"breach","at":{"kind":"breach"},"dueAt":,"targets":[{"slack":"#","mention":[]}],"facts":{"source":"generic","ticketId":"","subject":"","url":"https://","assignee":null,"group":null,"severityId":"","severityName":"","policyId":"","metric":"first_response","cycle":1,"targetMs":3600000,"remainingMs":0,"dueAt":,"zone":"UTC"}}',
  '{"source":"generic","ticketId":"","ticket":{"id":"","status":"new","priority":null,"createdAt":,"subject":null,"url":"https://","tags":[],"group":null,"organization":null,"assignee":null,"requester":null,"fields":{}},"policyId":"","severityId":"","configVersion":null,"lastEventAt":,"pauses":[],"firstAgentReplyAt":null,"lastAgentReplyAt":null,"lastCustomerCommentAt":null,"deleted":false,',
  '"timers":[{"metric":"first_response","cycle":1,"calendarId":"always","targetMs":,"startedAt":,"spans":[[,null]],"status":"active","endedAt":null,"base":null,"breachedAt":null,"fired":[]},{"metric":"resolution","cycle":1,"calendarId":"","targetMs":,"startedAt":,"spans":[[,null]],"status":"active","endedAt":null,"base":null,"breachedAt":null,"fired":[]}],"applied":["evt-"],"outbox":[],"checkpointAt":',
].join(''));
const HISTORY_DICT_V1 = Buffer.from(
  '{"recordedAt":,"cause":"checkpoint","occurredAt":null,"configVersion":null,"changes":[{"kind":"paused","metric":"next_response","cycle":1,"at":},{"kind":"retargeted","metric":"resolution","cycle":1,"at":,"detail":""},{"kind":"achieved","metric":"first_response","cycle":1,"at":},{"kind":"breached","metric":"first_response","cycle":1,"at":},{"kind":"warned","metric":"first_response","cycle":1,"at":,"detail":"breach"}]}{"recordedAt":,"cause":"evt-","occurredAt":,"configVersion":null,"changes":[{"kind":"started","metric":"first_response","cycle":1,"at":},{"kind":"started","metric":"resolution","cycle":1,"at":}]}',
);

function encodeJson(value: unknown, dictionary: Buffer): Buffer {
  const deflated = deflateRawSync(JSON.stringify(value), { dictionary });
  const out = Buffer.allocUnsafe(deflated.length + 1);
  out[0] = DEFLATE_DICT_V1;
  deflated.copy(out, 1);
  return out;
}

function decodeJson(bytes: Buffer, dictionary: Buffer): unknown {
  if (bytes[0] === DEFLATE_DICT_V1) return JSON.parse(inflateRawSync(bytes.subarray(1), { dictionary }).toString('utf8'));
  return JSON.parse(bytes.toString('utf8'));
}

export class TicketStore {
  readonly keys: Keys;
  private readonly redis: ScriptedRedis;
  private readonly historyCap: number;
  private readonly endedTtlMs: number;
  private readonly changesCap: number;
  private readonly outcomesKey: string;

  constructor(redis: Redis, prefix: string, options: TicketStoreOptions = {}) {
    this.keys = keysFor(prefix);
    this.historyCap = options.historyCap ?? 500;
    this.endedTtlMs = options.endedTtlMs ?? 30 * 86_400_000;
    this.changesCap = options.changesCap ?? 10_000;
    this.outcomesKey = reportKeysFor(prefix).outcomes;
    if (!('slaSaveTicket' in redis)) redis.defineCommand('slaSaveTicket', { numberOfKeys: 6, lua: SAVE_SCRIPT });
    this.redis = redis as ScriptedRedis;
  }

  async load(source: string, ticketId: string): Promise<StoredTicket | undefined> {
    const raw = await this.redis.getBuffer(this.keys.state(source, ticketId));
    return raw === null ? undefined : decode(raw);
  }

  async get(source: string, ticketId: string): Promise<TicketState | undefined> {
    return (await this.load(source, ticketId))?.state;
  }

  /**
   * Saves `state` if the stored revision is still `expectedRev` (null: the ticket must not
   * exist yet). Returns the new revision, or null on a conflict (reload and recompute).
   * `outcomes` (the report records this save adds and retracts) go to the outcomes stream in
   * the same script: recorded once exactly when the state is saved.
   */
  async save(state: TicketState, expectedRev: number | null, history: HistoryEntry | null, activeScore: ActiveScore, now: number, outcomes: readonly OutcomeRecord[] = []): Promise<number | null> {
    const { source, ticketId } = state;
    const rev = await this.redis.slaSaveTicket(
      this.keys.state(source, ticketId),
      this.keys.history(source, ticketId),
      this.keys.active,
      this.keys.recent,
      this.keys.changes,
      this.outcomesKey,
      expectedRev === null ? '' : String(expectedRev),
      encodeJson(state, STATE_DICT_V1),
      history === null ? '' : encodeJson(history, HISTORY_DICT_V1),
      memberOf(source, ticketId),
      activeScore === null ? '' : String(activeScore),
      String(now),
      String(this.historyCap),
      String(this.endedTtlMs),
      history === null ? '' : JSON.stringify({ s: source, t: ticketId, r: history.recordedAt, c: history.changes }),
      String(this.changesCap),
      ...outcomes.map(encodeOutcome),
    );
    return rev;
  }

  async history(source: string, ticketId: string, limit: number): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrangeBuffer(this.keys.history(source, ticketId), 0, Math.max(0, limit - 1));
    return raw.map((r) => decodeJson(r, HISTORY_DICT_V1) as HistoryEntry);
  }

  /** Tickets with an active timer, soonest due first. */
  async active(limit: number, offset = 0): Promise<TicketState[]> {
    return this.statesOf(await this.redis.zrange(this.keys.active, offset, offset + limit - 1));
  }

  /** Tickets changed most recently first. */
  async recent(limit: number, offset = 0): Promise<TicketState[]> {
    return this.statesOf(await this.redis.zrange(this.keys.recent, offset, offset + limit - 1, 'REV'));
  }

  /**
   * One step of a scan over the active index (ZSCAN: cheap per call, and every ticket open for
   * the whole scan is seen at least once). Start with cursor `'0'`; the scan is over when the
   * returned cursor is `'0'` again. `count` is a hint of tickets per step. With `source`, only
   * that source's tickets are read and decoded (the index members name their source).
   */
  async scanActive(cursor: string, count: number, source?: string): Promise<{ cursor: string; states: TicketState[] }> {
    const [next, flat] = await this.redis.zscan(this.keys.active, cursor, 'COUNT', count);
    const members = flat.filter((_, i) => i % 2 === 0);
    return { cursor: next, states: await this.statesOf(source === undefined ? members : members.filter((m) => parseMember(m).source === source)) };
  }

  /** The stored states of these tickets, in one round trip; unknown tickets are left out. */
  async getMany(tickets: ReadonlyArray<{ source: string; ticketId: string }>): Promise<TicketState[]> {
    return this.statesOf(tickets.map((t) => memberOf(t.source, t.ticketId)));
  }

  async activeCount(): Promise<number> {
    return this.redis.zcard(this.keys.active);
  }

  private async statesOf(members: string[]): Promise<TicketState[]> {
    if (members.length === 0) return [];
    const keys = members.map((m) => {
      const { source, ticketId } = parseMember(m);
      return this.keys.state(source, ticketId);
    });
    const raws = await this.redis.mgetBuffer(...keys);
    return raws.flatMap((raw) => (raw === null ? [] : [decode(raw).state]));
  }
}

function decode(raw: Buffer): StoredTicket {
  const bar = raw.indexOf(0x7c); // '|'
  return { rev: Number(raw.toString('latin1', 0, bar)), state: decodeJson(raw.subarray(bar + 1), STATE_DICT_V1) as TicketState };
}
