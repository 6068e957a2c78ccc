/**
 * The `integrations.jira` block of the config.
 *
 * Jira Cloud signs admin webhooks that have a secret (`X-Hub-Signature`), but signs no
 * timestamp of its own, so there is no `timestamp_tolerance_seconds` here: replays and
 * retries (up to 30 minutes late) are absorbed by the dedupe key instead.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from '../../src/events.js';
import { priorityOverridesSchema, secretSchema, statusOverridesSchema } from '../shared/mapping-config.js';

/** Jira's status categories (`issue.fields.status.statusCategory.key`); `undefined` is "No category". */
export const STATUS_CATEGORY_KEYS = ['new', 'indeterminate', 'done'] as const;

/** Where internal notes go: the JSM request API (plain text) or the platform issue API (ADF). */
export const COMMENT_APIS = ['servicedesk', 'platform'] as const;
export type CommentApi = (typeof COMMENT_APIS)[number];

const FIELD_ID_RE = /^(customfield_\d+|[a-z][A-Za-z]*)$/;

/** A Jira field id as the REST API names it: `customfield_10060`, `duedate`, `components`. */
const fieldIdSchema = z
  .string()
  .regex(FIELD_ID_RE, 'must be a Jira field id such as customfield_10060 or components (GET /rest/api/3/field lists them), not the field name');

/** The site URL: `https://acme.atlassian.net` (no trailing slash kept). */
const baseUrlSchema = z
  .string()
  .min(1, 'must not be empty; give the site URL, e.g. https://acme.atlassian.net')
  .transform((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be the site URL, e.g. https://acme.atlassian.net; got ${JSON.stringify(text)}`, input: text });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, e.g. https://acme.atlassian.net; got ${JSON.stringify(text)}`, input: text });
      return z.NEVER;
    }
    if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must be the plain site URL without credentials, query or fragment, e.g. https://acme.atlassian.net', input: text });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

export const jiraConfigSchema = z
  .strictObject({
    /** The secret set on the Jira admin webhook (Jira signs every delivery with it). */
    secret: secretSchema,
    /** The secret before a rotation; accepted too until removed. */
    previous_secret: secretSchema.optional(),
    /** The site, e.g. `https://acme.atlassian.net`: ticket links and write-backs use it. */
    base_url: baseUrlSchema,
    /** Status name → canonical status; wins over the defaults and over the status category. */
    statuses: statusOverridesSchema,
    /** Status category key (`new`, `indeterminate`, `done`) → canonical status, for names not in the tables. */
    status_categories: z
      .partialRecord(z.enum(STATUS_CATEGORY_KEYS), z.enum(TICKET_STATUSES, { error: `must be one of ${TICKET_STATUSES.join(', ')}` }))
      .optional(),
    /** Priority name → canonical priority; wins over the defaults. */
    priorities: priorityOverridesSchema,
    /** The issue's reporter counts as the customer (default true; JSM "raise on behalf" sets it). */
    reporter_is_customer: z.boolean().optional(),
    /** JSM "Request participants" field id: participants' comments count as the customer's too. */
    request_participants_field: fieldIdSchema.optional(),
    /** JSM "Organizations" field id (a custom field, often customfield_10002): the first one is the ticket's organization. */
    organization_field: fieldIdSchema.optional(),
    /** Field whose value is the ticket's group for policy matching (default `project`: the project name). */
    group_field: fieldIdSchema.optional(),
    /** Extra fields for policy matching: name used in the config → Jira field id. */
    fields: z.record(z.string().min(1), fieldIdSchema).optional(),
    /** The Atlassian account email of the API user that writes back. */
    email: z.string().min(1, 'must not be empty; the email of the Atlassian account the API token belongs to').optional(),
    /** Its API token (id.atlassian.com → Security → API tokens). */
    api_token: secretSchema.optional(),
    /** The API user's accountId: events it caused (our own notes and due dates) are dropped. */
    api_user_account_id: z.string().min(1).optional(),
    /** Where internal notes are written (default `servicedesk`). */
    comment_api: z.enum(COMMENT_APIS).optional(),
    /** Field id that receives the due instant: a Date Time custom field, or `duedate` (date only, UTC). */
    due_field: fieldIdSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.email === undefined) !== (c.api_token === undefined)) {
      const missing = c.email === undefined ? 'email' : 'api_token';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'write-back needs both email and api_token; set both or neither' });
    }
  });

export type JiraConfig = z.output<typeof jiraConfigSchema>;
