/**
 * `POST /webhooks/:source`: look the integration up, take a token from the source's rate
 * limit (429 when there is none), read the raw body (bounded), verify
 * its signature on the exact bytes, only then parse JSON and normalize, and answer 202 once
 * the events are durably enqueued. Every delivery is counted by source and outcome.
 *
 * The handler works on Node's own request and response: create-app.ts calls it straight from
 * the server for the usual path, without Express (whose per-request work cost more CPU than
 * the rest of a delivery), and mounts it as an Express route for every other spelling of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import express, { Router } from 'express';
import type { IntegrationRegistry, WebhookDelivery } from '../../integrations/integration.js';
import type { Metrics } from '../metrics.js';
import { HttpError, sendJson } from './http-error.js';
import type { EventIngest } from './ports.js';
import { addLogFields, requestLog } from './request-context.js';
import { retryAfterSeconds, type RateVerdict, type WebhookRateLimit } from './webhook-rate-limit.js';

export interface WebhookDeps {
  registry: IntegrationRegistry;
  /** Validated config blocks by source (or a getter for them), read per request: a reloaded config applies at once. */
  integrationConfig: IntegrationConfig;
  ingest: EventIngest;
  clock: () => number;
  metrics: Metrics;
  bodyLimitBytes: number;
  /** Per-source limit shared across processes; without it deliveries are not limited. */
  rateLimit?: WebhookRateLimit;
}

/** The integrations' config blocks by source name, or a getter when the config may reload. */
export type IntegrationConfig = Record<string, unknown> | (() => Record<string, unknown>);

/** Outcome label of `sla_timer_webhooks_total`. */
type Outcome = 'accepted' | 'duplicate' | 'unauthorized' | 'invalid' | 'unknown_source' | 'too_large' | 'unavailable' | 'rate_limited';

/** Label for sources we do not know: the path is caller-chosen and must not grow the label set. */
const UNKNOWN_SOURCE_LABEL = '(unknown)';
/** Seconds a tool should wait before retrying when the queue cannot take events. */
const RETRY_AFTER_SECONDS = '5';

/** Handles one delivery to `source`; rejects with an `HttpError` (or anything else: a 500) before answering. */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse, source: string) => Promise<void>;

/** The same handler as an Express route. */
export function webhookRoutes(handle: WebhookHandler): Router {
  return Router().post('/webhooks/:source', (req, res) => handle(req, res, req.params.source ?? ''));
}

export function webhookHandler(deps: WebhookDeps): WebhookHandler {
  // Any content type: some tools post JSON as text/plain; the signature covers the bytes either way.
  const readRaw = express.raw({ type: () => true, limit: deps.bodyLimitBytes });
  const readBody = (req: IncomingMessage, res: ServerResponse) =>
    new Promise<Buffer>((resolve, reject) =>
      readRaw(req as never, res as never, (err?: unknown) => {
        const body = (req as { body?: unknown }).body;
        if (err) reject(err);
        else resolve(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      }),
    );

  return async (req, res, source) => {
    const integration = deps.registry.get(source);
    const blocks = typeof deps.integrationConfig === 'function' ? deps.integrationConfig() : deps.integrationConfig;
    const config = Object.hasOwn(blocks, source) ? blocks[source] : undefined;
    const count = (outcome: Outcome, events?: number) => {
      deps.metrics.webhooks.inc({ source: integration ? source : UNKNOWN_SOURCE_LABEL, outcome });
      addLogFields(res, { source: integration ? source : UNKNOWN_SOURCE_LABEL, outcome, ...(events === undefined ? {} : { events }) });
    };

    if (integration === undefined || config === undefined) {
      count('unknown_source');
      const message = integration === undefined
        ? `unknown source "${source}"; this service takes ${[...deps.registry.keys()].join(', ')}`
        : `source "${source}" is not configured; add integrations.${source} to the config`;
      throw new HttpError(404, 'sla_source_unknown', message);
    }

    const limits = deps.rateLimit?.limits();
    const limit = limits !== undefined && Object.hasOwn(limits, source) ? limits[source] : undefined;
    if (deps.rateLimit !== undefined && limit !== undefined) {
      const verdict = await takeToken(deps.rateLimit, source, limit, res);
      if (!verdict.allowed) {
        count('rate_limited');
        const seconds = retryAfterSeconds(verdict.retryAfterMs);
        throw new HttpError(
          429,
          'sla_rate_limited',
          `source "${source}" sent more than ${limit.perSecond} deliveries per second (bursts up to ${limit.burst}); retry after ${seconds} s, or raise integrations.${source}.rate_limit`,
          undefined,
          { 'Retry-After': String(seconds) },
        );
      }
    }

    let rawBody: Buffer;
    try {
      rawBody = await readBody(req, res);
    } catch (err) {
      if (isTooLarge(err)) {
        count('too_large');
        throw new HttpError(413, 'sla_payload_too_large', `the body is larger than ${deps.bodyLimitBytes} bytes; send fewer events per delivery`);
      }
      count('invalid');
      throw unreadableBody(err);
    }

    const delivery: WebhookDelivery = { rawBody, headers: flatHeaders(req), query: flatQuery(req), receivedAt: deps.clock() };
    const verified = integration.verify(delivery, config);
    if (!verified.ok) {
      count('unauthorized');
      throw new HttpError(401, 'sla_signature_invalid', verified.reason);
    }

    const body = parseJson(rawBody);
    if (!body.ok) {
      count('invalid');
      throw new HttpError(400, 'sla_payload_invalid', body.message);
    }
    const normalized = integration.normalize(body.value, delivery, config);
    if (!normalized.ok) {
      count('invalid');
      // Paths only: the messages may quote payload values, which stay out of the logs.
      addLogFields(res, { fields: normalized.errors.slice(0, 20).map((e) => e.field) });
      const n = normalized.errors.length;
      throw new HttpError(400, 'sla_payload_invalid', `the payload has ${n} invalid ${n === 1 ? 'field' : 'fields'}`, normalized.errors);
    }

    const events = normalized.events;
    let result: { accepted: number; duplicates: number };
    try {
      result = await deps.ingest.ingest(events);
    } catch (err) {
      count('unavailable', events.length);
      requestLog(res).warn({ err: err instanceof Error ? err.message : String(err) }, 'could not enqueue webhook events');
      throw new HttpError(503, 'sla_unavailable', 'the events could not be enqueued; retry later', undefined, { 'Retry-After': RETRY_AFTER_SECONDS });
    }
    count(events.length > 0 && result.duplicates >= events.length ? 'duplicate' : 'accepted', events.length);
    sendJson(res, 202, { accepted: result.accepted, duplicates: result.duplicates });
  };
}

/** Fails open: when Redis cannot answer, the delivery goes on (enqueueing it will tell whether Redis is really away). */
async function takeToken(rateLimit: WebhookRateLimit, source: string, limit: { perSecond: number; burst: number }, res: ServerResponse): Promise<RateVerdict> {
  try {
    return await rateLimit.limiter.take(`webhook:${source}`, limit);
  } catch (err) {
    requestLog(res).warn({ err: err instanceof Error ? err.message : String(err), source }, 'webhook rate limit unavailable; delivery not limited');
    return { allowed: true };
  }
}

function isTooLarge(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.too.large';
}

/**
 * A body that could not be read (an unsupported or broken Content-Encoding, an aborted
 * upload) is the sender's problem: its own 4xx status when it has one, else 400, always
 * with the payload code (the generic handler would blame the URL for an error without a type).
 */
function unreadableBody(err: unknown): HttpError {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; message?: unknown; expose?: unknown };
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
  const detail = e.expose === true && typeof e.message === 'string' ? `: ${e.message}` : '';
  return new HttpError(status, 'sla_payload_invalid', `the body could not be read${detail}; check its Content-Encoding (gzip, deflate, br or none)`);
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  // A UTF-8 byte-order mark is legal in front of JSON from some tools; JSON.parse refuses it.
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, message: 'the body is empty; send a JSON event object or an array of events' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Lower-cased header names with repeated headers joined, as `WebhookDelivery` promises. */
function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** The query string as Express's "simple" parser reads it, first value of a repeated name. */
function flatQuery(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const url = req.url ?? '';
  const at = url.indexOf('?');
  if (at < 0) return out;
  for (const [name, value] of Object.entries(parseQuery(url.slice(at + 1)))) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name] = first;
  }
  return out;
}
