/**
 * The real service for the benches, started the way `src/main.ts` starts it (environment →
 * config → `startService` with the full integration registry; API and workers in one process
 * unless told otherwise), plus an IPC line to the bench: the port once listening, counters,
 * CPU time and `process.memoryUsage()` on request, a graceful close on `stop`.
 *
 * Extra service options come as JSON in `BENCH_SERVICE_OPTIONS` (`roles`, `workers`, `notify`;
 * the string "Infinity" stands for Infinity, which JSON cannot carry).
 */
import { genericIntegration } from '../../integrations/generic/generic-integration.js';
import type { IntegrationRegistry } from '../../integrations/integration.js';
import { loadConfig } from '../../src/config/index.js';
import { readEnv } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import { startService, type ServiceOptions } from '../../src/service.js';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { serveParent } from '../support/child.js';

type Extra = Pick<ServiceOptions, 'roles' | 'workers' | 'notify'>;

// The full registry, as `npm start` has it; if a tool's integration does not load (work in
// progress elsewhere in the tree), the generic one alone: the benches only post generic events.
let integrations: IntegrationRegistry;
let registryNote = 'full';
try {
  integrations = (await import('../../integrations/registry.js')).integrations;
} catch (err) {
  integrations = new Map([[genericIntegration.name, genericIntegration]]);
  registryNote = `generic only (the full registry did not load: ${err instanceof Error ? err.message : String(err)})`;
  console.error(`service-server: ${registryNote}`);
}
// Diagnostics only (BENCH_AUTOPIPELINE=1): every ioredis connection the service opens batches
// the commands issued in one tick into one write, to measure what that option would bring.
const redisDefaults = (Redis as unknown as { defaultOptions: { enableAutoPipelining: boolean } }).defaultOptions;
if (process.env.BENCH_AUTOPIPELINE === '1') redisDefaults.enableAutoPipelining = true;
const env = readEnv();
const logger = createLogger(env.logLevel);
const integrationSchemas = new Map([...integrations].map(([name, integration]) => [name, integration.configSchema]));
const config = loadConfig(env.configPath, { env: process.env, integrationSchemas });
const extra = JSON.parse(process.env.BENCH_SERVICE_OPTIONS ?? '{}', (_k, v: unknown) => (v === 'Infinity' ? Infinity : v)) as Extra;
const service = await startService({ env, config, registry: integrations, logger, ...extra });
const cpuAtStart = process.cpuUsage();

// The heap right after each major (mark-sweep) GC is the live set: a leak shows there as a
// rising floor, while heapUsed at an arbitrary instant swings with the GC sawtooth. Kept as
// the lowest such figure since the last `memory` question (NaN when no major GC ran meanwhile).
let heapAfterGc = NaN;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if ((entry as { detail?: { kind?: number } }).detail?.kind !== perfConstants.NODE_PERFORMANCE_GC_MAJOR) continue;
    const used = process.memoryUsage().heapUsed;
    heapAfterGc = Number.isNaN(heapAfterGc) ? used : Math.min(heapAfterGc, used);
  }
}).observe({ entryTypes: ['gc'] });

async function counters(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const metric of [service.metrics.eventsApplied, service.metrics.webhooks, service.metrics.alertsSent]) {
    const got = await metric.get();
    for (const v of got.values) out[`${got.name}{${Object.entries(v.labels).map(([k, l]) => `${k}=${String(l)}`).join(',')}}`] = v.value;
  }
  return out;
}

function cpuMs(): { userMs: number; systemMs: number } {
  const u = process.cpuUsage(cpuAtStart);
  return { userMs: u.user / 1000, systemMs: u.system / 1000 };
}

serveParent({
  ready: { port: service.port, pid: process.pid, registry: registryNote, autopipeline: redisDefaults.enableAutoPipelining },
  ask: async (what, args) => {
    if (what === 'counters') return counters();
    if (what === 'cpu') return cpuMs();
    // bench:soak samples the process's memory (rss, heapTotal, heapUsed, external, arrayBuffers; bytes)
    // and the heap after the major GCs since its last sample (heapAfterGc).
    if (what === 'memory') {
      const answer = { ...process.memoryUsage(), heapAfterGc };
      heapAfterGc = NaN;
      return answer;
    }
    if (what === 'queue-lag') {
      // Cumulative bucket counts of sla_timer_queue_lag_seconds for one queue: [[le, count], ...].
      const got = await service.metrics.queueLag.get();
      return got.values.filter((v) => v.labels.queue === args && v.metricName?.endsWith('_bucket')).map((v) => [(v.labels as Record<string, string | number>).le, v.value]);
    }
    return undefined;
  },
  stop: async () => {
    const cpu = cpuMs();
    const final = await counters();
    await service.close();
    return { cpu, counters: final };
  },
});
