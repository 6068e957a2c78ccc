/**
 * Samples queue depths into the `sla_timer_queue_jobs` gauge, so operators see a backlog
 * (webhooks arriving faster than they are applied, alerts held back by Slack) before it bites.
 */
import type { Metrics } from '../metrics.js';
import type { Queues } from './queues.js';

const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** Samples now and every `intervalMs`; returns a stop function. */
export function sampleQueueDepths(queues: Queues, metrics: Metrics, intervalMs = 5_000): () => void {
  const sample = async () => {
    for (const queue of [queues.events, queues.checkpoints, queues.notify]) {
      try {
        const counts = await queue.getJobCounts(...STATES);
        for (const state of STATES) metrics.queueDepth.set({ queue: queue.name, state }, counts[state] ?? 0);
      } catch {
        // Redis away: the readiness probe reports it; keep the last sample.
      }
    }
  };
  void sample();
  const timer = setInterval(() => void sample(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
