/**
 * The parts of a Jira Cloud webhook body this integration reads, validated with zod so
 * every bad field is named with its JSON path. Unknown keys are ignored (a site's custom
 * fields, apps' additions); `issue.fields` keeps them, for `fields`, `group_field` and
 * `organization_field`.
 *
 * Shapes checked against Atlassian's webhook documentation and its published example
 * (`timestamp` in epoch ms, `webhookEvent`, `issue_event_type_name`, `user`, `issue` with
 * `id`, `self`, `key`, `fields.{status.{name, statusCategory.key}, priority.name, created,
 * summary, labels, assignee, reporter, project, issuetype}`, `changelog.items[]`, `comment`
 * with `author.{accountId, accountType, displayName}`, `updateAuthor`, `jsdPublic`,
 * `visibility`, `properties`). The changelog is not read: every event carries the issue as
 * it is after the change and the core derives what changed.
 */
import { z } from 'zod';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { instantFromEpoch } from '../shared/instant.js';
import { gotText } from '../shared/field-errors.js';
import { optionalText } from '../shared/optional-text.js';

/** Ids Jira sends as strings (`"10001"`); an integer is taken too. */
function idSchema() {
  return z
    .union([z.string().min(1).max(200), z.number().int()], { error: (iss) => (iss.input === undefined ? 'required: a string or an integer' : undefined) })
    .transform(String);
}

/** A Jira user as webhooks embed it (`accountType`: atlassian, app or customer). */
const userSchema = z
  .object({
    accountId: z.string().optional(),
    accountType: z.string().optional(),
    displayName: optionalText(),
    emailAddress: optionalText(),
  })
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export type JiraUser = NonNullable<z.output<typeof userSchema>>;

/** `timestamp`: when Jira raised the event, in epoch milliseconds. */
const epochMsSchema = z
  .number({ error: (iss) => (iss.input === undefined ? 'required: epoch milliseconds, e.g. 1795510800000' : `must be epoch milliseconds, e.g. 1795510800000${gotText(iss.input)}`) })
  .transform((n, ctx) => {
    const ms = instantFromEpoch(n, 'ms');
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be epoch milliseconds, e.g. 1795510800000${gotText(n)}`, input: n });
      return z.NEVER;
    }
    return ms;
  });

/** What every delivery carries: enough to decide whether the event concerns us. */
export const jiraEnvelopeSchema = z.object({
  timestamp: epochMsSchema,
  webhookEvent: z.string().min(1),
  issue_event_type_name: z.string().optional(),
  user: userSchema,
});

const statusSchema = z.object({
  name: z.string().min(1),
  statusCategory: z.object({ key: z.string() }).nullable().optional(),
});

const issueFieldsSchema = z.looseObject({
  status: statusSchema,
  priority: z.object({ name: z.string().min(1) }).nullable().optional(),
  // Required by the normalizer for every event it keeps; optional here so the message can say why.
  created: isoInstantSchema().optional(),
  summary: optionalText(),
  labels: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
  assignee: userSchema,
  reporter: userSchema,
  project: z.object({ key: z.string().min(1), name: z.string().optional() }).nullable().optional(),
  issuetype: z.object({ name: z.string().min(1) }).nullable().optional(),
});

const issueSchema = z.object({
  id: idSchema(),
  key: z.string().min(1).max(200),
  self: z.string().optional(),
  fields: issueFieldsSchema,
});

const commentSchema = z.object({
  id: idSchema(),
  author: userSchema,
  updateAuthor: userSchema,
  /** JSM: shared with the customer (true) or internal (false); absent outside JSM. */
  jsdPublic: z.boolean().optional(),
  /** Restricted to a role or group: not public. */
  visibility: z.object({ type: z.string().optional(), value: z.string().optional() }).nullable().optional(),
  properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
});

export type JiraComment = z.output<typeof commentSchema>;

/** A delivery about an issue (issue and comment events). */
export const jiraIssueEventSchema = jiraEnvelopeSchema.extend({
  issue: issueSchema,
  comment: commentSchema.nullable().optional().transform((v) => v ?? undefined),
});

export type JiraIssueEvent = z.output<typeof jiraIssueEventSchema>;
