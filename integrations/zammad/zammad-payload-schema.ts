/**
 * The default body of a Zammad trigger webhook, as `TriggerWebhookJob` builds it (verified
 * in the Zammad source and the admin docs "Webhook → Payload"): `{ ticket, article }`,
 * where `ticket` holds the ticket's attributes with its associations resolved to objects
 * (`owner`, `customer`, `organization`, `group`, `priority`, `created_by`, `updated_by`;
 * `{}` when unset) and `state` as the state's name, and `article` is the article the
 * trigger fired for, or `{}` when the update added none. Unknown keys are ignored.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { isoInstantSchema } from '../shared/instant-schema.js';
import { optionalText } from '../shared/optional-text.js';

const intId = () => z.number({ error: (iss) => `must be an integer id or null${gotText(iss.input)}` }).int().nullable().optional();

/** A resolved user association (`{}` when unset); only what names the user. */
const userSchema = z
  .object({ id: intId(), login: optionalText(), email: optionalText(), firstname: optionalText(), lastname: optionalText() })
  .nullable()
  .optional();

/** A resolved association with a name (group, organization, priority, state), or its name as text. */
const namedSchema = z
  .union([z.string(), z.object({ name: optionalText() })], { error: (iss) => `must be an object with a name, a string or null${gotText(iss.input)}` })
  .nullable()
  .optional()
  .transform((v) => (v === undefined || v === null ? null : typeof v === 'string' ? (v.trim() === '' ? null : v) : v.name));

export const zammadTicketSchema = z.object({
  id: z
    .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, { error: (iss) => `must be the numeric ticket id${gotText(iss.input)}` })], { error: (iss) => (iss.input === undefined ? 'required: the ticket id' : `must be the numeric ticket id${gotText(iss.input)}`) })
    .transform(String),
  number: z.union([z.string(), z.number()]).nullable().optional(),
  title: optionalText(),
  state: namedSchema,
  state_id: intId(),
  priority: namedSchema,
  priority_id: intId(),
  owner: userSchema,
  owner_id: intId(),
  customer: userSchema,
  group: namedSchema,
  organization: namedSchema,
  tags: z.array(z.string()).nullable().optional().transform((v) => v ?? []),
  created_at: isoInstantSchema(),
  updated_at: isoInstantSchema(),
  updated_by_id: intId(),
});

/** The article the trigger fired for; every key absent (`{}`) when the update added none. */
export const zammadArticleSchema = z
  .object({
    id: intId(),
    sender: optionalText(),
    sender_id: intId(),
    internal: z.boolean().nullable().optional(),
    type: optionalText(),
    created_at: isoInstantSchema().optional(),
    created_by_id: intId(),
  })
  .nullable()
  .optional();

export const zammadPayloadSchema = z.object({
  ticket: zammadTicketSchema,
  article: zammadArticleSchema,
});

export type ZammadPayload = z.output<typeof zammadPayloadSchema>;
export type ZammadUser = z.output<typeof userSchema>;
