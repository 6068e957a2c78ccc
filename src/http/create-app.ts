/**
 * The HTTP app: webhooks in, the SLA API out, health and metrics. Everything it talks to
 * comes in through `AppDeps`, so tests pass in-memory fakes through the same door.
 *
 * It is a plain request listener: `POST /webhooks/<source>` goes straight to the webhook
 * handler, everything else to Express. Express's own per-request work (its router and the
 * request and response it extends) costs more CPU than verifying, validating and enqueueing
 * a delivery, and webhooks are the traffic that comes in bursts (bench/README.md, bench:ingest).
 */
import type { RequestListener } from 'node:http';
import express, { Router, type Express, type Response } from 'express';
import type { IntegrationRegistry } from '../../integrations/integration.js';
import type { Logger } from '../logger.js';
import type { CalendarSpec } from '../clock/index.js';
import type { WidgetSettings } from '../config/index.js';
import type { Metrics } from '../metrics.js';
import type { SlaRules } from '../sla/index.js';
import { accessCheck, requireApiAccess } from './access.js';
import { boardRoutes } from './board/board-routes.js';
import { errorHandler, failRequest, notFoundHandler } from './error-handlers.js';
import { healthRoutes, type ReadinessChecks } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';
import type { ChangeFeed, EventIngest, TicketQueries } from './ports.js';
import { streamRoutes } from './stream-routes.js';
import { widgetRoutes } from './widget/widget-routes.js';
import { reportRoutes, type ComplianceReportQueries } from './report-routes.js';
import { requestContext, startRequests, type StartRequest } from './request-context.js';
import { slackActionRoutes, type SlackActionDeps } from './slack-action-routes.js';
import { previewRoutes } from './preview-routes.js';
import { ticketRoutes } from './ticket-routes.js';
import { timerRoutes } from './timer-routes.js';
import { webhookHandler, webhookRoutes, type IntegrationConfig } from './webhook-routes.js';
import type { TrustProxy } from '../env.js';
import type { WebhookRateLimit } from './webhook-rate-limit.js';

/** Webhook bodies above this are refused with 413 unless `bodyLimitBytes` says otherwise. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  /** Integrations by `:source`. */
  registry: IntegrationRegistry;
  /** Validated config blocks by source name; a source without one answers 404. */
  integrationConfig: IntegrationConfig;
  ingest: EventIngest;
  tickets: TicketQueries;
  /** The rules in force, read per request: the config may reload. */
  rules: () => SlaRules;
  /** Epoch ms; the only clock the routes read. */
  clock: () => number;
  metrics: Metrics;
  logger: Logger;
  /** When set, `/api/*` requires `Authorization: Bearer <apiToken>`. */
  apiToken?: string;
  readiness: ReadinessChecks;
  /** Largest webhook body accepted (default 1 MB). */
  bodyLimitBytes?: number;
  /** Per-source webhook rate limit (429 past it), checked before the body is read; none without it. */
  webhookRateLimit?: WebhookRateLimit;
  /** Clock changes from every worker, for the live stream, board and widget. */
  feed: ChangeFeed;
  /** Widget link secret and framing rules; without them the widget needs the API token. */
  widget?: WidgetSettings;
  /** Filled with open event streams, so shutdown can end them. */
  openStreams?: Set<Response>;
  /** Compliance reports (`/api/reports/*`); without them those routes answer 404. */
  reports?: ComplianceReportQueries;
  /** The calendars as written in the config (read per request); explain lists holidays from them, and leaves them out without. */
  calendarSpecs?: () => ReadonlyMap<string, CalendarSpec>;
  /** Express's `trust proxy` (env TRUST_PROXY): whose X-Forwarded-For/-Proto to believe; default none. */
  trustProxy?: TrustProxy;
  /** Slack's buttons (`POST /slack/actions`); without them, or without a signing secret, the route answers 404. */
  slackActions?: Omit<SlackActionDeps, 'clock'>;
}

/** The service's HTTP handler, for `http.createServer`. */
export type App = RequestListener;

export function createApp(deps: AppDeps): App {
  const startRequest = startRequests(deps.logger);
  const handleWebhook = webhookHandler({
    registry: deps.registry,
    integrationConfig: deps.integrationConfig,
    ingest: deps.ingest,
    clock: deps.clock,
    metrics: deps.metrics,
    bodyLimitBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    ...(deps.webhookRateLimit ? { rateLimit: deps.webhookRateLimit } : {}),
  });
  const app = expressApp(deps, startRequest, webhookRoutes(handleWebhook));
  return (req, res) => {
    const hook = req.method === 'POST' ? WEBHOOK_PATH.exec(req.url ?? '') : null;
    if (hook === null) {
      app(req, res);
      return;
    }
    startRequest(req, res, hook[1]!);
    handleWebhook(req, res, hook[2]!).catch((err: unknown) => failRequest(res, err));
  };
}

/**
 * The usual spelling of a webhook URL: the path, the source (the names integrations have),
 * an optional trailing slash and query string. Other spellings Express still routes alike
 * (it matches paths case-insensitively and decodes percent-escapes).
 */
const WEBHOOK_PATH = /^(\/webhooks\/([a-z0-9_-]+)\/?)(?:\?|$)/;

function expressApp(deps: AppDeps, startRequest: StartRequest, webhooks: Router): Express {
  const app = express();
  app.disable('x-powered-by');
  // Repeated parameters become arrays, never nested objects: query-params.ts expects strings.
  app.set('query parser', 'simple');
  if (deps.trustProxy !== undefined) trustProxies(app, deps.trustProxy);

  app.use(requestContext(startRequest));
  app.use(webhooks);
  app.use(healthRoutes(deps.readiness));
  if (deps.slackActions) app.use(slackActionRoutes({ ...deps.slackActions, clock: deps.clock }));
  app.use(metricsRoute(deps.metrics.registry));

  const access = accessCheck(deps.apiToken);
  const reads = { tickets: deps.tickets, rules: deps.rules, clock: deps.clock };
  const widget = widgetRoutes({ ...reads, access, widget: deps.widget, feed: deps.feed, ...(deps.openStreams ? { openStreams: deps.openStreams } : {}) });
  app.use(boardRoutes({ ...reads, access }));
  app.use(widget.pages);

  const api = Router();
  api.use(requireApiAccess(access));
  api.use((_req, res, next) => {
    // Countdowns change every second: no cache may serve a stale one.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(ticketRoutes({ ...reads, calendarSpecs: deps.calendarSpecs }));
  api.use(previewRoutes({ rules: deps.rules }));
  api.use(timerRoutes(reads));
  if (deps.reports) api.use(reportRoutes({ reports: deps.reports, clock: deps.clock }));
  api.use(streamRoutes({ feed: deps.feed, ...(deps.openStreams ? { open: deps.openStreams } : {}) }));
  api.use(widget.api);
  app.use('/api', api);

  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}

/** Sets `trust proxy`; a bad address list fails the start with the variable's name and the fix. */
function trustProxies(app: Express, value: TrustProxy): void {
  try {
    app.set('trust proxy', value);
  } catch (err) {
    throw new Error(`TRUST_PROXY="${String(value)}" is not valid (${err instanceof Error ? err.message : String(err)}); give true, false, a number of hops, or comma-separated addresses and subnets such as loopback, 10.0.0.0/8`);
  }
}
