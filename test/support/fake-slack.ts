/**
 * A local stand-in for the Slack Web API, for integration and end-to-end tests: point
 * `SLACK_API_URL` (or `createSlackPort({ apiUrl })`) at `fake.apiUrl`.
 *
 * It implements what the notifier uses — chat.postMessage, chat.update, conversations.history,
 * conversations.replies, conversations.list, auth.test — with form-encoded or JSON bodies as
 * @slack/web-api sends them, checks `Authorization: Bearer <token>`, keeps messages per channel
 * (ts, thread_ts, reply_broadcast, metadata, edits), records every call, and can be told to
 * fail the next calls: 429 with Retry-After, 500, a platform error, or hang (the client times out).
 *
 * ```ts
 * const slack = new FakeSlack({ token: 'xoxb-test' });
 * const apiUrl = await slack.start();
 * slack.failNext(1, 'rate_limited', { retryAfterSec: 3 });
 * slack.messages('#support-leads');
 * await slack.stop();
 * ```
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlackOptions {
  /** The bot token callers must present. Default `xoxb-fake-token`. */
  token?: string;
  /** Clock of message timestamps (epoch ms); tests with an injected clock pass the same one. Default Date.now. */
  now?: () => number;
  /** Channels that exist from the start, by name (without `#`). Others are created on first post unless `strictChannels`. */
  channels?: string[];
  /** Refuse posts to unknown channel names with `channel_not_found`, as Slack does. Default false. */
  strictChannels?: boolean;
  /** Told of every call once answered (the `npm run fake-slack` console uses it). */
  onCall?: (call: FakeSlackCall) => void;
}

/** What the next calls do instead of answering normally. */
export type FailureKind =
  | 'rate_limited' // HTTP 429 with Retry-After
  | 'server_error' // HTTP 500
  | 'hang' // never answers, nothing happens (the client times out)
  | 'hang_after_commit' // performs the call, then never answers (a post that "may have happened")
  | { error: string }; // HTTP 200 {ok: false, error}

export interface FakeSlackCall {
  method: string;
  args: Record<string, unknown>;
  /** The bearer token presented, if any. */
  token: string | undefined;
  contentType: string | undefined;
  /** What the fake did: `ok`, a Slack error code, or the failure kind it injected. */
  outcome: string;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  reply_broadcast?: boolean;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** How many times chat.update changed it. */
  edits: number;
}

interface Failure {
  kind: FailureKind;
  method: string | undefined;
  retryAfterSec: number;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

export class FakeSlack {
  readonly token: string;
  /** Every call received, in order. */
  readonly calls: FakeSlackCall[] = [];
  private readonly now: () => number;
  private readonly strict: boolean;
  private readonly channelIds = new Map<string, string>();
  private readonly store = new Map<string, FakeSlackMessage[]>();
  private readonly failures: Failure[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private url: string | undefined;
  private lastMicros = 0;
  private readonly onCall: ((call: FakeSlackCall) => void) | undefined;

  constructor(options: FakeSlackOptions = {}) {
    this.token = options.token ?? 'xoxb-fake-token';
    this.now = options.now ?? Date.now;
    this.strict = options.strictChannels ?? false;
    this.onCall = options.onCall;
    for (const name of options.channels ?? []) this.createChannel(name);
  }

  /** Starts listening on 127.0.0.1 (a free port unless given); resolves the API base URL. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
    return this.url;
  }

  /** Base URL of the API, e.g. `http://127.0.0.1:PORT/api/`. */
  get apiUrl(): string {
    if (this.url === undefined) throw new Error('FakeSlack: call start() first');
    return this.url;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The next `n` calls (of `method` only, when given) fail with `kind`. */
  failNext(n: number, kind: FailureKind, options: { method?: string; retryAfterSec?: number } = {}): void {
    for (let i = 0; i < n; i++) this.failures.push({ kind, method: options.method, retryAfterSec: options.retryAfterSec ?? 1 });
  }

  /** A channel's id by name (`#x` or `x`) or id; created when unknown. */
  channelId(channel: string): string {
    if (this.store.has(channel)) return channel;
    return this.channelIds.get(channel.replace(/^#/, '')) ?? this.createChannel(channel.replace(/^#/, ''));
  }

  /** Every message of a channel (by name or id), top-level and replies, oldest first; [] for an unknown channel. */
  messages(channel: string): FakeSlackMessage[] {
    const id = this.store.has(channel) ? channel : this.channelIds.get(channel.replace(/^#/, ''));
    return [...((id === undefined ? undefined : this.store.get(id)) ?? [])];
  }

  /** Calls of one method. */
  callsOf(method: string): FakeSlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Forgets calls, messages and pending failures (channels stay). */
  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    for (const list of this.store.values()) list.length = 0;
  }

  private createChannel(name: string): string {
    const id = `C${String(this.channelIds.size + 1).padStart(8, '0')}`;
    this.channelIds.set(name, id);
    this.store.set(id, []);
    return id;
  }

  private nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, Math.floor(this.now()) * 1000);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const args = parseBody(await readBody(req), req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
    const call: FakeSlackCall = { method, args, token, contentType: req.headers['content-type'], outcome: 'ok' };
    this.calls.push(call);
    const i = this.failures.findIndex((f) => f.method === undefined || f.method === method);
    const failure = i >= 0 ? this.failures.splice(i, 1)[0] : undefined;
    if (failure !== undefined) {
      const kind = failure.kind;
      call.outcome = typeof kind === 'string' ? kind : kind.error;
      if (kind === 'rate_limited') return send(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfterSec) });
      if (kind === 'server_error') return send(res, 500, { ok: false, error: 'internal_error' });
      if (kind === 'hang') return void this.hanging.add(res);
      if (typeof kind === 'object') return send(res, 200, { ok: false, error: kind.error });
    }
    const body = token === undefined ? { ok: false, error: 'not_authed' } : token !== this.token ? { ok: false, error: 'invalid_auth' } : this.dispatch(method, args);
    if (failure?.kind === 'hang_after_commit') return void this.hanging.add(res);
    if (body.ok === false) call.outcome = String(body.error);
    send(res, 200, body);
    this.onCall?.(call);
  }

  private dispatch(method: string, a: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'UFAKEBOT', team_id: 'TFAKE', bot_id: 'BFAKE' };
      case 'chat.postMessage':
        return this.post(a);
      case 'chat.update':
        return this.update(a);
      case 'conversations.history':
      case 'conversations.replies':
        return this.read(method, a);
      case 'conversations.list': {
        const all = [...this.channelIds].map(([name, id]) => ({ id, name, is_channel: true, is_private: false, is_archived: false }));
        return { ok: true, ...page(all, a, 100) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private post(a: Record<string, unknown>): Record<string, unknown> {
    const target = String(a.channel ?? '');
    const name = target.replace(/^#/, '');
    if (!this.store.has(target) && !this.channelIds.has(name) && (this.strict || target === '')) return { ok: false, error: 'channel_not_found' };
    const channel = this.channelId(target);
    if (typeof a.text !== 'string' && !Array.isArray(a.blocks)) return { ok: false, error: 'no_text' };
    const list = this.store.get(channel) ?? [];
    const thread = typeof a.thread_ts === 'string' && a.thread_ts !== '' ? a.thread_ts : undefined;
    if (thread !== undefined && !list.some((m) => m.ts === thread && m.thread_ts === undefined)) return { ok: false, error: 'thread_not_found' };
    const message: FakeSlackMessage = {
      channel,
      ts: this.nextTs(),
      text: typeof a.text === 'string' ? a.text : '',
      edits: 0,
      ...(thread === undefined ? {} : { thread_ts: thread, reply_broadcast: a.reply_broadcast === true }),
      ...(Array.isArray(a.blocks) ? { blocks: a.blocks } : {}),
      ...(isMetadata(a.metadata) ? { metadata: a.metadata } : {}),
    };
    list.push(message);
    return { ok: true, channel, ts: message.ts, message: { ...message, type: 'message', user: 'UFAKEBOT' } };
  }

  private update(a: Record<string, unknown>): Record<string, unknown> {
    // Like Slack, chat.update wants the channel id, not a name.
    const list = this.store.get(String(a.channel ?? ''));
    if (list === undefined) return { ok: false, error: 'channel_not_found' };
    const message = list.find((m) => m.ts === a.ts);
    if (message === undefined) return { ok: false, error: 'message_not_found' };
    if (typeof a.text === 'string') message.text = a.text;
    if (Array.isArray(a.blocks)) message.blocks = a.blocks;
    message.edits++;
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
  }

  private read(method: string, a: Record<string, unknown>): Record<string, unknown> {
    const list = this.store.get(String(a.channel ?? ''));
    if (list === undefined) return { ok: false, error: 'channel_not_found' };
    let found: FakeSlackMessage[];
    if (method === 'conversations.replies') {
      if (!list.some((m) => m.ts === a.ts)) return { ok: false, error: 'thread_not_found' };
      found = list.filter((m) => m.ts === a.ts || m.thread_ts === a.ts);
    } else {
      // History holds top-level messages and thread replies broadcast to the channel, newest first.
      found = list.filter((m) => m.thread_ts === undefined || m.reply_broadcast === true).reverse();
    }
    const inclusive = a.inclusive === true;
    const oldest = a.oldest === undefined ? -Infinity : micros(String(a.oldest));
    const latest = a.latest === undefined ? Infinity : micros(String(a.latest));
    found = found.filter((m) => {
      const t = micros(m.ts);
      return (inclusive ? t >= oldest : t > oldest) && (inclusive ? t <= latest : t < latest);
    });
    const withMeta = a.include_all_metadata === true;
    const shown = found.map(({ metadata, edits: _edits, channel: _channel, ...m }) => ({ type: 'message', user: 'UFAKEBOT', ...m, ...(withMeta && metadata ? { metadata } : {}) }));
    return { ok: true, ...page(shown, a, 100, 'messages') };
  }
}

/** A ts (`"1700000000.000123"`) in microseconds: exact, unlike parsing it as a float. */
function micros(ts: string): number {
  const [sec = '0', frac = ''] = ts.split('.');
  return Number(sec) * 1e6 + Number(frac.padEnd(6, '0').slice(0, 6));
}

function isMetadata(v: unknown): v is FakeSlackMessage['metadata'] {
  return typeof v === 'object' && v !== null && typeof (v as { event_type?: unknown }).event_type === 'string';
}

/** Cursor pagination: the cursor is the offset. */
function page<T>(items: T[], a: Record<string, unknown>, defaultLimit: number, key = 'channels'): Record<string, unknown> {
  const limit = a.limit === undefined ? defaultLimit : Math.max(1, Number(a.limit));
  const offset = typeof a.cursor === 'string' && a.cursor !== '' ? Number(a.cursor) : 0;
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { [key]: slice, has_more: more, response_metadata: { next_cursor: more ? String(offset + limit) : '' } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Form bodies carry objects as JSON strings and booleans as `true`/`false`, as @slack/web-api sends them. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // Leave malformed JSON as text: the method then refuses it like Slack would.
      }
    }
    out[key] = value === 'true' ? true : value === 'false' ? false : value;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
