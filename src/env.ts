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
  /** What this process does (`SLA_ROLES`): serve HTTP, run the workers, or both (default). */
  roles: { api: boolean; workers: boolean };
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
    roles: readRoles(env.SLA_ROLES),
  };
}

/** `api`, `workers` or `api,workers` (default): several processes of each share one Redis. */
function readRoles(text: string | undefined): Env['roles'] {
  if (text === undefined || text.trim() === '') return { api: true, workers: true };
  const given = text.split(',').map((r) => r.trim().toLowerCase()).filter((r) => r !== '');
  const unknown = given.filter((r) => r !== 'api' && r !== 'workers');
  if (unknown.length > 0 || given.length === 0) {
    throw new Error(`SLA_ROLES="${text}" is not valid; use api, workers or api,workers`);
  }
  return { api: given.includes('api'), workers: given.includes('workers') };
}
