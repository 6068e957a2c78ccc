/** The `integrations.freshdesk` block of the config. */
import { z } from 'zod';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';
import { isKnownTimeZone } from '../shared/zoned-time.js';

/** `acme`, `acme.freshdesk.com` or `https://acme.freshdesk.com` → `acme`. */
const domainSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const m = /^(?:https:\/\/)?([a-z0-9][a-z0-9-]{0,62})(?:\.freshdesk\.com)?\/?$/i.exec(text);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'must be your Freshdesk subdomain, e.g. acme for https://acme.freshdesk.com', input: text });
      return z.NEVER;
    }
    return m[1]!.toLowerCase();
  });

/**
 * Webhook authenticity: `secret` (and `previous_secret` during a rotation), sent by the
 * automation rule as basic auth `sla-timer:<secret>` or `X-SLA-Token: <secret>`.
 * Write-back: `api_key` (an agent's API key; Freshdesk wants it as basic auth `api_key:X`);
 * without it `writer()` returns undefined. `due_field` is a ticket custom field's API name
 * (`cf_sla_due`): a single-line text field gets the ISO instant, a date field
 * (`due_field_format: date`) the calendar date in `timezone` (UTC when unset).
 */
export const freshdeskConfigSchema = z
  .strictObject({
    secret: secretSchema,
    previous_secret: secretSchema.optional(),
    domain: domainSchema,
    /** IANA zone the account renders dates in, for dates without an offset. */
    timezone: z
      .string()
      .refine(isKnownTimeZone, { error: 'must be an IANA time zone such as Europe/Berlin or Asia/Kolkata (your Freshdesk account time zone)' })
      .optional(),
    statuses: statusOverridesSchema,
    priorities: priorityOverridesSchema,
    api_key: secretSchema.optional(),
    due_field: z
      .string()
      .regex(/^cf_[A-Za-z0-9_]+$/, 'must be the API name of a ticket custom field, e.g. cf_sla_due')
      .optional(),
    due_field_format: z.enum(['iso', 'date']).optional(),
    /**
     * Drop "note added" deliveries. Private notes never start, stop or achieve a timer, and
     * the integration's own write-backs are private notes, so this keeps our writes from
     * coming back as events (Freshdesk has no placeholder naming who added the note).
     */
    ignore_notes: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.due_field_format !== undefined && c.due_field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['due_field_format'], message: 'needs due_field: the custom field to write the due date to' });
    }
  });

export type FreshdeskConfig = z.output<typeof freshdeskConfigSchema>;

/** `https://acme.freshdesk.com`: the API base and the agent UI. */
export function freshdeskBaseUrl(config: Pick<FreshdeskConfig, 'domain'>): string {
  return `https://${config.domain}.freshdesk.com`;
}
