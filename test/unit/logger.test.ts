import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  return { lines, logger: createLogger('info', { write: (line: string) => void lines.push(line) }) };
}

describe('createLogger redaction', () => {
  it('censors secrets in config blocks and client options logged by mistake', () => {
    const { lines, logger } = capture();
    logger.info({
      zendesk: { secret: 'zd-1', previous_secret: 'zd-0', additional_secrets: ['zd-2'], subdomain: 'acme' },
      writer: { api_token: 'tok', api_key: 'key', access_token: 'acc', app_secret: 'app', password: 'pw' },
      slack: { signing_secret: 'sig' },
    }, 'config');
    const line = lines.join('\n');
    for (const secret of ['zd-1', 'zd-0', 'zd-2', '"tok"', '"key"', '"acc"', '"app"', '"pw"', '"sig"']) expect(line).not.toContain(secret);
    expect(line).toContain('"subdomain":"acme"');
    expect(line).toContain('[redacted]');
  });

  it('censors credential headers of a request object', () => {
    const { lines, logger } = capture();
    logger.warn({
      req: { headers: { authorization: 'Basic c2xhLXRpbWVyOnM=', cookie: 'sla_session=abc', 'x-signature': 'sha256=aa', 'x-hub-signature': 'sha1=bb', 'x-zendesk-webhook-signature': 'cc', 'x-helpscout-signature': 'dd', 'x-sla-token': 'ee', 'x-slack-signature': 'v0=ff', 'user-agent': 'Zendesk Webhook' } },
    }, 'request');
    const line = lines.join('\n');
    for (const secret of ['c2xhLXRpbWVyOnM', 'sla_session=abc', 'sha256=aa', 'sha1=bb', '"cc"', '"dd"', '"ee"', 'v0=ff']) expect(line).not.toContain(secret);
    expect(line).toContain('Zendesk Webhook');
  });
});
