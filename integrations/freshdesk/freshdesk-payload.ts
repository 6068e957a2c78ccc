/**
 * The body our Freshdesk automation rules post (README: one JSON template per rule, the
 * same fields, only `event` differs). Freshdesk renders every placeholder inside the quotes
 * as text, and an unknown or empty placeholder as `""`, so ids and numbers may arrive as
 * strings and `""` means "none". Unknown keys are ignored: admins may add their own.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { optionalText } from '../shared/optional-text.js';

/** What happened, set as a constant in each rule's template. */
export const FRESHDESK_EVENTS = ['ticket_created', 'ticket_updated', 'agent_reply', 'customer_reply', 'note_added', 'ticket_deleted'] as const;
export type FreshdeskEvent = (typeof FRESHDESK_EVENTS)[number];

/** A status or priority: a label (`Open`, `High`) or Freshdesk's number (`2`, `"3"`). */
function codeOrLabel(what: string) {
  return z
    .union([z.string().trim().min(1), z.number().int()], {
      error: (iss) => (iss.input === undefined ? `required: the ticket's ${what}, e.g. "{{ticket.${what}}}"` : `must be a ${what} label or number${gotText(iss.input)}`),
    })
    .transform(String);
}

/** A rendered date, parsed later with the configured time zone. */
function renderedDate(placeholder: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `required: "{{${placeholder}}}"` : `must be a date string${gotText(iss.input)}`) })
    .trim()
    .min(1, `must not be empty; set it to "{{${placeholder}}}"`);
}

export const freshdeskPayloadSchema = z.object({
  event: z.enum(FRESHDESK_EVENTS),
  ticket_id: z
    .union([z.string().trim().regex(/^\d{1,15}$/, 'must be the ticket number, e.g. "{{ticket.id}}"'), z.number().int().positive()], {
      error: (iss) => (iss.input === undefined ? 'required: "{{ticket.id}}"' : undefined),
    })
    .transform(String),
  status: codeOrLabel('status'),
  priority: codeOrLabel('priority'),
  created_at: renderedDate('ticket.created_on'),
  updated_at: renderedDate('ticket.modified_on'),
  subject: optionalText(),
  url: optionalText(),
  group: optionalText(),
  company: optionalText(),
  agent: optionalText(),
  requester: optionalText(),
  /** `{{ticket.tags}}` renders `vip, billing`; an array is fine too. */
  tags: z
    .union([z.string(), z.array(z.string()), z.null()], { error: (iss) => `must be comma-separated text or an array of strings${gotText(iss.input)}` })
    .optional()
    .transform((v) => (v === undefined || v === null ? [] : (typeof v === 'string' ? v.split(',') : v).map((t) => t.trim()).filter((t) => t !== ''))),
  /** Extra fields for policy matching, e.g. `"fields": {"plan": "{{ticket.cf_plan}}"}`. */
  fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullable()
    .optional()
    .transform((v) => v ?? {}),
});

export type FreshdeskPayload = z.output<typeof freshdeskPayloadSchema>;
