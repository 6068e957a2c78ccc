import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';

describe('readEnv', () => {
  it('applies the documented defaults', () => {
    expect(readEnv({})).toEqual({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      configPath: 'config/sla.yaml',
      keyPrefix: 'sla',
      slackBotToken: undefined,
      slackApiUrl: undefined,
      apiToken: undefined,
      logLevel: 'info',
      roles: { api: true, workers: true },
      trustProxy: false,
      tuning: {},
    });
  });

  it('reads TRUST_PROXY as Express takes it: booleans, a hop count, or addresses', () => {
    expect(readEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readEnv({ TRUST_PROXY: ' FALSE ' }).trustProxy).toBe(false);
    expect(readEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(readEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => readEnv({ TRUST_PROXY: '1.5' })).toThrow(/TRUST_PROXY="1.5" is not valid; give a whole number of proxy hops/);
  });

  it('reads the timing knobs, in milliseconds, and refuses what is not a positive whole number', () => {
    expect(readEnv({ RECONCILE_INTERVAL_MS: '60000', WORKER_LOCK_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000', SLACK_TIMEOUT_MS: '1500', SLACK_POSTING_GRACE_MS: '4000', NOTIFY_RETRY_MAX_MS: '1000' }).tuning).toEqual({
      reconcileIntervalMs: 60_000, workerLockMs: 2_000, workerStalledIntervalMs: 1_000, slackTimeoutMs: 1_500, slackPostingGraceMs: 4_000, notifyRetryMaxMs: 1_000,
    });
    expect(() => readEnv({ WORKER_LOCK_MS: '2s' })).toThrow(/WORKER_LOCK_MS="2s" is not valid; set it to a whole number of milliseconds/);
    expect(() => readEnv({ RECONCILE_INTERVAL_MS: '0' })).toThrow(/RECONCILE_INTERVAL_MS="0"/);
  });

  it('reads WORKER_CONCURRENCY per queue, leaving the others to their defaults, and names what is wrong', () => {
    expect(readEnv({}).workerConcurrency).toBeUndefined();
    expect(readEnv({ WORKER_CONCURRENCY: ' ' }).workerConcurrency).toBeUndefined();
    expect(readEnv({ WORKER_CONCURRENCY: 'events=32, checkpoints = 8,notify=256' }).workerConcurrency).toEqual({ events: 32, checkpoints: 8, notify: 256 });
    expect(readEnv({ WORKER_CONCURRENCY: 'checkpoints=16' }).workerConcurrency).toEqual({ checkpoints: 16 });
    for (const [text, part] of [['checkpoint=16', 'checkpoint=16'], ['events=0', 'events=0'], ['notify=1001', 'notify=1001'], ['events=64,notify', 'notify'], ['events=1.5', 'events=1.5']]) {
      expect(() => readEnv({ WORKER_CONCURRENCY: text }), text).toThrow(`WORKER_CONCURRENCY="${text}" is not valid at "${part}"; give queue=count pairs separated by commas, queues events, checkpoints and notify, counts from 1 to 1000`);
    }
  });

  it('reads the roles of this process', () => {
    expect(readEnv({ SLA_ROLES: 'api' }).roles).toEqual({ api: true, workers: false });
    expect(readEnv({ SLA_ROLES: ' Workers ' }).roles).toEqual({ api: false, workers: true });
    expect(readEnv({ SLA_ROLES: 'api,workers' }).roles).toEqual({ api: true, workers: true });
    expect(() => readEnv({ SLA_ROLES: 'web' })).toThrow(/SLA_ROLES="web" is not valid; use api, workers or api,workers/);
  });

  it('reads every variable', () => {
    const env = readEnv({ PORT: '8080', REDIS_URL: 'redis://r:6380', SLA_CONFIG: 'x.yaml', KEY_PREFIX: 'acme', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/', API_TOKEN: 't', LOG_LEVEL: 'debug' });
    expect(env).toMatchObject({ port: 8080, redisUrl: 'redis://r:6380', configPath: 'x.yaml', keyPrefix: 'acme', slackBotToken: 'xoxb-1', slackApiUrl: 'http://127.0.0.1:9/api/', apiToken: 't', logLevel: 'debug' });
  });

  it('names the variable and the fix for bad values', () => {
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT="eighty".*integer between 0 and 65535/);
    expect(() => readEnv({ KEY_PREFIX: 'a:b{c}' })).toThrow(/KEY_PREFIX="a:b\{c\}" may only contain/);
  });
});
