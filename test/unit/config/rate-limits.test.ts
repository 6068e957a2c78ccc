import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { integrations } from '../../../integrations/registry.js';
import { DEFAULT_RATE_LIMIT } from '../../../src/config/index.js';
import { issuesOf, load, yamlWith } from './config-fixtures.js';

const integrationSchemas = new Map([...integrations].map(([name, i]) => [name, i.configSchema as ZodType]));
const withIntegrations = (blocks: Record<string, unknown>) => yamlWith((c) => void (c.integrations = blocks));

describe('integrations.<tool>.rate_limit', () => {
  it('defaults every configured source to 50/s with bursts of 200', () => {
    const config = load(withIntegrations({ generic: { secret: 'long-enough' }, freshdesk: { secret: 's3cret', domain: 'acme' } }), { integrationSchemas });
    expect(DEFAULT_RATE_LIMIT).toEqual({ perSecond: 50, burst: 200 });
    expect(config.rateLimits).toEqual({ generic: DEFAULT_RATE_LIMIT, freshdesk: DEFAULT_RATE_LIMIT });
  });

  it('takes a limit per source, keeps it out of the tool settings, and is off when told', () => {
    const config = load(
      withIntegrations({
        generic: { secret: 'long-enough', rate_limit: { per_second: 5, burst: 20 } },
        zendesk: { secret: 'zd-secret', subdomain: 'acme', rate_limit: { per_second: 2.5 } },
        freshdesk: { secret: 's3cret', domain: 'acme', rate_limit: 'off' },
      }),
      { integrationSchemas },
    );
    // Without a burst, one second's worth (rounded up) may come at once.
    expect(config.rateLimits).toEqual({ generic: { perSecond: 5, burst: 20 }, zendesk: { perSecond: 2.5, burst: 3 } });
    expect(config.integrations.generic).toEqual({ secret: 'long-enough' });
    expect(config.integrations.zendesk).not.toHaveProperty('rate_limit');
  });

  it('names the path and the fix of a bad limit', () => {
    const issues = issuesOf(
      withIntegrations({
        generic: { secret: 'long-enough', rate_limit: { per_second: 0, burst: 1.5 } },
        zendesk: { secret: 'zd-secret', subdomain: 'acme', rate_limit: { per_minute: 5 } },
        freshdesk: { secret: 's3cret', domain: 'acme', rate_limit: 100 },
      }),
      { integrationSchemas },
    );
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['integrations.generic.rate_limit.per_second']).toMatch(/more than 0; write off for no limit/);
    expect(byPath['integrations.generic.rate_limit.burst']).toMatch(/whole number/);
    expect(Object.keys(byPath).some((p) => p.startsWith('integrations.zendesk.rate_limit'))).toBe(true);
    expect(byPath['integrations.freshdesk.rate_limit']).toMatch(/per_second, burst/);
  });
});
