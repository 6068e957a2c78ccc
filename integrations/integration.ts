/**
 * What a help-desk integration provides. The HTTP layer looks integrations up by the
 * `:source` of `POST /webhooks/:source` in a registry; the core never names a tool.
 */
import type { ZodType } from 'zod';
import type { TicketEvent, TicketReader, TicketWriter } from '../src/events.js';

/** A webhook delivery as received: the raw body is what signatures are computed over. */
export interface WebhookDelivery {
  rawBody: Buffer;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** Receipt instant (epoch ms), for timestamp tolerance checks. */
  receivedAt: number;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** One problem with a payload: the JSON path of the field and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

export type NormalizeResult = { ok: true; events: TicketEvent[] } | { ok: false; errors: FieldError[] };

export interface Integration<C = unknown> {
  /** The `:source` path segment, e.g. `generic`, `zendesk`. */
  readonly name: string;
  /** Validates this integration's block under `integrations.<name>` in the config. */
  readonly configSchema: ZodType<C>;
  /** Checks the delivery's authenticity exactly as the tool signs it (constant-time). */
  verify(delivery: WebhookDelivery, config: C): VerifyResult;
  /** Maps the parsed JSON body to canonical events, or names every bad field. */
  normalize(body: unknown, delivery: WebhookDelivery, config: C): NormalizeResult;
  /** The write-back client when the config gives credentials for it; undefined otherwise. */
  writer?(config: C): TicketWriter | undefined;
  /**
   * The client that fetches one ticket from the tool's API, for resync, when the config gives
   * the credentials (the write-back ones); undefined otherwise.
   */
  reader?(config: C): TicketReader | undefined;
}

/** Integrations by source name. */
export type IntegrationRegistry = ReadonlyMap<string, Integration<any>>;

