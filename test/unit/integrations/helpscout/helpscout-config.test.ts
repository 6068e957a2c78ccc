/** The integrations.helpscout config block. */
import { describe, expect, it } from 'vitest';
import { helpscoutConfigSchema } from '../../../../integrations/helpscout/index.js';
import { parseFields } from '../../../../integrations/shared/field-errors.js';

const fieldsOf = (block: unknown) => {
  const r = parseFields(helpscoutConfigSchema, block);
  return r.ok ? [] : r.errors.map((e) => `${e.field}: ${e.message}`);
};

describe('helpscout config', () => {
  it('takes priority tags, mailboxes and a due field id', () => {
    expect(helpscoutConfigSchema.parse({ secret: 's', priority_tags: { urgent: ['p1'] }, mailboxes: { '85': 'Support' }, due_field: '77', app_id: 'a', app_secret: 'b' })).toMatchObject({
      priority_tags: { urgent: ['p1'] }, due_field: 77,
    });
  });

  it('names each bad key, and needs app_id and app_secret together', () => {
    expect(fieldsOf({ secret: 'x'.repeat(41), priority_tags: { critical: ['p0'] }, app_id: 'a' })).toEqual([
      'secret: must be at most 40 characters: Help Scout refuses longer webhook secrets',
      'priority_tags: unknown key critical',
      'app_secret: write-back needs both app_id and app_secret; set both or neither',
    ]);
    expect(fieldsOf({ secret: 's', app_id: 'a' })).toEqual(['app_secret: write-back needs both app_id and app_secret; set both or neither']);
  });
});
