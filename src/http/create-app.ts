/**
 * The HTTP app: webhooks in, the SLA API out, health and metrics. Everything it talks to
 * comes in through `AppDeps`, so tests pass in-memory fakes through the same door.
 */
import express, { Router, type Express } from 'express';
import type { IntegrationRegistry } from '../../integrations/integration.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { SlaRules } from '../sla/index.js';
import { requireBearerToken } from './bearer-auth.js';
import { errorHandler, notFoundHandler } from './error-handlers.js';
import { healthRoutes, type ReadinessChecks } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';
import type { EventIngest, TicketQueries } from './ports.js';
import { requestContext } from './request-context.js';
import { ticketRoutes } from './ticket-routes.js';
import { timerRoutes } from './timer-routes.js';
import { webhookRoutes } from './webhook-routes.js';

/** Webhook bodies above this are refused with 413 unless `bodyLimitBytes` says otherwise. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppDeps {
  /** Integrations by `:source`. */
  registry: IntegrationRegistry;
  /** Validated config blocks by source name; a source without one answers 404. */
  integrationConfig: Record<string, unknown>;
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
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Repeated parameters become arrays, never nested objects: query-params.ts expects strings.
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  app.use(healthRoutes(deps.readiness));
  app.use(metricsRoute(deps.metrics.registry));
  app.use(
    webhookRoutes({
      registry: deps.registry,
      integrationConfig: deps.integrationConfig,
      ingest: deps.ingest,
      clock: deps.clock,
      metrics: deps.metrics,
      bodyLimitBytes: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    }),
  );

  const api = Router();
  api.use(requireBearerToken(deps.apiToken));
  api.use((_req, res, next) => {
    // Countdowns change every second: no cache may serve a stale one.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const reads = { tickets: deps.tickets, rules: deps.rules, clock: deps.clock };
  api.use(ticketRoutes(reads));
  api.use(timerRoutes(reads));
  app.use('/api', api);

  app.use(notFoundHandler());
  app.use(errorHandler());
  return app;
}
