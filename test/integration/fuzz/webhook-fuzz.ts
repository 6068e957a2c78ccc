/**
 * The webhook fuzz of one source: thousands of generated deliveries through the real app
 * (every integration registered, this source configured), driven in-process. Every answer
 * must be a 4xx with a named-code JSON error (202 only for a body the integration itself
 * finds valid), never a 5xx, and nothing refused may reach the ingest port. The seed is fixed per source so CI
 * runs are reproducible; fast-check prints the seed and the shrunk case on a failure.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../../integrations/integration.js';
import type { TicketEvent } from '../../../src/events.js';
import { integrations } from '../../../integrations/registry.js';
import { buildCase, caseArb, type Expectation, type FuzzCase } from './fuzz-cases.js';
import { startFuzzApp, type FuzzApp, type FuzzResponse } from './fuzz-app.js';
import { FUZZ_SOURCES, NOW } from './fuzz-sources.js';

/** Deliveries per source (`FUZZ_RUNS` runs more, or fewer while developing). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

interface ErrorBody {
  error: { code: string; message: string; fields?: Array<{ field: string; message: string }> };
}

export function fuzzWebhooks(name: string, seed: number, numRuns = FUZZ_RUNS): void {
  const source = FUZZ_SOURCES[name];
  const integration = integrations.get(name);
  if (source === undefined || integration === undefined) throw new Error(`no fuzz source or integration named ${name}`);
  const config = integration.configSchema.parse(source.config);

  describe(`POST /webhooks/${name} under fuzzing`, () => {
    let app: FuzzApp;
    beforeAll(() => {
      app = startFuzzApp(integrations, { [name]: config }, NOW);
    });

    it(`answers ${numRuns} generated deliveries with 4xx (202 only for valid ones), never 5xx, and ingests nothing it refuses`, async () => {
      const kinds = new Map<FuzzCase['kind'], number>();
      await fc.assert(
        fc.asyncProperty(caseArb(source), async (c) => {
          kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
          const { request, expect: expected } = buildCase(source, c);
          const before = app.ingest.received.length;
          const res = await app.send(request);
          const ingested = app.ingest.received.slice(before);
          check(res, expected, ingested, name, () => {
            // Ask the integration directly: a 202 is right only when it finds the body valid.
            let body: unknown;
            try {
              body = JSON.parse(request.body.toString('utf8').replace(/^\uFEFF/, ''));
            } catch {
              return undefined;
            }
            const delivery: WebhookDelivery = { rawBody: request.body, headers: lowerCased(request.headers), query: {}, receivedAt: NOW };
            const r = integration.normalize(body, delivery, config);
            return r.ok ? r.events.length : undefined;
          });
          if (app.problems.length > 0) fail(`the app logged a problem: ${app.problems.join('\n')}`, res);
        }),
        { seed, numRuns },
      );
      // Each kind of delivery was really exercised, and the service still answers a good one.
      for (const kind of ['invalid', 'mutated', 'garbage', 'forged', 'valid'] as const) expect(kinds.get(kind) ?? 0).toBeGreaterThan(numRuns / 40);
      const ok = await app.send(buildCase(source, { kind: 'valid', fixture: 0, auth: { previous: false, skewMs: 0, tsFormat: 'iso', basic: false }, noise: [], query: '' }).request);
      expect(ok.status).toBe(202);
    }, 240_000);
  });
}

/**
 * The answer against what the case expects. `validEvents` says whether the integration finds
 * the body valid (its event count) or not (undefined). Plain checks rather than `expect`: this
 * runs 80,000 times, and a failure message carries the answer for fast-check to print.
 */
function check(res: FuzzResponse, expected: Expectation, ingested: TicketEvent[][], source: string, validEvents: () => number | undefined): void {
  if (res.status >= 500) fail('a 5xx', res);
  if (res.status === 202) {
    if (expected.status !== 202 && expected.status !== 'refused-unless-valid') fail(`accepted a delivery that should get ${expected.status}`, res);
    if (ingested.length !== 1) fail(`a 202 with ${ingested.length} ingest calls`, res);
    const events = ingested[0]!;
    if ((JSON.parse(res.text) as { accepted: number }).accepted !== events.length) fail(`accepted counts ${events.length} ingested events otherwise`, res);
    if (events.some((e) => e.source !== source)) fail('an event of another source', res);
    const valid = validEvents();
    if (valid !== events.length) fail(`a 202 for a body the integration ${valid === undefined ? 'refuses' : `reads as ${valid} events`}`, res);
    return;
  }
  if (res.status < 400) fail('neither 202 nor 4xx', res);
  if (ingested.length > 0) fail('a refused delivery reached the ingest port', res);
  if (!/^application\/json/.test(String(res.headers['content-type']))) fail('an error answer that is not JSON', res);
  const body = JSON.parse(res.text) as ErrorBody;
  const code = body.error?.code;
  if (typeof code !== 'string' || !/^sla_[a-z_]+$/.test(code) || typeof body.error.message !== 'string') fail('an error body without {error: {code, message}}', res);
  const is = (status: number, want: string) => {
    if (res.status !== status || code !== want) fail(`expected ${status} ${want}`, res);
  };

  switch (expected.status) {
    case 202:
      return fail('refused a valid delivery', res);
    case 401:
      return is(401, 'sla_signature_invalid');
    case 413:
      return is(413, 'sla_payload_too_large');
    case 400: {
      is(400, 'sla_payload_invalid');
      const field = expected.field;
      const named = (body.error.fields ?? []).map((f) => f.field);
      if (!named.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`))) fail(`the fields do not name ${field}`, res);
      return;
    }
    case 'refused-unless-valid':
      return is(400, 'sla_payload_invalid');
    case 'unreadable':
      // Brotli decodes some short junk; what comes out is then unsigned or mis-signed (401).
      if (![400, 401, 413, 415].includes(res.status) || !/^sla_(payload_invalid|payload_too_large|signature_invalid)$/.test(code)) fail('expected 400, 401, 413 or 415', res);
      return;
  }
}

function fail(what: string, res: FuzzResponse): never {
  throw new Error(`${what}; got ${res.status} ${res.text.slice(0, 500)}`);
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
