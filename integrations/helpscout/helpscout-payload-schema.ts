/**
 * The Help Scout webhook body: a Mailbox API 2.0 conversation (Webhooks docs: "v2
 * Conversation object"), or `{ id }` for `convo.deleted`. Only what the SLA reads is
 * checked; unknown keys are ignored. Whether `_embedded.threads` is present in webhook
 * bodies is not settled by the docs (integrations disagree), so threads are optional and
 * used when present: they give reply events their thread id and instant.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { optionalText } from '../shared/optional-text.js';

/** A numeric Help Scout id (sent as a number), kept as text. */
export function idSchema(what: string) {
  return z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, { error: (iss) => `must be the numeric ${what}${gotText(iss.input)}` })], {
      error: (iss) => (iss.input === undefined ? `required: the ${what}` : `must be the numeric ${what}${gotText(iss.input)}`),
    })
    .transform(String);
}

const optionalInstant = () => isoInstantSchema().nullable().optional();

const personSchema = z
  .object({ id: z.number().int().nullable().optional(), first: optionalText(), last: optionalText(), email: optionalText(), type: optionalText() })
  .nullable()
  .optional();

const threadSchema = z.object({
  id: idSchema('thread id'),
  type: optionalText(),
  createdAt: isoInstantSchema(),
  createdBy: personSchema,
});

const tagSchema = z.union([z.string(), z.object({ tag: optionalText(), name: optionalText() })], {
  error: (iss) => `must be a tag object { tag } or a string${gotText(iss.input)}`,
});

const customFieldSchema = z.object({
  id: z.number().int().nullable().optional(),
  name: optionalText(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  text: optionalText(),
});

export const helpscoutConversationSchema = z.object({
  id: idSchema('conversation id'),
  number: z.number().int().nullable().optional(),
  subject: optionalText(),
  status: z.string({ error: (iss) => (iss.input === undefined ? 'required: the conversation status (active, pending, closed or spam)' : `must be a string${gotText(iss.input)}`) }),
  state: optionalText(),
  mailboxId: z.number().int().nullable().optional(),
  assignee: personSchema,
  primaryCustomer: personSchema,
  createdAt: isoInstantSchema(),
  updatedAt: optionalInstant(),
  userUpdatedAt: optionalInstant(),
  closedAt: optionalInstant(),
  customerWaitingSince: z.object({ time: optionalInstant() }).nullable().optional(),
  tags: z.array(tagSchema).nullable().optional(),
  customFields: z.array(customFieldSchema).nullable().optional(),
  _embedded: z.object({ threads: z.array(threadSchema).nullable().optional() }).nullable().optional(),
  _links: z.object({ web: z.object({ href: optionalText() }).nullable().optional() }).nullable().optional(),
});

/** `convo.deleted` sends only the id of the conversation that was deleted. */
export const helpscoutDeletedSchema = z.object({ id: idSchema('conversation id') });

export type HelpscoutConversation = z.output<typeof helpscoutConversationSchema>;
export type HelpscoutThread = z.output<typeof threadSchema>;
export type HelpscoutPerson = z.output<typeof personSchema>;
