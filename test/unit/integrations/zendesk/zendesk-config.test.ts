/** The `integrations.zendesk` config block. */
import { describe, expect, it } from 'vitest';
import { parseFields } from '../../../../integrations/shared/field-errors.js';
import { zendeskConfigSchema, zendeskIntegration } from '../../../../integrations/zendesk/index.js';

const minimal = { secret: 's3cret', subdomain: 'acme' };
const errors = (block: unknown) => {
  const r = parseFields(zendeskConfigSchema, block);
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

describe('Zendesk config', () => {
  it('is the zendesk source with its own schema', () => {
    expect(zendeskIntegration.name).toBe('zendesk');
    expect(zendeskIntegration.configSchema).toBe(zendeskConfigSchema);
  });

  it('needs only the secret and the subdomain', () => {
    expect(zendeskConfigSchema.parse(minimal)).toEqual(minimal);
  });

  it('normalises ids and fills due-field defaults', () => {
    const parsed = zendeskConfigSchema.parse({
      ...minimal,
      api_user_id: 8447388090495,
      due_field: { id: '360012345678' },
      write_back: { email: 'sla-bot@acme.example', api_token: 'tok' },
      custom_statuses: { '360012345673': 'pending' },
      comment_author_roles: { 'Billing lead': 'agent' },
      statuses: { 'Waiting on vendor': 'on_hold' },
      priorities: { P1: 'urgent' },
      previous_secret: 'old',
      additional_secrets: ['trigger-webhook-secret'],
      timestamp_tolerance_seconds: 600,
    });
    expect(parsed).toMatchObject({ api_user_id: '8447388090495', due_field: { id: 360012345678, format: 'datetime', timezone: 'UTC' } });
  });

  it('names each problem with its path', () => {
    expect(errors({})).toEqual([
      { field: 'secret', message: 'required: a string' },
      { field: 'subdomain', message: 'required: a string' },
    ]);
    expect(errors({ ...minimal, secret: '', subdomain: 'acme.zendesk.com', api_user_id: 'bot', extra: 1 })).toEqual([
      { field: 'secret', message: 'must not be empty; reference an environment variable such as "${ZENDESK_WEBHOOK_SECRET}"' },
      { field: 'subdomain', message: 'must be the account subdomain, e.g. acme for https://acme.zendesk.com' },
      { field: 'api_user_id', message: "must be the API user's numeric id, e.g. 360001234567" },
      { field: '(root)', message: 'unknown key extra' },
    ]);
  });

  it('checks the write-back and due-field blocks', () => {
    const fields = errors({
      ...minimal,
      write_back: { email: 'not-an-email', api_token: '' },
      due_field: { id: 'due', format: 'timestamp', timezone: 'Mars/Olympus' },
      statuses: { waiting: 'paused' },
      custom_statuses: { waiting: 'pending' },
      additional_secrets: [''],
    }).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining([
      'write_back.email', 'write_back.api_token', 'due_field.id', 'due_field.format', 'due_field.timezone', 'statuses.waiting', 'custom_statuses.waiting', 'additional_secrets[0]',
    ]));
  });
});
