/**
 * Intercom webhook notifications (Webhooks → Webhook Models): the envelope
 * `{ type: "notification_event", id: "notif_…", topic, app_id, created_at, data: { item } }`
 * and, for conversation topics, the Conversation model as `item` (instants in epoch
 * seconds). `conversation.deleted` sends a minimal item (its id). Only what the SLA reads is
 * checked; unknown keys are ignored.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { instantFromEpoch } from '../shared/instant.js';
import { optionalText } from '../shared/optional-text.js';

/** An id Intercom sends as a string (sometimes a number), kept as text; `null`, `""` and `0` mean none. */
const optionalId = () =>
  z
    .union([z.string(), z.number().int()], { error: (iss) => `must be an id (string or integer) or null${gotText(iss.input)}` })
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v === '' || v === 0 || v === '0' ? null : String(v)));

/** Epoch seconds → epoch ms. */
export function epochSeconds() {
  const help = 'epoch seconds, e.g. 1795510800';
  return z.number({ error: (iss) => (iss.input === undefined ? `required: ${help}` : `must be ${help}${gotText(iss.input)}`) }).transform((s, ctx) => {
    const ms = instantFromEpoch(s, 's');
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be ${help}${gotText(s)}`, input: s });
      return z.NEVER;
    }
    return ms;
  });
}

/** Epoch seconds → epoch ms, or null/absent. */
const optionalEpochSeconds = () => epochSeconds().nullable().optional();

const authorSchema = z
  .object({ type: optionalText(), id: optionalId(), name: optionalText(), email: optionalText() })
  .nullable()
  .optional();

const partSchema = z.object({
  id: optionalId(),
  part_type: optionalText(),
  body: optionalText(),
  created_at: optionalEpochSeconds(),
  author: authorSchema,
});

const contactSchema = z.object({ id: optionalId(), email: optionalText(), external_id: optionalText(), name: optionalText() });

export const intercomConversationSchema = z.object({
  id: z
    .union([z.string().min(1).max(200), z.number().int()], { error: (iss) => (iss.input === undefined ? 'required: the conversation id' : `must be the conversation id${gotText(iss.input)}`) })
    .transform(String),
  created_at: epochSeconds(),
  updated_at: optionalEpochSeconds(),
  title: optionalText(),
  state: optionalText(),
  open: z.boolean().nullable().optional(),
  snoozed_until: optionalEpochSeconds(),
  priority: optionalText(),
  admin_assignee_id: optionalId(),
  team_assignee_id: optionalId(),
  assignee: authorSchema,
  source: z.object({ subject: optionalText(), author: authorSchema }).nullable().optional(),
  contacts: z
    .union([z.object({ contacts: z.array(contactSchema).nullable().optional() }), z.array(contactSchema)])
    .nullable()
    .optional(),
  tags: z.object({ tags: z.array(z.object({ name: optionalText() })).nullable().optional() }).nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
  conversation_parts: z.object({ conversation_parts: z.array(partSchema).nullable().optional() }).nullable().optional(),
});

/** The envelope; `data.item` is checked by the topic's own schema. */
export const intercomNotificationSchema = z.object({
  type: z.literal('notification_event', { error: (iss) => `must be notification_event${gotText(iss.input)}` }),
  id: z.string({ error: (iss) => (iss.input === undefined ? 'required: the notification id' : `must be a string${gotText(iss.input)}`) }).min(1).max(200),
  topic: z.string({ error: (iss) => (iss.input === undefined ? 'required: the topic' : `must be a string${gotText(iss.input)}`) }).min(1),
  app_id: optionalText(),
  created_at: optionalEpochSeconds(),
  data: z.object({ item: z.unknown() }),
});

/** `conversation.deleted`: only identifying fields. */
export const intercomDeletedItemSchema = z.object({
  id: z.union([z.string().min(1).max(200), z.number().int()], { error: (iss) => (iss.input === undefined ? 'required: the conversation id' : `must be the conversation id${gotText(iss.input)}`) }).transform(String),
});

export type IntercomNotification = z.output<typeof intercomNotificationSchema>;
export type IntercomConversation = z.output<typeof intercomConversationSchema>;
export type IntercomPart = z.output<typeof partSchema>;
export type IntercomAuthor = z.output<typeof authorSchema>;
