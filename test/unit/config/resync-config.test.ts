/** `integrations.<tool>.resync`: defaults, off, the path and the fix of each problem, and the integration check. */
import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { integrations, resyncSupport } from '../../../integrations/registry.js';
import { DEFAULT_RESYNC } from '../../../src/config/index.js';
import { issuesOf, load, yamlWith } from './config-fixtures.js';

const integrationSchemas = new Map([...integrations].map(([name, i]) => [name, i.configSchema as ZodType]));
const options = { integrationSchemas, resyncSupport };
const withIntegrations = (blocks: Record<string, unknown>) => yamlWith((c) => void (c.integrations = blocks));
const zendesk = { secret: 'zd-secret', subdomain: 'acme', write_back: { email: 'bot@acme.example', api_token: 'tok' } };
const jira = { secret: 'jira-secret', base_url: 'https://acme.atlassian.net', email: 'bot@acme.example', api_token: 'tok' };

describe('integrations.<tool>.resync', () => {
  it('is off unless given, and off when told', () => {
    const config = load(withIntegrations({ zendesk, jira: { ...jira, resync: 'off' }, freshdesk: { secret: 's3cret', domain: 'acme', api_key: 'k', resync: false } }), options);
    expect(config.resync).toEqual({});
  });

  it('compiles the settings, fills defaults, and keeps resync out of the tool settings', () => {
    const config = load(withIntegrations({ zendesk: { ...zendesk, resync: { after: '2h', every: '10m', max_per_run: 50, on_not_found: 'cancel' } }, jira: { ...jira, resync: {} } }), options);
    expect(config.resync).toEqual({
      zendesk: { afterMs: 2 * 3_600_000, everyMs: 10 * 60_000, maxPerRun: 50, onNotFound: 'cancel' },
      jira: DEFAULT_RESYNC,
    });
    expect(DEFAULT_RESYNC).toEqual({ afterMs: 6 * 3_600_000, everyMs: 15 * 60_000, maxPerRun: 200, onNotFound: 'keep' });
    expect(config.integrations.zendesk).not.toHaveProperty('resync');
  });

  it('names the path and the fix of each bad value', () => {
    const issues = issuesOf(
      withIntegrations({
        zendesk: { ...zendesk, resync: { after: '1m', every: 15, max_per_run: 0, on_not_found: 'delete', often: true } },
        jira: { ...jira, resync: { every: '48h', max_per_run: 2.5 } },
        freshdesk: { secret: 's3cret', domain: 'acme', api_key: 'k', resync: 'daily' },
      }),
      options,
    );
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['integrations.zendesk.resync.after']).toMatch(/too short; after .* at least 5m/);
    expect(byPath['integrations.zendesk.resync.every']).toMatch(/15 has no unit; write e\.g\. 15m/);
    expect(byPath['integrations.zendesk.resync.max_per_run']).toMatch(/at least 1; write resync: off/);
    expect(byPath['integrations.zendesk.resync.on_not_found']).toMatch(/keep .* or cancel/);
    expect(byPath['integrations.zendesk.resync.often'] ?? byPath['integrations.zendesk.resync']).toMatch(/often/);
    expect(byPath['integrations.jira.resync.every']).toMatch(/too long; every .* at most 24h/);
    expect(byPath['integrations.jira.resync.max_per_run']).toMatch(/whole number/);
    expect(byPath['integrations.freshdesk.resync']).toMatch(/after.*every.*max_per_run.*or off/);
  });

  it('refuses resync for a tool that cannot read tickets, or a block without API credentials', () => {
    const issues = issuesOf(
      withIntegrations({
        generic: { secret: 'long-enough', resync: {} },
        zendesk: { secret: 'zd-secret', subdomain: 'acme', resync: { after: '6h' } },
      }),
      options,
    );
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['integrations.generic.resync']).toMatch(/generic cannot fetch a ticket.*resync works for freshdesk, helpscout, intercom, jira, servicenow, zammad, zendesk\./);
    expect(byPath['integrations.zendesk.resync']).toMatch(/API credentials .* add them \(see integrations\/zendesk\/README\.md\) or remove resync/);
  });

  it('accepts resync for Zammad, ServiceNow, Help Scout and Intercom with their write-back credentials, and refuses it without', () => {
    const blocks = {
      zammad: { secret: 'zammad-token', base_url: 'https://support.example.com' },
      servicenow: { secret: 'sn-secret', instance: 'acme' },
      helpscout: { secret: 'hs-secret' },
      intercom: { secret: 'ic-secret' },
    };
    const credentials = {
      zammad: { api_token: 'tok' },
      servicenow: { username: 'sla.timer', password: 'pw' },
      helpscout: { app_id: 'app', app_secret: 'shh' },
      intercom: { access_token: 'tok' },
    };
    const withCreds = Object.fromEntries(Object.entries(blocks).map(([name, block]) => [name, { ...block, ...credentials[name as keyof typeof credentials], resync: {} }]));
    expect(Object.keys(load(withIntegrations(withCreds), options).resync ?? {}).sort()).toEqual(['helpscout', 'intercom', 'servicenow', 'zammad']);
    const issues = issuesOf(withIntegrations(Object.fromEntries(Object.entries(blocks).map(([name, block]) => [name, { ...block, resync: {} }]))), options);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    for (const name of Object.keys(blocks)) expect(byPath[`integrations.${name}.resync`]).toMatch(new RegExp(`API credentials .* \\(see integrations/${name}/README\\.md\\)`));
  });
});
