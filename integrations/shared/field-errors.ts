/**
 * Payload validation problems as the webhook answers them: one `FieldError` per bad field,
 * with the JSON path of the field (`[2].ticket.status`, `ticket.created_at`) and a message
 * that says what would be valid. Integrations validate with zod and call `parseFields`.
 */
import { z } from 'zod';
import type { FieldError } from '../integration.js';

/** The path shown for a problem with the payload as a whole. */
export const ROOT_FIELD = '(root)';

export type ParseFieldsResult<T> = { ok: true; data: T } | { ok: false; errors: FieldError[] };

/**
 * Validates `input` with `schema`, naming every bad field. Messages a schema sets itself
 * (`{ error: '…' }`, custom issues) win; every other issue gets `describeIssue`'s text.
 */
export function parseFields<S extends z.ZodType>(schema: S, input: unknown): ParseFieldsResult<z.output<S>> {
  const result = schema.safeParse(input, { error: describeIssue });
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrorsFromZod(result.error) };
}

/** One `FieldError` per zod issue, in payload order. */
export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ field: formatFieldPath(issue.path), message: issue.message }));
}

/** `[2, 'ticket', 'status']` → `[2].ticket.status`; odd keys are quoted: `fields["Due date"]`. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out === '' ? ROOT_FIELD : out;
}

/**
 * A zod error map whose messages say what is valid and what was sent, e.g.
 * `must be one of new, open, pending; got "opne"` or `required: a string`.
 */
export const describeIssue: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined ? `required: ${expectedText(iss.expected)}` : `must be ${expectedText(iss.expected)}${gotText(iss.input)}`;
    case 'invalid_union': {
      // Every branch failed on the type: say which types would do. Otherwise zod already
      // reported the branch whose type matched, so this only happens for exotic unions.
      const expected = iss.errors.map((branch) => (branch.length === 1 && branch[0]?.code === 'invalid_type' ? branch[0].expected : undefined));
      if (expected.every((e) => e !== undefined)) {
        const text = orList([...new Set(expected.map(expectedText))]);
        return iss.input === undefined ? `required: ${text}` : `must be ${text}${gotText(iss.input)}`;
      }
      return `does not match any allowed form${gotText(iss.input)}`;
    }
    case 'invalid_value': {
      const text = iss.values.length === 1 ? String(iss.values[0]) : `one of ${iss.values.map(String).join(', ')}`;
      return iss.input === undefined ? `required: ${text}` : `must be ${text}${gotText(iss.input)}`;
    }
    case 'too_small':
      return sizeText(iss.origin, 'least', Number(iss.minimum), iss.inclusive !== false);
    case 'too_big':
      return sizeText(iss.origin, 'most', Number(iss.maximum), iss.inclusive !== false);
    case 'invalid_format':
      return `must be a valid ${iss.format}${gotText(iss.input)}`;
    case 'unrecognized_keys':
      return `unknown ${iss.keys.length === 1 ? 'key' : 'keys'} ${iss.keys.join(', ')}`;
    case 'invalid_key':
      return `has an invalid key${gotText(iss.input)}`;
    default:
      return undefined;
  }
};

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
  record: 'an object',
  date: 'a date',
};

/** `a, b or c`: reads as one choice even when an item has an "or" of its own. */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function expectedText(expected: string | undefined): string {
  return EXPECTED[expected ?? ''] ?? expected ?? 'a value';
}

function sizeText(origin: string, bound: 'least' | 'most', n: number, inclusive: boolean): string {
  if (origin === 'string') {
    if (bound === 'least' && n === 1) return 'must not be empty';
    return `must be at ${bound} ${n} characters long`;
  }
  if (origin === 'array' || origin === 'set') {
    if (bound === 'least' && n === 1) return 'must have at least 1 item';
    return `must have at ${bound} ${n} items`;
  }
  const word = bound === 'least' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  return `must be ${word} ${n}`;
}

/** `; got "opne"` — short, so an error body never echoes a large payload back. */
export function gotText(input: unknown): string {
  if (input === undefined) return '';
  if (input === null) return '; got null';
  if (Array.isArray(input)) return '; got an array';
  if (typeof input === 'string') return `; got ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  if (typeof input === 'object') return '; got an object';
  if (typeof input === 'number' || typeof input === 'boolean') return `; got ${String(input)}`;
  return `; got a ${typeof input}`;
}
