/**
 * Prometheus metrics (prom-client). One `Metrics` per process, passed to the parts that
 * count; `/metrics` renders its registry. Tests create their own to read counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Webhook deliveries by source and outcome (`accepted`, `duplicate`, `unauthorized`, `invalid`, `unknown_source`, `too_large`, `unavailable`, `rate_limited`). */
  webhooks: Counter<'source' | 'outcome'>;
  /** Events applied to ticket state by the events worker, by source and result (`applied`, `duplicate`). */
  eventsApplied: Counter<'source' | 'result'>;
  /** Alerts delivered, by channel kind and outcome (`sent`, `logged`, `digest`, `failed`). */
  alertsSent: Counter<'kind' | 'outcome'>;
  /** Timers that breached, by policy and metric. */
  breaches: Counter<'policy' | 'metric'>;
  /** Jobs waiting or delayed per queue and state. */
  queueDepth: Gauge<'queue' | 'state'>;
  /** Seconds from enqueue (or due instant) to processing, per queue. */
  queueLag: Histogram<'queue'>;
  /** Seconds from an alert's due instant to its delivery to Slack. */
  alertLateness: Histogram<'kind'>;
  /** Checkpoint jobs the reconciler repaired: `missing` (recreated) or `stale` (removed). */
  reconcilerRepaired: Counter<'kind'>;
  /** Reconciler runs by outcome (`ok`, `error`). */
  reconcilerRuns: Counter<'outcome'>;
  /**
   * Resync results per source: per ticket `enqueued` (the tool's ticket differed and went to
   * the events queue), `duplicate`, `unchanged`, `not_found` (404, kept), `cancelled` (404,
   * `on_not_found: cancel`), `error`, `rate_limited` (the rest of the run was skipped); per run
   * `run_failed`.
   */
  resync: Counter<'source' | 'outcome'>;
}

export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'sla_timer_process_' });
  const registers = [registry];
  return {
    registry,
    webhooks: new Counter({ name: 'sla_timer_webhooks_total', help: 'Webhook deliveries by source and outcome', labelNames: ['source', 'outcome'], registers }),
    eventsApplied: new Counter({ name: 'sla_timer_events_applied_total', help: 'Ticket events applied by the events worker', labelNames: ['source', 'result'], registers }),
    alertsSent: new Counter({ name: 'sla_timer_alerts_total', help: 'Alerts delivered, by kind and outcome', labelNames: ['kind', 'outcome'], registers }),
    breaches: new Counter({ name: 'sla_timer_breaches_total', help: 'Timers that breached their target', labelNames: ['policy', 'metric'], registers }),
    queueDepth: new Gauge({ name: 'sla_timer_queue_jobs', help: 'Jobs per queue and state', labelNames: ['queue', 'state'], registers }),
    queueLag: new Histogram({ name: 'sla_timer_queue_lag_seconds', help: 'Seconds from enqueue or due instant to processing', labelNames: ['queue'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers }),
    alertLateness: new Histogram({ name: 'sla_timer_alert_lateness_seconds', help: 'Seconds from an alert due instant to its delivery', labelNames: ['kind'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300], registers }),
    reconcilerRepaired: new Counter({ name: 'sla_timer_reconciler_repaired_total', help: 'Checkpoint jobs repaired by the reconciler: missing (recreated) or stale (removed)', labelNames: ['kind'], registers }),
    reconcilerRuns: new Counter({ name: 'sla_timer_reconciler_runs_total', help: 'Checkpoint reconciler runs by outcome', labelNames: ['outcome'], registers }),
    resync: new Counter({ name: 'sla_timer_resync_total', help: 'Tickets read from their help desk by the resync, by source and outcome', labelNames: ['source', 'outcome'], registers }),
  };
}
