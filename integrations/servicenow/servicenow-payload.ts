/**
 * The body our ServiceNow business rule posts (README has the script). Values come from
 * `GlideRecord.getValue` (choice values as strings: state `"2"`, priority `"3"`; dates
 * `yyyy-MM-dd HH:mm:ss` in UTC) and `getDisplayValue` for references (names, not sys_ids).
 * `getValue` answers null for an empty field, so null and `""` both mean none. Unknown keys
 * are ignored: admins may add their own.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { optionalText } from '../shared/optional-text.js';

export const SERVICENOW_EVENTS = ['created', 'updated', 'deleted'] as const;

/** A choice value (`"2"`) or label (`In Progress`), as text. */
function choice(column: string) {
  return z
    .union([z.string().trim().min(1), z.number().int()], {
      error: (iss) => (iss.input === undefined ? `required: current.getValue('${column}')` : `must be a ${column} value or label${gotText(iss.input)}`),
    })
    .transform(String);
}

function optionalChoice() {
  return z
    .union([z.string(), z.number().int(), z.null()], { error: (iss) => `must be a choice value, "" or null${gotText(iss.input)}` })
    .optional()
    .transform((v) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v).trim()));
}

function glideDate(column: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `required: current.getValue('${column}')` : `must be a date string${gotText(iss.input)}`) })
    .trim()
    .min(1, `must not be empty; send current.getValue('${column}')`);
}

export const servicenowCommentSchema = z.object({
  /** `comments` = Additional comments (the caller sees them), `work_notes` = internal. */
  type: z.enum(['comments', 'work_notes']),
  /** `gs.getUserName()` of who wrote it. */
  author: optionalText(),
  /** The writer is the incident's caller. */
  author_is_caller: z.boolean(),
  /** The writer has the agent role the script checks (`itil`). */
  author_is_agent: z.boolean(),
});

export const servicenowPayloadSchema = z.object({
  event: z.enum(SERVICENOW_EVENTS).optional().transform((v) => v ?? 'updated'),
  sys_id: z.string({ error: (iss) => (iss.input === undefined ? 'required: current.getUniqueValue()' : undefined) }).trim().regex(/^[0-9a-f]{32}$/, 'must be the 32-hex-digit sys_id of the incident'),
  number: z.string({ error: (iss) => (iss.input === undefined ? "required: current.getValue('number')" : undefined) }).trim().min(1).max(40),
  state: choice('state'),
  hold_reason: optionalChoice(),
  priority: choice('priority'),
  impact: optionalChoice(),
  urgency: optionalChoice(),
  short_description: optionalText(),
  assigned_to: optionalText(),
  assignment_group: optionalText(),
  caller_id: optionalText(),
  company: optionalText(),
  opened_at: glideDate('opened_at'),
  sys_updated_on: glideDate('sys_updated_on'),
  sys_updated_by: optionalText(),
  /** Increases with every update of the record: with sys_id it names one change. */
  sys_mod_count: z
    .union([z.string().trim().regex(/^\d{1,12}$/, 'must be a whole number'), z.number().int().min(0)], {
      error: (iss) => (iss.input === undefined ? "required: current.getValue('sys_mod_count')" : undefined),
    })
    .transform(Number),
  comment: servicenowCommentSchema.nullable().optional().transform((v) => v ?? null),
});

export type ServicenowPayload = z.output<typeof servicenowPayloadSchema>;
