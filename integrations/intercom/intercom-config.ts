/**
 * The `integrations.intercom` block of the config.
 *
 * Intercom signs every notification with the app's client secret (`X-Hub-Signature`) but
 * signs no timestamp, so there is no `timestamp_tolerance_seconds`: retries and replays are
 * absorbed by the notification id, the dedupe key.
 */
import { z } from 'zod';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';

/** A plain http(s) URL (no trailing slash kept). */
const urlSchema = (example: string) =>
  z.string().transform((text, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '') {
      ctx.addIssue({ code: 'custom', message: `must be a plain http(s) URL, e.g. ${example}; got ${JSON.stringify(text)}`, input: text });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

export const DEFAULT_INTERCOM_API_URL = 'https://api.intercom.io';
export const DEFAULT_INTERCOM_API_VERSION = '2.11';
export const DEFAULT_INTERCOM_APP_URL = 'https://app.intercom.com';

const adminIdSchema = z.union([z.string().regex(/^\d+$/, 'must be a numeric Intercom admin id'), z.number().int().positive()]).transform(String);

export const intercomConfigSchema = z.strictObject({
  /** The app's client secret (Developer Hub → your app → Basic information): Intercom signs with it. */
  secret: secretSchema,
  /** The client secret before a rotation; accepted too until removed. */
  previous_secret: secretSchema.optional(),
  /** Conversation state → canonical status; wins over the defaults (open, snoozed, closed). */
  statuses: statusOverridesSchema,
  /** Conversation priority → canonical priority; wins over the defaults (priority, not_priority). */
  priorities: priorityOverridesSchema,
  /** Bot (Fin, workflows) comments count as agent replies (default false: only teammates answer). */
  count_bot_replies: z.boolean().optional(),
  /** Team id → name used as the ticket's group; without it the group is the team id. */
  teams: z.record(z.string().regex(/^\d+$/, 'must be a numeric team id'), z.string().min(1)).optional(),
  /** Where agents open conversations (default `https://app.intercom.com`). */
  app_url: urlSchema('https://app.intercom.com').optional(),
  /** Access token (Developer Hub → Authentication) for write-back. */
  access_token: secretSchema.optional(),
  /** The admin (teammate) our notes are written as. */
  admin_id: adminIdSchema.optional(),
  /** REST API base: `https://api.intercom.io` (US, default), `https://api.eu.intercom.io`, `https://api.au.intercom.io`. */
  api_url: urlSchema('https://api.eu.intercom.io').optional(),
  /** `Intercom-Version` header of write-backs (default 2.11). */
  api_version: z.string().regex(/^(\d+\.\d+|Unstable)$/, 'must be an Intercom API version such as 2.11').optional(),
  /** Conversation data attribute (a Date attribute) that receives the due instant. */
  due_field: z.string().min(1).optional(),
  /** How the due instant is written: `unix` seconds (Date attributes, default) or `iso` text. */
  due_field_format: z.enum(['unix', 'iso']).optional(),
  /** Admin ids whose notes are dropped (our own notes); `admin_id` is always included. */
  ignore_admin_ids: z.array(adminIdSchema).optional(),
});

export type IntercomConfig = z.output<typeof intercomConfigSchema>;
