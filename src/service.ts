/**
 * Assembles the running service from its parts: Redis, the store, the queues and their
 * workers, the Slack notifier and the HTTP app. `main.ts` calls it with the real
 * environment; end-to-end tests call it with their own prefix and a fake Slack.
 */
import { createServer, type Server } from 'node:http';
import type { Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { IntegrationRegistry } from '../integrations/integration.js';
import type { LoadedConfig } from './config/index.js';
import type { Env } from './env.js';
import { createApp } from './http/create-app.js';
import { createOpsApp } from './http/ops-app.js';
import { applyServerTimeouts } from './http/server-timeouts.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createNotifier, createSlackActions, createSlackPort } from './notify/index.js';
import { acknowledgeTimer } from './queues/acknowledge-timer.js';
import { CheckpointScheduler } from './queues/checkpoint-scheduler.js';
import { QueueEventIngest } from './queues/event-ingest.js';
import { EventOrder } from './queues/event-order.js';
import { digestJobId } from './queues/job-ids.js';
import { sampleQueueDepths } from './queues/queue-stats.js';
import { createQueues } from './queues/queues.js';
import { TicketProcessor } from './queues/ticket-processor.js';
import { startReportCompaction, type ReportCompaction } from './queues/report-compaction.js';
import { CheckpointReconciler } from './queues/checkpoint-reconciler.js';
import { startReconcileSchedule, type ReconcileSchedule } from './queues/reconcile-schedule.js';
import { ResyncLedger } from './queues/resync-ledger.js';
import { ResyncRunner } from './queues/resync-runner.js';
import { startResyncSchedule, type ResyncSchedule } from './queues/resync-schedule.js';
import { ticketReaders, ticketWriters } from './queues/ticket-clients.js';
import { startWorkers, type NoticeDelivery, type Workers } from './queues/workers.js';
import { ComplianceReports } from './reports/compliance-reports.js';
import type { ClockChange, SlaRules, TicketState } from './sla/index.js';
import { createNotifyLedger } from './store/notify-ledger.js';
import { createCommandConnection } from './store/redis-connection.js';
import { ReportStore } from './store/report-store.js';
import { TicketStore } from './store/ticket-store.js';
import { RedisChangeFeed } from './store/change-feed.js';
import { RedisRateLimiter } from './store/rate-limiter.js';

export interface ServiceOptions {
  env: Env;
  config: LoadedConfig;
  registry: IntegrationRegistry;
  logger: Logger;
  /** Epoch ms; the SLA core's only clock. */
  clock?: () => number;
  /** Serve HTTP, run the workers, or both (default both). */
  roles?: { api?: boolean; workers?: boolean };
  /** Worker tuning (tests shorten the stalled-job check). */
  workers?: { stalledIntervalMs?: number; lockDurationMs?: number; concurrency?: { events?: number; checkpoints?: number; notify?: number } };
  /** Notifier pacing (benchmarks measure the pipeline without Slack's per-channel pace). */
  notify?: { digestThreshold?: number; minIntervalMs?: number; postingGraceMs?: number };
  /** Replace the Slack notifier (tests). */
  notifier?: NoticeDelivery;
  metrics?: Metrics;
  /** Told of every saved clock change. */
  onChanges?: (state: TicketState, changes: ClockChange[]) => void;
}

export interface RunningService {
  /** The bound port (0 when not serving HTTP). */
  port: number;
  url: string;
  metrics: Metrics;
  store: TicketStore;
  /**
   * Puts a new config in force without a restart: rules, policies, alerts and integration
   * secrets apply to the next event, checkpoint and webhook (widget settings need a restart).
   */
  reload(next: LoadedConfig): void;
  /** Stops taking requests, lets workers finish their jobs, then closes Redis. */
  close(): Promise<void>;
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const { env, logger } = options;
  // Replaced as a whole on reload (SIGHUP): every reader goes through a getter.
  let config = options.config;
  const clock = options.clock ?? Date.now;
  const metrics = options.metrics ?? createMetrics();
  const rules = (): SlaRules => config.rules;
  const redis = createCommandConnection(env.redisUrl);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  const queues = createQueues(env.redisUrl, env.keyPrefix);
  queues.connection.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis producer connection error'));
  const store = new TicketStore(redis, env.keyPrefix);
  // A ticket's events are applied in the order they happened, whichever worker takes them.
  const eventOrder = new EventOrder(redis, store.keys);
  const reportStore = new ReportStore(redis, env.keyPrefix);
  const roles = { api: options.roles?.api ?? true, workers: options.roles?.workers ?? true };

  let workers: Workers | undefined;
  let compaction: ReportCompaction | undefined;
  let reconcile: ReconcileSchedule | undefined;
  let resync: ResyncSchedule | undefined;
  const tuning = env.tuning ?? {};
  // One Slack client for alerts and for answering buttons: one timeout, one channel-id cache.
  const slack = env.slackBotToken === undefined ? undefined : createSlackPort({ token: env.slackBotToken, ...(env.slackApiUrl ? { apiUrl: env.slackApiUrl } : {}), ...(tuning.slackTimeoutMs ? { timeoutMs: tuning.slackTimeoutMs } : {}), logger });
  // One door for events, webhooks and resync alike (it batches what arrives in one turn).
  const ingest = new QueueEventIngest(queues.events, redis, store.keys, Date.now, eventOrder);
  if (roles.workers) {
    const notifier =
      options.notifier ??
      createNotifier({
        slack,
        ledger: createNotifyLedger(redis, { keyPrefix: env.keyPrefix }),
        clock,
        logger,
        metrics,
        writers: ticketWriters(options.registry, () => config.integrations),
        buttons: () => Boolean(config.slack?.signingSecret),
        acknowledged: async (c) => (await store.get(c.source, c.ticketId))?.timers.some((t) => t.metric === c.metric && t.cycle === c.cycle && t.acknowledged !== undefined) ?? false,
        scheduleDigest: async (channel, at) => {
          await queues.notify.add('digest', { channel }, { jobId: digestJobId(channel, at), delay: Math.max(0, at - clock()) });
        },
        ...(tuning.slackPostingGraceMs ? { postingGraceMs: tuning.slackPostingGraceMs } : {}),
        ...options.notify,
      });
    if (env.slackBotToken === undefined && options.notifier === undefined) logger.warn('SLACK_BOT_TOKEN is not set: escalations are logged, not sent');
    const scheduler = new CheckpointScheduler(queues.checkpoints, clock);
    const processor = new TicketProcessor({
      store, scheduler, notifyQueue: queues.notify, rules, clock, metrics, logger,
      ...(options.onChanges ? { onChanges: options.onChanges } : {}),
    });
    const workerTuning = {
      ...(tuning.workerStalledIntervalMs ? { stalledIntervalMs: tuning.workerStalledIntervalMs } : {}),
      ...(tuning.workerLockMs ? { lockDurationMs: tuning.workerLockMs } : {}),
      ...(tuning.notifyRetryMaxMs ? { notifyRetryMaxMs: tuning.notifyRetryMaxMs } : {}),
      ...(env.workerConcurrency ? { concurrency: env.workerConcurrency } : {}),
    };
    const appliedIds = async (source: string, ticketId: string) => (await store.get(source, ticketId))?.applied ?? [];
    workers = startWorkers({ redisUrl: env.redisUrl, prefix: env.keyPrefix, processor, notifier, metrics, logger, order: eventOrder, appliedIds, ...workerTuning, ...options.workers });
    compaction = await startReportCompaction({ redisUrl: env.redisUrl, prefix: env.keyPrefix, compactor: reportStore, logger });
    // Recreates checkpoint jobs lost to crashes or hands, at start and every few minutes.
    const reconciler = new CheckpointReconciler({ store, queue: queues.checkpoints, redis: queues.connection, scheduler, metrics, logger });
    reconcile = await startReconcileSchedule({ redisUrl: env.redisUrl, prefix: env.keyPrefix, reconciler, metrics, logger, ...(tuning.reconcileIntervalMs ? { everyMs: tuning.reconcileIntervalMs } : {}) });
    // Reads tickets whose webhooks stopped arriving from their help desk (integrations.<tool>.resync).
    const resyncRunner = new ResyncRunner({
      store, ledger: new ResyncLedger(redis, store.keys), ingest,
      reader: ticketReaders(options.registry, () => config.integrations), settings: (source) => config.resync?.[source], clock, metrics, logger,
    });
    const resyncSources = Object.entries(config.resync ?? {}).map(([source, r]) => ({ source, everyMs: r.everyMs }));
    const resyncOff = [...options.registry].filter(([source, i]) => i.reader !== undefined && !Object.hasOwn(config.resync ?? {}, source)).map(([source]) => source);
    resync = await startResyncSchedule({ redisUrl: env.redisUrl, prefix: env.keyPrefix, sources: resyncSources, off: resyncOff, runner: resyncRunner, metrics, logger });
  }

  // Slack's buttons are answered by the API side; acknowledgements go through a processor of
  // their own (an API-only process runs no workers), saved like any other change of the ticket.
  const ackProcessor = new TicketProcessor({
    store, scheduler: new CheckpointScheduler(queues.checkpoints, clock), notifyQueue: queues.notify, rules, clock, metrics, logger,
    ...(options.onChanges ? { onChanges: options.onChanges } : {}),
  });
  const slackActions = {
    signingSecret: () => config.slack?.signingSecret,
    actions: createSlackActions({
      acknowledgeTimer: (target, user) => acknowledgeTimer(ackProcessor, { ...target, ...user }),
      slack,
      logger,
    }),
  };

  const feed = new RedisChangeFeed(redis, env.redisUrl, store.keys.changes, logger);
  const openStreams = new Set<Response>();
  const app = !roles.api
    ? createOpsApp(metrics, { redis: () => redis.ping() })
    : createApp({
      registry: options.registry,
      integrationConfig: () => config.integrations,
      ingest,
      // One bucket per source in Redis: the limit holds across every API process.
      webhookRateLimit: { limiter: new RedisRateLimiter(redis, env.keyPrefix), limits: () => config.rateLimits ?? {} },
      tickets: store,
      rules,
      clock,
      metrics,
      logger,
      ...(env.apiToken ? { apiToken: env.apiToken } : {}),
      readiness: { redis: () => redis.ping() },
      feed,
      ...(config.widget ? { widget: config.widget } : {}),
      openStreams,
      calendarSpecs: () => config.calendarSpecs,
      reports: new ComplianceReports({ source: reportStore, tickets: store, rules, clock }),
      slackActions,
      ...(env.trustProxy === undefined ? {} : { trustProxy: env.trustProxy }),
    });
  // A workers-only process still answers probes and serves its metrics.
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(app).listen(env.port, () => resolve(s));
    applyServerTimeouts(s);
    s.once('error', reject);
  });
  const stopSampling = sampleQueueDepths(queues, metrics);
  const port = (server.address() as AddressInfo).port;
  // The jobs each queue runs at once here (WORKER_CONCURRENCY or the defaults), for operators to check.
  const concurrency = workers ? Object.fromEntries(workers.all.map((w) => [w.name, w.concurrency])) : undefined;
  logger.info({ port, roles, ...(concurrency ? { concurrency } : {}), config: config.file, version: config.rules.version }, 'sla-timer started');

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    metrics,
    store,
    reload(next) {
      const previous = config.rules.version;
      config = next;
      logger.info({ config: next.file, version: next.rules.version, previous }, 'config reloaded');
    },
    async close() {
      stopSampling();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Live streams never end on their own: end them, so the server can close.
      for (const res of openStreams) res.end();
      server.closeIdleConnections();
      await closed;
      await feed.close();
      await workers?.close();
      await compaction?.close();
      await reconcile?.close();
      await resync?.close();
      await queues.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
