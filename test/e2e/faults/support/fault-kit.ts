/**
 * Shared pieces of the fault tests: a service set-up (config file, prefix, fake Slack behind
 * the fault proxy, environment), signed webhook posts that retry like a help desk does, the
 * API reads, and the exactly-once check of what reached Slack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { createQueues } from '../../../../src/queues/queues.js';
import { FakeSlack, type FakeSlackMessage } from '../../../support/fake-slack.js';
import { signGeneric, type GenericEventJson } from '../../../support/generic-webhook.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../../../support/redis.js';
import { noticeIdOf, sleep, waitFor, type HistoryEntryJson, type TicketJson } from '../../../support/service-harness.js';
import { buildService, launchService, type ServiceProc } from './service-process.js';
import { SlackFaultProxy } from './slack-fault-proxy.js';

export const SECRET = 'fault-generic-secret';

/** Short stalled-job recovery for every process: a killed worker's jobs run again within ~3 s. */
export const FAST_RECOVERY = { WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };

export interface FaultRig {
  main: string;
  prefix: string;
  redisUrl: string;
  slack: FakeSlack;
  proxy: SlackFaultProxy;
  configFile: string;
  procs: ServiceProc[];
  /** Starts a service process on the rig's prefix, config and Slack; `env` adds or overrides. */
  launch(name: string, env?: Record<string, string>): Promise<ServiceProc>;
  /** Every process's diagnostics (for failure messages). */
  diagnostics(): string;
  close(): Promise<void>;
}

/**
 * `channels`: the Slack channels the config posts to. They exist in the fake from the start, as
 * in a real workspace (the fake otherwise creates a channel on its first post, and a lookup of
 * a post that never landed would find no channel at all).
 */
export async function startRig(name: string, config: string, options: { redisUrl?: string; channels?: string[] } = {}): Promise<FaultRig> {
  const main = await buildService();
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const prefix = testPrefix(name);
  const dir = mkdtempSync(join(tmpdir(), `sla-fault-${name}-`));
  const configFile = join(dir, 'sla.yaml');
  writeFileSync(configFile, config);
  const slack = new FakeSlack({ token: 'xoxb-fault', channels: (options.channels ?? []).map((c) => c.replace(/^#/, '')) });
  await slack.start();
  const proxy = new SlackFaultProxy(slack.apiUrl);
  await proxy.start();
  const procs: ServiceProc[] = [];
  const rig: FaultRig = {
    main, prefix, redisUrl, slack, proxy, configFile, procs,
    async launch(procName, env = {}) {
      const proc = await launchService(main, procName, {
        REDIS_URL: redisUrl, KEY_PREFIX: prefix, SLA_CONFIG: configFile, GENERIC_WEBHOOK_SECRET: SECRET,
        SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: proxy.apiUrl, ...FAST_RECOVERY, ...env,
      });
      procs.push(proc);
      return proc;
    },
    diagnostics: () => procs.map((p) => p.diagnostics()).join('\n'),
    async close() {
      await Promise.all(procs.map((p) => p.killHard()));
      await proxy.stop();
      await slack.stop();
      if (options.redisUrl === undefined) {
        const redis: Redis = await connectTestRedis();
        await deletePrefix(redis, prefix);
        await redis.quit();
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

/**
 * POSTs events to `/webhooks/generic`, signed, until the answer is 202 (a help desk retries a
 * 503, a 429 after its Retry-After, or a refused connection); returns the 202 body.
 */
export async function deliver(url: string, events: GenericEventJson | GenericEventJson[], options: { timeoutMs?: number } = {}): Promise<{ accepted: number; duplicates: number }> {
  const body = JSON.stringify(events);
  const end = Date.now() + (options.timeoutMs ?? 20_000);
  let last = '';
  for (;;) {
    let waitMs = 100;
    try {
      const res = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': signGeneric(body, SECRET) }, body });
      const text = await res.text();
      if (res.status === 202) return JSON.parse(text) as { accepted: number; duplicates: number };
      last = `${res.status} ${text}`;
      if (res.status === 429) waitMs = Math.min(1_000, 1_000 * Number(res.headers.get('retry-after') ?? 1));
      else if (res.status !== 503) throw new Error(`POST /webhooks/generic answered ${last}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('POST /webhooks')) throw err;
      last = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > end) throw new Error(`POST /webhooks/generic never answered 202; last: ${last}`);
    await sleep(waitMs);
  }
}

export async function ticketOf(url: string, id: string): Promise<TicketJson | undefined> {
  const res = await fetch(`${url}/api/tickets/generic/${encodeURIComponent(id)}`);
  return res.status === 200 ? ((await res.json()) as TicketJson) : undefined;
}

export async function historyOf(url: string, id: string): Promise<HistoryEntryJson[]> {
  const res = await fetch(`${url}/api/tickets/generic/${encodeURIComponent(id)}/history?limit=500`);
  if (res.status !== 200) throw new Error(`history of ${id}: ${res.status}`);
  const body = (await res.json()) as { entries?: HistoryEntryJson[] } | HistoryEntryJson[];
  return Array.isArray(body) ? body : (body.entries ?? []);
}

/** Waits until a queue of the prefix has nothing waiting, active or delayed. */
export async function waitForIdle(redisUrl: string, prefix: string, queue: 'events' | 'checkpoints' | 'notify', timeoutMs = 15_000): Promise<void> {
  const queues = createQueues(redisUrl, prefix);
  try {
    let counts: Record<string, number> = {};
    await waitFor(
      async () => {
        counts = await queues[queue].getJobCounts('wait', 'active', 'delayed', 'prioritized', 'paused').catch(() => ({ unavailable: 1 }));
        return Object.values(counts).every((n) => n === 0);
      },
      { timeoutMs, intervalMs: 50, message: () => `queue ${queue} still busy: ${JSON.stringify(counts)}` },
    );
  } finally {
    await queues.close();
  }
}

/** Notice ids of a channel's messages, in posting order. */
export function noticeIds(slack: FakeSlack, channel: string): Array<string | undefined> {
  return slack.messages(channel).map(noticeIdOf);
}

/** Each expected notice reached its channel exactly once, and nothing else did. */
export function deliveredExactlyOnce(slack: FakeSlack, expected: Record<string, string[]>): { ok: boolean; report: string } {
  const got = Object.fromEntries(Object.keys(expected).map((c) => [c, noticeIds(slack, c).map(String).sort()]));
  const want = Object.fromEntries(Object.entries(expected).map(([c, ids]) => [c, [...ids].sort()]));
  return { ok: JSON.stringify(got) === JSON.stringify(want), report: JSON.stringify({ got, want }, null, 1) };
}

/** The thread root and the replies of each thread of a channel, in posting order. */
export function threadsOf(slack: FakeSlack, channel: string): Map<string, FakeSlackMessage[]> {
  const threads = new Map<string, FakeSlackMessage[]>();
  for (const m of slack.messages(channel)) {
    const root = m.thread_ts ?? m.ts;
    threads.set(root, [...(threads.get(root) ?? []), m]);
  }
  return threads;
}
