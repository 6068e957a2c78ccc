/**
 * Config pieces every tool integration shares: status and priority overrides, the
 * signature timestamp tolerance, and write-back settings.
 */
import { z } from 'zod';
import { CANONICAL_PRIORITIES, TICKET_STATUSES } from '../../src/events.js';

/** `statuses: { "Waiting for customer": pending }` — the tool's value → canonical status. */
export const statusOverridesSchema = z.record(z.string(), z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` })).optional();

/** `priorities: { "P1": urgent }` — the tool's value → canonical priority. */
export const priorityOverridesSchema = z
  .record(z.string(), z.enum(CANONICAL_PRIORITIES, { error: `must be one of ${CANONICAL_PRIORITIES.join(', ')}` }))
  .optional();

/** Seconds a signed timestamp may be away from our clock (default 300). */
export const toleranceSchema = z.number().int().min(1).max(86_400).optional();

/** A non-empty secret or credential (from `${ENV}` references). */
export const secretSchema = z.string().min(1, 'must not be empty; reference an environment variable such as "${ZENDESK_WEBHOOK_SECRET}"');
