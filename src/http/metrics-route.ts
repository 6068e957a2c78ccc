/** `GET /metrics`: the Prometheus exposition of the process's metrics registry. */
import { Router } from 'express';
import type { Registry } from 'prom-client';

export function metricsRoute(registry: Registry): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const text = await registry.metrics();
    res.setHeader('Content-Type', registry.contentType);
    res.send(text);
  });
  return router;
}
