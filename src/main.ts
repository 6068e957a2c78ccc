/**
 * The composition root: read the environment and the config, start the service, reload the
 * config on SIGHUP, and shut down gracefully on SIGTERM/SIGINT (stop taking requests, drain
 * workers, close Redis).
 * An invalid config stops the start with every problem listed.
 */
import { integrations, resyncSupport } from '../integrations/registry.js';
import { ConfigError, loadConfig } from './config/index.js';
import { readEnv } from './env.js';
import { createLogger } from './logger.js';
import { startService } from './service.js';

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger(env.logLevel);
  const integrationSchemas = new Map([...integrations].map(([name, integration]) => [name, integration.configSchema]));
  const config = loadConfig(env.configPath, { env: process.env, integrationSchemas, resyncSupport });
  for (const warning of config.warnings) logger.warn({ config: config.file }, warning);
  const service = await startService({ env, config, registry: integrations, logger, roles: env.roles });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing jobs in hand');
    const force = setTimeout(() => {
      logger.error('shutdown took over 25 s; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  // SIGHUP: read the config again; an invalid one is refused and the running one stays.
  process.on('SIGHUP', () => {
    try {
      const next = loadConfig(env.configPath, { env: process.env, integrationSchemas, resyncSupport });
      for (const warning of next.warnings) logger.warn({ config: next.file }, warning);
      service.reload(next);
    } catch (err) {
      const issues = err instanceof ConfigError ? err.issues.length : undefined;
      logger.error({ err: err instanceof Error ? err.message : String(err), issues }, 'config reload refused; the running config stays in force');
    }
  });
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    console.error('sla-timer did not start: fix the config above (check it with `npm run check-config -- FILE`).');
  } else {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  }
  process.exit(1);
});
