/**
 * The HTTP face of a workers-only process: liveness, readiness and metrics, so an
 * orchestrator can probe it and Prometheus can scrape its queue lag and alert counters.
 */
import express, { type Express } from 'express';
import type { Metrics } from '../metrics.js';
import { healthRoutes, type ReadinessChecks } from './health-routes.js';
import { metricsRoute } from './metrics-route.js';

export function createOpsApp(metrics: Metrics, readiness: ReadinessChecks): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(readiness));
  app.use(metricsRoute(metrics.registry));
  return app;
}
