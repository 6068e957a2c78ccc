/**
 * The generic source's event, as DESIGN.md "The generic source" defines it, validated and
 * mapped to a `TicketEvent`. Unknown keys are ignored (senders add their own), but a known
 * key with the wrong type is an error. `null` and absence mean the same for optional keys,
 * and an empty string means "none" for optional text: templating tools render empty
 * placeholders as `""`.
 */
import { z } from 'zod';
import { TICKET_STATUSES, type TicketEvent } from '../../src/events.js';
import { gotText } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { optionalText } from '../shared/optional-text.js';

/** The `source` of every event this integration produces. */
export const GENERIC_SOURCE = 'generic';

/** Optional link shown to agents: only http(s), so a `javascript:` URL never reaches the board. */
function optionalHttpUrl() {
  return optionalText().transform((v, ctx) => {
    if (v === null || isHttpUrl(v)) return v;
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, e.g. https://help.example.com/T-42${gotText(v)}`, input: v });
    return z.NEVER;
  });
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const ticketSchema = z.object({
  // Without the message, a missing id would read "a string or a number" but 1.5 is refused.
  id: z
    .union([z.string().min(1).max(200), z.number().int()], { error: (iss) => (iss.input === undefined ? 'required: a string or an integer' : undefined) })
    .transform(String),
  status: z.enum(TICKET_STATUSES),
  priority: z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' ? null : String(v))),
  created_at: isoInstantSchema(),
  subject: optionalText(),
  url: optionalHttpUrl(),
  group: optionalText(),
  organization: optionalText(),
  assignee: optionalText(),
  requester: optionalText(),
  tags: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
});

const commentSchema = z.object({
  author: z.enum(['agent', 'customer']),
  public: z.boolean(),
});

/** One generic event → its `TicketEvent`. */
export const genericEventSchema = z
  .object({
    event_id: z.string().min(1).max(200),
    occurred_at: isoInstantSchema(),
    ticket: ticketSchema,
    comment: commentSchema.nullable().optional(),
    deleted: z.boolean().nullable().optional(),
  })
  .transform((e): TicketEvent => {
    const t = e.ticket;
    return {
      source: GENERIC_SOURCE,
      eventId: e.event_id,
      occurredAt: e.occurred_at,
      ticket: {
        id: t.id,
        status: t.status,
        priority: t.priority,
        createdAt: t.created_at,
        subject: t.subject,
        url: t.url,
        tags: t.tags,
        group: t.group,
        organization: t.organization,
        assignee: t.assignee,
        requester: t.requester,
        fields: t.fields,
      },
      ...(e.comment ? { comment: { author: e.comment.author, public: e.comment.public } } : {}),
      ...(e.deleted !== undefined && e.deleted !== null ? { deleted: e.deleted } : {}),
    };
  });
