/**
 * The `integrations.zammad` block of the config.
 *
 * Zammad signs a webhook only when its "HMAC SHA1 Signature Token" is set; we require it
 * (`secret`). Zammad signs no timestamp, so there is no `timestamp_tolerance_seconds`:
 * retries (5 attempts) and replays are absorbed by the `X-Zammad-Delivery` dedupe key.
 */
import { z } from 'zod';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';

/** The instance URL, e.g. `https://support.example.com` (no trailing slash kept). */
export const zammadBaseUrlSchema = z
  .string()
  .min(1, 'must not be empty; give the Zammad URL, e.g. https://support.example.com')
  .transform((text, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      ctx.addIssue({ code: 'custom', message: `must be the http(s) URL of the Zammad instance, e.g. https://support.example.com; got ${JSON.stringify(text)}`, input: text });
      return z.NEVER;
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must be the plain instance URL without credentials, query or fragment, e.g. https://support.example.com', input: text });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

const userIdSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a Zammad user id such as 14')]).transform(Number);

export const zammadConfigSchema = z.strictObject({
  /** The webhook's "HMAC SHA1 Signature Token" (Zammad: Manage → Webhook). */
  secret: secretSchema,
  /** The token before a rotation; accepted too until removed. */
  previous_secret: secretSchema.optional(),
  /** The instance URL: ticket links (`/#ticket/zoom/<id>`) and write-backs use it. */
  base_url: zammadBaseUrlSchema,
  /** State name (or state id) → canonical status; wins over the defaults. */
  statuses: statusOverridesSchema,
  /** States whose tickets are gone for the SLA (every clock cancelled); default `merged`, `removed`. */
  deleted_states: z.array(z.string().min(1)).optional(),
  /** Priority name (or id) → canonical priority; wins over the defaults. */
  priorities: priorityOverridesSchema,
  /** Article types that never count as a reply (Zammad's own SLA ignores notes); default `note`. */
  internal_article_types: z.array(z.string().min(1)).optional(),
  /** Ticket attributes (custom objects) copied into `fields` for policy matching. */
  fields: z.array(z.string().min(1)).optional(),
  /** Access token of the API user that writes back (Profile → Token Access; needs ticket.agent). */
  api_token: secretSchema.optional(),
  /** Ticket attribute (a Date/Time custom object) that receives the due instant. */
  due_field: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be the attribute name of a Zammad object attribute, e.g. sla_due_at').optional(),
  /** Zammad user ids whose internal notes are dropped: our API user (its notes fire the trigger too). */
  ignore_user_ids: z.array(userIdSchema).optional(),
});

export type ZammadConfig = z.output<typeof zammadConfigSchema>;
