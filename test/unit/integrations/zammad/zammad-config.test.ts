/** The integrations.zammad config block. */
import { describe, expect, it } from 'vitest';
import { parseFields } from '../../../../integrations/shared/field-errors.js';
import { zammadConfigSchema } from '../../../../integrations/zammad/index.js';

const fieldsOf = (block: unknown) => {
  const r = parseFields(zammadConfigSchema, block);
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('zammad config', () => {
  it('normalizes the base URL and user ids', () => {
    expect(zammadConfigSchema.parse({ secret: 's', base_url: 'https://support.example.com/', ignore_user_ids: ['14', 15] })).toMatchObject({
      base_url: 'https://support.example.com', ignore_user_ids: [14, 15],
    });
  });

  it('names each bad key', () => {
    expect(fieldsOf({ base_url: 'support.example.com', statuses: { new: 'fresh' }, due_field: 'SLA Due', token: 'x' })).toEqual([
      'secret: required: a string',
      expect.stringMatching(/^base_url: must be the http\(s\) URL of the Zammad instance/),
      'statuses.new: must be one of new, open, pending, on_hold, solved, closed',
      expect.stringMatching(/^due_field: must be the attribute name/),
      '(root): unknown key token',
    ]);
  });
});
