/**
 * WORKER_CONCURRENCY reaches the workers: the service runs the given number of jobs at once
 * for the queues named, the defaults for the others, and says so in its start line.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { readEnv } from '../../../src/env.js';
import { DEFAULT_CONCURRENCY } from '../../../src/queues/workers.js';
import { startServiceHarness, type ServiceHarness } from '../../support/service-harness.js';

const CONFIG = `
version: concurrency-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev3, name: Normal, default: true }
policies:
  - id: p
    calendar: always
    targets:
      sev3: { first_response: 1h }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function startedLine(env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const { workerConcurrency } = readEnv(env);
  h = await startServiceHarness({ name: 'concurrency', config: CONFIG, logger, env: workerConcurrency ? { workerConcurrency } : {} });
  const started = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'sla-timer started');
  expect(started).toBeDefined();
  return started!;
}

describe('WORKER_CONCURRENCY', () => {
  it('sets the jobs run at once for the queues it names and leaves the others at their defaults', async () => {
    expect((await startedLine({ WORKER_CONCURRENCY: 'checkpoints=2,notify=16' })).concurrency).toEqual({ events: DEFAULT_CONCURRENCY.events, checkpoints: 2, notify: 16 });
  });

  it('without it, runs the defaults', async () => {
    expect((await startedLine({})).concurrency).toEqual(DEFAULT_CONCURRENCY);
  });
});
