/**
 * Optional text in a payload: a string, null or absent. Blank text counts as absent and
 * text is trimmed, because templating tools render empty placeholders as "" or " ".
 */
import { z } from 'zod';
import { gotText } from './field-errors.js';

export function optionalText() {
  return z
    .string({ error: (iss) => `must be a string or null${gotText(iss.input)}` })
    .nullable()
    .optional()
    .transform((v) => (v === undefined || v === null || v.trim() === '' ? null : v.trim()));
}
