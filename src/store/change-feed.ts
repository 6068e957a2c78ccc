/**
 * The live feed of clock changes: a capped Redis stream written by the save script of any
 * worker process, read here with one blocking XREAD loop per process that fans out to every
 * subscriber (board viewers, widgets). A subscriber resuming after an id first gets the
 * entries after it from the stream, with live entries held back meanwhile, so nothing is
 * lost or repeated in between.
 */
import { Redis } from 'ioredis';
import type { ChangeEvent, ChangeFeed } from '../http/ports.js';
import type { Logger } from '../logger.js';
import type { ClockChange } from '../sla/index.js';

/** How many past entries one resuming subscriber is replayed at most. */
const REPLAY_LIMIT = 1_000;

interface Subscriber {
  onEvent: (event: ChangeEvent) => void;
  /** Last id delivered; later entries only. */
  cursor: string | undefined;
  /** Live entries held back while the replay runs. */
  held: ChangeEvent[] | null;
}

export class RedisChangeFeed implements ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private reader: Redis | undefined;
  private looping = false;
  private closed = false;

  /**
   * `commands` serves the replays; the blocking reads get a connection of their own, since
   * anything queued behind an XREAD BLOCK would wait for it.
   */
  constructor(
    private readonly commands: Redis,
    private readonly redisUrl: string,
    private readonly key: string,
    private readonly logger: Logger,
    private readonly blockMs = 5_000,
  ) {}

  subscribe(afterId: string | undefined, onEvent: (event: ChangeEvent) => void): () => void {
    const replay = afterId !== undefined && isStreamId(afterId);
    const sub: Subscriber = { onEvent, cursor: replay ? afterId : undefined, held: replay ? [] : null };
    this.subscribers.add(sub);
    this.ensureLoop();
    if (replay) void this.replay(sub, afterId);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscribers.clear();
    this.reader?.disconnect();
  }

  private async replay(sub: Subscriber, afterId: string): Promise<void> {
    try {
      const entries = await this.commands.xrange(this.key, `(${afterId}`, '+', 'COUNT', REPLAY_LIMIT);
      // Straight to the subscriber: live entries held meanwhile come after these.
      for (const [id, fields] of entries) this.send(sub, toEvent(id, fields));
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not replay the change feed');
    }
    const held = sub.held ?? [];
    sub.held = null;
    for (const event of held) this.send(sub, event);
  }

  /** Live delivery: held back while the subscriber's replay runs. */
  private deliver(sub: Subscriber, event: ChangeEvent | undefined): void {
    if (event !== undefined && sub.held !== null) sub.held.push(event);
    else this.send(sub, event);
  }

  /** Hands an entry over once, in id order. */
  private send(sub: Subscriber, event: ChangeEvent | undefined): void {
    if (event === undefined || !this.subscribers.has(sub)) return;
    if (sub.cursor !== undefined && compareIds(event.id, sub.cursor) <= 0) return;
    sub.cursor = event.id;
    try {
      sub.onEvent(event);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'change feed subscriber failed');
    }
  }

  private ensureLoop(): void {
    if (this.looping || this.closed) return;
    this.looping = true;
    void this.loop().finally(() => {
      this.looping = false;
      if (this.subscribers.size > 0 && !this.closed) this.ensureLoop();
    });
  }

  private async loop(): Promise<void> {
    let position = '$';
    while (this.subscribers.size > 0 && !this.closed) {
      try {
        const result = await this.blockingReader().xread('BLOCK', this.blockMs, 'STREAMS', this.key, position);
        for (const [, entries] of result ?? []) {
          for (const [id, fields] of entries) {
            position = id;
            const event = toEvent(id, fields);
            for (const sub of this.subscribers) this.deliver(sub, event);
          }
        }
      } catch (err) {
        if (this.closed) return;
        this.logger.warn({ err: (err as Error).message }, 'change feed read failed; retrying');
        await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  private blockingReader(): Redis {
    this.reader ??= new Redis(this.redisUrl, { maxRetriesPerRequest: null });
    return this.reader;
  }
}

function toEvent(id: string, fields: string[]): ChangeEvent | undefined {
  const i = fields.indexOf('e');
  if (i < 0) return undefined;
  const e = JSON.parse(fields[i + 1] ?? '{}') as { s: string; t: string; r: number; c: ClockChange[] };
  return { id, source: e.s, ticketId: e.t, recordedAt: e.r, changes: e.c };
}

function isStreamId(id: string): boolean {
  return /^\d+-\d+$/.test(id);
}

/** Orders stream ids `<ms>-<seq>`. */
export function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}
