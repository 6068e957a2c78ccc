import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatFieldPath, parseFields } from '../../../integrations/shared/field-errors.js';
import { isoInstantSchema } from '../../../integrations/shared/instant-schema.js';

describe('formatFieldPath', () => {
  it.each<[PropertyKey[], string]>([
    [[], '(root)'],
    [['ticket', 'created_at'], 'ticket.created_at'],
    [[2, 'ticket', 'status'], '[2].ticket.status'],
    [['tags', 0], 'tags[0]'],
    [['fields', 'Due date'], 'fields["Due date"]'],
    [['fields', 'a.b'], 'fields["a.b"]'],
    [['fields', '1st'], 'fields["1st"]'],
  ])('%j → %s', (path, text) => {
    expect(formatFieldPath(path)).toBe(text);
  });
});

describe('parseFields', () => {
  const schema = z.object({
    name: z.string().min(1),
    count: z.number().int().min(0).max(10),
    kind: z.enum(['a', 'b']),
    list: z.array(z.string()).min(1).max(2),
    when: isoInstantSchema(),
    either: z.union([z.string(), z.number()]).optional(),
    custom: z.string({ error: 'must be the customer name' }).optional(),
  });

  it('returns the data when valid', () => {
    const r = parseFields(schema, { name: 'n', count: 3, kind: 'a', list: ['x'], when: '2026-11-24T09:00:00Z' });
    expect(r).toEqual({ ok: true, data: { name: 'n', count: 3, kind: 'a', list: ['x'], when: Date.UTC(2026, 10, 24, 9) } });
  });

  it('says what is valid for every issue, and keeps messages the schema sets', () => {
    const r = parseFields(schema, { name: '', count: 11.5, kind: 'c', list: [], when: 'x', either: false, custom: 1 });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: 'name', message: 'must not be empty' },
        { field: 'count', message: 'must be an integer; got 11.5' },
        { field: 'kind', message: 'must be one of a, b; got "c"' },
        { field: 'list', message: 'must have at least 1 item' },
        { field: 'when', message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T09:00:00Z; got "x"' },
        { field: 'either', message: 'must be a string or a number; got false' },
        { field: 'custom', message: 'must be the customer name' },
      ],
    });
    const more = parseFields(schema, { name: 'n', count: -1, kind: 'a', list: ['a', 'b', 'c'], when: '2026-11-24T09:00:00Z' });
    expect(more.ok ? [] : more.errors).toEqual([
      { field: 'count', message: 'must be at least 0' },
      { field: 'list', message: 'must have at most 2 items' },
    ]);
  });
});
