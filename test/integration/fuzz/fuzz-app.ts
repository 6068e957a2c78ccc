/**
 * The real app (createApp with every integration) for the webhook fuzz tests, with a
 * recording ingest port, driven in-process: requests go straight to the app's handler
 * through Node's own request and response classes (inject.ts), about twice as cheap as a
 * loopback connection for the same answers, which matters at 80,000 requests.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { pino } from 'pino';
import type { IntegrationRegistry } from '../../../integrations/integration.js';
import { createApp, type AppDeps } from '../../../src/http/create-app.js';
import { createMetrics } from '../../../src/metrics.js';
import { buildRules, FakeIngest, FakeTickets, MemoryFeed } from '../../unit/http/app-harness.js';
import { inject } from './inject.js';

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface FuzzRequest {
  /** Path and query string, e.g. `/webhooks/generic?x=1`. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FuzzApp {
  ingest: FakeIngest;
  /** Lines the app logged at warn or above (a 500 logs "request failed" at error). */
  problems: string[];
  send(req: FuzzRequest): Promise<FuzzResponse>;
}

/** The app with the given integrations and config blocks and a fixed clock. */
export function startFuzzApp(registry: IntegrationRegistry, integrationConfig: Record<string, unknown>, now: number): FuzzApp {
  const problems: string[] = [];
  const ingest = new FakeIngest();
  const rules = buildRules();
  const deps: AppDeps = {
    registry,
    integrationConfig,
    ingest,
    tickets: new FakeTickets(),
    rules: () => rules,
    clock: () => now,
    metrics: createMetrics({ defaults: false }),
    // Access lines (info) would cost more than the requests; warnings and errors are kept.
    logger: pino({ level: 'warn' }, { write: (line: string) => void problems.push(line) }),
    readiness: { redis: async () => 'PONG' },
    feed: new MemoryFeed(),
  };
  const app = createApp(deps);
  return {
    ingest,
    problems,
    async send(req) {
      const res = await inject(app, { method: 'POST', ...req });
      return { status: res.status, headers: res.headers, text: res.body.toString('utf8') };
    },
  };
}
