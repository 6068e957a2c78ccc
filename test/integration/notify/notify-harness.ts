/**
 * Wiring for notify integration tests: real Redis (own key prefix, removed afterwards), the
 * fake Slack, an injected clock and a notifier whose digests are recorded, not queued.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { TicketWriter } from '../../../src/events.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import { createNotifier, createSlackPort, type Notifier, type NotifierDeps, type SlackPort } from '../../../src/notify/index.js';
import type { Notice } from '../../../src/sla/index.js';
import { createNotifyLedger, type NotifyLedger } from '../../../src/store/notify-ledger.js';
import type { Redis } from '../../../src/store/redis-connection.js';
import { FakeSlack } from '../../support/fake-slack.js';
import { testPrefix as sharedTestPrefix } from '../../support/redis.js';

export { connectTestRedis as connectRedis, deletePrefix as deleteKeys } from '../../support/redis.js';

/** A key prefix of our own: `test-notify-<random>`. */
export const testPrefix = (): string => sharedTestPrefix('notify');

export interface TestClock {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function testClock(start: number): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => void (t = ms), advance: (ms) => void (t += ms) };
}

export interface Harness {
  fake: FakeSlack;
  port: SlackPort;
  ledger: NotifyLedger;
  notifier: Notifier;
  clock: TestClock;
  metrics: Metrics;
  scheduled: Array<{ channel: string; at: number }>;
  logs: Array<Record<string, unknown>>;
  /** Delivers, following `later` answers by moving the clock, until done. */
  deliverUntilDone(notice: Notice): Promise<void>;
  /** alertsSent counter by outcome. */
  counted(outcome: string): Promise<number>;
  stop(): Promise<void>;
}

export async function harness(
  redis: Redis,
  keyPrefix: string,
  options: {
    start: number;
    token?: boolean;
    digestThreshold?: number;
    postingGraceMs?: number;
    writers?: (source: string) => TicketWriter | undefined;
    acknowledged?: NotifierDeps['acknowledged'];
  },
): Promise<Harness> {
  const clock = testClock(options.start);
  const fake = new FakeSlack({ token: 'xoxb-test', now: clock.now, channels: ['support-leads', 'support-managers', 'support-directors'] });
  const apiUrl = await fake.start();
  const logs: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, new Writable({ write: (chunk, _enc, done) => (logs.push(JSON.parse(String(chunk)) as Record<string, unknown>), done()) }));
  const port = createSlackPort({ token: 'xoxb-test', apiUrl, logger, timeoutMs: 200 });
  const ledger = createNotifyLedger(redis, { keyPrefix });
  const metrics = createMetrics({ defaults: false });
  const scheduled: Harness['scheduled'] = [];
  const notifier = createNotifier({
    slack: options.token === false ? undefined : port,
    ledger,
    clock: clock.now,
    logger,
    metrics,
    scheduleDigest: async (channel, at) => void scheduled.push({ channel, at }),
    ...(options.digestThreshold === undefined ? {} : { digestThreshold: options.digestThreshold }),
    ...(options.postingGraceMs === undefined ? {} : { postingGraceMs: options.postingGraceMs }),
    ...(options.writers === undefined ? {} : { writers: options.writers }),
    ...(options.acknowledged === undefined ? {} : { acknowledged: options.acknowledged }),
  });
  return {
    fake, port, ledger, notifier, clock, metrics, scheduled, logs,
    async deliverUntilDone(notice) {
      for (let i = 0; i < 50; i++) {
        const r = await notifier.deliver(notice);
        if (r.status === 'done') return;
        clock.set(Math.max(clock.now(), r.at));
      }
      throw new Error(`notice ${notice.id} still not done after 50 attempts`);
    },
    async counted(outcome) {
      const { values } = await metrics.alertsSent.get();
      return values.filter((v) => v.labels.outcome === outcome).reduce((n, v) => n + v.value, 0);
    },
    stop: () => fake.stop(),
  };
}
