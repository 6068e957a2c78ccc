/** A zod schema for instants in payloads: an ISO 8601 date-time with a zone, parsed to epoch ms. */
import { z } from 'zod';
import { gotText } from './field-errors.js';
import { parseIsoInstant } from './instant.js';

const HELP = 'an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z';

/** ISO 8601 text with a zone → epoch ms; the message says the accepted form and what was sent. */
export function isoInstantSchema() {
  return z
    .string({ error: (iss) => (iss.input === undefined ? `required: ${HELP}` : `must be ${HELP}${gotText(iss.input)}`) })
    .transform((text, ctx) => {
      const ms = parseIsoInstant(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be ${HELP}${gotText(text)}`, input: text });
        return z.NEVER;
      }
      return ms;
    });
}
