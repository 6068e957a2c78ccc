/**
 * The yardstick of bench:timers: a bare BullMQ Worker on a queue of delayed jobs, recording for
 * each job how late it started: processedAt − (job.timestamp + job.delay). Same worker settings
 * as the service's checkpoints worker (own connection with maxRetriesPerRequest null, concurrency 16).
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { serveParent } from '../support/child.js';

const prefix = process.env.KEY_PREFIX ?? 'bench-bare';
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const lateness: number[] = [];
let warm = 0;
const ids = new Set<string>();
let duplicates = 0;
const connection = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const worker = new Worker(
  'delayed',
  async (job) => {
    // `job.delay` is reset to 0 when the job is promoted; the requested delay stays in its options.
    const late = Date.now() - (job.timestamp + (job.opts.delay ?? 0));
    if ((job.data as { warm?: boolean }).warm) warm++;
    else lateness.push(late);
    if (ids.has(job.id ?? '')) duplicates++;
    ids.add(job.id ?? '');
  },
  { connection, prefix: `{${prefix}}`, concurrency },
);
worker.on('error', (err) => console.error(`bare worker: ${err.message}`));
await worker.waitUntilReady();

serveParent({
  ready: { pid: process.pid },
  ask: (what) => (what === 'count' ? lateness.length + warm : undefined),
  stop: async () => {
    await worker.close();
    await connection.quit();
    return { lateness, duplicates, warm };
  },
});
