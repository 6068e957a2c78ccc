/**
 * The composition root: read the environment, wire the parts, start, and shut down
 * gracefully (stop taking requests, then close Redis).
 */
import express from 'express';
import type { Server } from 'node:http';
import { readEnv } from './env.js';
import { createLogger } from './logger.js';
import { healthRoutes } from './http/health-routes.js';
import { createCommandConnection } from './store/redis-connection.js';

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger(env.logLevel);
  const redis = createCommandConnection(env.redisUrl);
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes({ redis: () => redis.ping() }));
  const server: Server = app.listen(env.port, () => logger.info({ port: env.port }, 'sla-timer listening'));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void redis.quit().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
