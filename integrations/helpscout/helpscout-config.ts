/**
 * The `integrations.helpscout` block of the config.
 *
 * Help Scout signs every webhook with the secret set on it (`X-HelpScout-Signature`) but
 * signs no timestamp, so there is no `timestamp_tolerance_seconds`: retries and replays are
 * absorbed by the dedupe key. Help Scout conversations have no priority: it comes from a
 * custom field (`priority_field`) or from tags (`priority_tags`), else it is null and the
 * default severity applies.
 */
import { z } from 'zod';
import { CANONICAL_PRIORITIES } from '../../src/events.js';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';

/** An http(s) origin such as `https://secure.helpscout.net` (no trailing slash kept). */
const originSchema = z.string().transform((text, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '') {
    ctx.addIssue({ code: 'custom', message: `must be a plain http(s) URL, e.g. https://secure.helpscout.net; got ${JSON.stringify(text)}`, input: text });
    return z.NEVER;
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
});

const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/, 'must be a numeric Help Scout id')]).transform(Number);

export const helpscoutConfigSchema = z
  .strictObject({
    /** The secret set on the webhook (Manage → Apps → Webhooks, 40 characters at most). */
    secret: secretSchema.max(40, 'must be at most 40 characters: Help Scout refuses longer webhook secrets'),
    /** The secret before a rotation; accepted too until removed. */
    previous_secret: secretSchema.optional(),
    /** Conversation status → canonical status; wins over the defaults. */
    statuses: statusOverridesSchema,
    /** Statuses whose conversations are gone for the SLA (every clock cancelled); default `spam`. */
    deleted_statuses: z.array(z.string().min(1)).optional(),
    /** Custom field (name or id) whose value is the priority, mapped through `priorities`. */
    priority_field: z.union([z.string().min(1), z.number().int().positive()]).transform(String).optional(),
    /** Custom field value → canonical priority; wins over the defaults (urgent, high, normal, medium, low). */
    priorities: priorityOverridesSchema,
    /** Canonical priority → tags that give it, e.g. `{ urgent: [p1, vip] }`; the most severe match wins. */
    priority_tags: z.partialRecord(z.enum(CANONICAL_PRIORITIES, { error: `must be one of ${CANONICAL_PRIORITIES.join(', ')}` }), z.array(z.string().min(1))).optional(),
    /** Mailbox id → name used as the ticket's group; without it the group is the mailbox id. */
    mailboxes: z.record(z.string().regex(/^\d+$/, 'must be a numeric mailbox id'), z.string().min(1)).optional(),
    /** Where agents open conversations (default `https://secure.helpscout.net`). */
    app_url: originSchema.optional(),
    /** App ID of the OAuth2 app (Your Profile → My Apps) whose client credentials write back. */
    app_id: secretSchema.optional(),
    /** Its App Secret. */
    app_secret: secretSchema.optional(),
    /** Id of a Date custom field that receives the due date (YYYY-MM-DD, UTC). */
    due_field: idSchema.optional(),
    /** Help Scout user ids whose notes are dropped: the user our OAuth app acts as. */
    ignore_user_ids: z.array(idSchema).optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.app_id === undefined) !== (c.app_secret === undefined)) {
      const missing = c.app_id === undefined ? 'app_id' : 'app_secret';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'write-back needs both app_id and app_secret; set both or neither' });
    }
  });

export type HelpscoutConfig = z.output<typeof helpscoutConfigSchema>;

export const DEFAULT_HELPSCOUT_APP_URL = 'https://secure.helpscout.net';
