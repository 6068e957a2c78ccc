/**
 * The `integrations.zendesk` block of the config.
 *
 * Each Zendesk webhook has its own signing secret, and a webhook is either subscribed to
 * events or connected to triggers, never both (verified: Zendesk help center, "Creating
 * webhooks"). An account that points both kinds at `/webhooks/zendesk` lists the second
 * webhook's secret under `additional_secrets`.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from '../../src/events.js';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema, toleranceSchema } from '../shared/mapping-config.js';

/** Who wrote a comment, as the SLA core needs it. */
export const COMMENT_AUTHORS = ['agent', 'customer'] as const;
export type CommentAuthor = (typeof COMMENT_AUTHORS)[number];

/** A Zendesk id (users, custom fields, custom statuses): digits, given as a number or a string. */
function zendeskId(what: string) {
  return z
    .union([z.number().int().positive(), z.string().trim().regex(/^\d+$/, `must be the ${what}'s numeric id, e.g. 360001234567`)], {
      error: `must be the ${what}'s numeric id, e.g. 360001234567`,
    })
    .transform((v) => String(v));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const dueFieldSchema = z.strictObject({
  /** The custom ticket field's id (Admin Center → Objects and rules → Tickets → Fields). */
  id: zendeskId('custom ticket field').transform(Number),
  /**
   * `datetime` writes the ISO instant (for a text field); `date` writes YYYY-MM-DD, the only
   * value a Zendesk date field takes, as the date in `timezone`.
   */
  format: z.enum(['datetime', 'date'], { error: 'must be datetime (ISO instant, for a text field) or date (YYYY-MM-DD, for a date field)' }).default('datetime'),
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Berlin' })
    .default('UTC'),
});

const writeBackSchema = z.strictObject({
  /** The agent's email of the API user; requests authenticate as `<email>/token:<api_token>`. */
  email: z.string().trim().regex(/^[^\s@/]+@[^\s@/]+$/, 'must be the email address of the Zendesk agent the API token belongs to'),
  api_token: secretSchema,
});

export const zendeskConfigSchema = z.strictObject({
  /** The webhook's signing secret (Admin Center → Webhooks → the webhook → Reveal secret). */
  secret: secretSchema,
  /** The secret before a reset, accepted until removed, for rotation without downtime. */
  previous_secret: secretSchema.optional(),
  /** Signing secrets of further Zendesk webhooks posting to this URL (each webhook has its own). */
  additional_secrets: z.array(secretSchema).max(10).optional(),
  /** `acme` for https://acme.zendesk.com: ticket links and the API base. */
  subdomain: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i, 'must be the account subdomain, e.g. acme for https://acme.zendesk.com'),
  timestamp_tolerance_seconds: toleranceSchema,
  /** Zendesk status (or custom status label as a trigger renders it) → canonical status. */
  statuses: statusOverridesSchema,
  priorities: priorityOverridesSchema,
  /** Custom ticket status id → canonical status; wins over the status category events carry. */
  custom_statuses: z.record(z.string().regex(/^\d+$/, 'must be a custom ticket status id (digits)'), z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` })).optional(),
  /** Rendered `{{ticket.latest_comment.author.role}}` → agent or customer (trigger bodies). */
  comment_author_roles: z.record(z.string(), z.enum(COMMENT_AUTHORS, { error: 'must be agent or customer' })).optional(),
  /** The API user's id: events it caused (our own notes and field writes) are dropped. */
  api_user_id: zendeskId('API user').optional(),
  /** Credentials for write-back; without them no notes or due fields are written. */
  write_back: writeBackSchema.optional(),
  /** The custom field that receives the due instant; without it only notes are written. */
  due_field: dueFieldSchema.optional(),
});

export type ZendeskConfig = z.output<typeof zendeskConfigSchema>;
