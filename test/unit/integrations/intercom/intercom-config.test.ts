/** The integrations.intercom config block. */
import { describe, expect, it } from 'vitest';
import { intercomConfigSchema } from '../../../../integrations/intercom/index.js';
import { parseFields } from '../../../../integrations/shared/field-errors.js';

const fieldsOf = (block: unknown) => {
  const r = parseFields(intercomConfigSchema, block);
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('intercom config', () => {
  it('normalizes admin ids and URLs', () => {
    expect(intercomConfigSchema.parse({ secret: 's', admin_id: 814860, ignore_admin_ids: ['5'], api_url: 'https://api.eu.intercom.io/' })).toMatchObject({
      admin_id: '814860', ignore_admin_ids: ['5'], api_url: 'https://api.eu.intercom.io',
    });
  });

  it('names each bad key', () => {
    expect(fieldsOf({ secret: '', statuses: { snoozed: 'waiting' }, api_version: 'v2', due_field_format: 'date', client_secret: 'x' })).toEqual([
      expect.stringMatching(/^secret: must not be empty/),
      'statuses.snoozed: must be one of new, open, pending, on_hold, solved, closed',
      'api_version: must be an Intercom API version such as 2.11',
      expect.stringMatching(/^due_field_format: /),
      '(root): unknown key client_secret',
    ]);
  });
});
