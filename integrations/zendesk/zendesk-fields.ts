/**
 * zod pieces for Zendesk payloads. Trigger bodies are written by an admin with placeholders,
 * which always render text (`"true"`, `"123"`, `""` for an empty placeholder), while event
 * payloads carry JSON types, ids as strings and `""`/`"0"` for "none": each piece accepts
 * both and normalises to one form.
 */
import { z } from 'zod';
import { gotText } from '../shared/field-errors.js';
import { optionalText } from '../shared/optional-text.js';

/** A required Zendesk ticket id: digits as a string or an integer → string. */
export function ticketIdSchema() {
  return z
    .union([z.string().trim().regex(/^\d{1,20}$/, { error: (iss) => `must be the ticket id (digits)${gotText(iss.input)}` }), z.number().int().nonnegative()], {
      error: (iss) => (iss.input === undefined ? 'required: the ticket id (digits)' : `must be the ticket id (digits)${gotText(iss.input)}`),
    })
    .transform(String);
}

/** An optional id (user, group, organization): `""`, `"0"`, 0 and null mean none. */
export function optionalIdSchema() {
  return z
    .union([z.string(), z.number().int(), z.null()], { error: (iss) => `must be an id (digits) or null${gotText(iss.input)}` })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return null;
      const text = String(v).trim();
      if (text === '' || text === '0') return null;
      if (!/^-?\d{1,20}$/.test(text)) {
        ctx.addIssue({ code: 'custom', message: `must be an id (digits) or null${gotText(v)}`, input: v });
        return z.NEVER;
      }
      return text;
    });
}

/** true/false, or their text as placeholders render them; blank is absent. */
export function optionalBoolean() {
  return z
    .union([z.boolean(), z.string(), z.null()], { error: (iss) => `must be true or false${gotText(iss.input)}` })
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'boolean') return v;
      const text = v.trim().toLowerCase();
      if (text === '') return undefined;
      if (text === 'true') return true;
      if (text === 'false') return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false${gotText(v)}`, input: v });
      return z.NEVER;
    });
}

/** Tags as an array, or as `{{ticket.tags}}` renders them: one string, space-separated. */
export function tagsSchema() {
  return z
    .union([z.array(z.string()), z.string(), z.null()], { error: (iss) => `must be an array of tags or a space-separated string${gotText(iss.input)}` })
    .optional()
    .transform((v) => {
      if (v === undefined || v === null) return [];
      const list = Array.isArray(v) ? v : v.split(/\s+/);
      return [...new Set(list.map((t) => t.trim()).filter((t) => t !== ''))];
    });
}

/** Custom fields for policy matching: `{ "Plan": "{{ticket.ticket_field_123}}" }`. */
export function fieldsSchema() {
  return z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullable()
    .optional()
    .transform((v) => v ?? {});
}

/** An http(s) link, adding `https://` to a bare `host/path`; anything else is dropped (null). */
export function linkOrNull(text: string | null): string | null {
  if (text === null) return null;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : /^[\w.-]+\.[a-z]{2,}(?:[/:?#]|$)/i.test(text) ? `https://${text}` : '';
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A required true/false (JSON boolean, or its text). */
export function requiredBoolean() {
  return optionalBoolean().transform((v, ctx) => {
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: 'required: true or false', input: v });
      return z.NEVER;
    }
    return v;
  });
}
