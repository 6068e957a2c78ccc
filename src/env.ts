/**
 * The service's environment variables (DESIGN.md "Environment"), read once in main and
 * passed down; nothing else reads `process.env`.
 */
export interface Env {
  port: number;
  redisUrl: string;
  configPath: string;
  keyPrefix: string;
  slackBotToken: string | undefined;
  slackApiUrl: string | undefined;
  apiToken: string | undefined;
  logLevel: string;
}

/** Reads and checks the environment; throws naming the variable and the fix. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT="${env.PORT}" is not a port number; set PORT to an integer between 0 and 65535`);
  }
  const keyPrefix = env.KEY_PREFIX ?? 'sla';
  if (!/^[A-Za-z0-9_.-]+$/.test(keyPrefix)) {
    throw new Error(`KEY_PREFIX="${keyPrefix}" may only contain letters, digits, '_', '.', '-' (it is wrapped in a {hash tag} for Redis Cluster)`);
  }
  return {
    port,
    redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    configPath: env.SLA_CONFIG ?? 'config/sla.yaml',
    keyPrefix,
    slackBotToken: env.SLACK_BOT_TOKEN || undefined,
    slackApiUrl: env.SLACK_API_URL || undefined,
    apiToken: env.API_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}
