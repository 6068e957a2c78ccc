/** X-Hub-Signature as Jira admin webhooks send it: the reasons a refusal gives. */
import { describe, expect, it } from 'vitest';
import type { WebhookDelivery } from '../../../../integrations/integration.js';
import { verifyJira } from '../../../../integrations/jira/index.js';
import { JIRA_PREVIOUS_SECRET, JIRA_SECRET, jiraConfig, jiraSign } from './jira-test-kit.js';

const rawBody = Buffer.from('{"timestamp":1795510800000,"webhookEvent":"jira:issue_created"}');
const delivery = (headers: Record<string, string | undefined>): WebhookDelivery => ({ rawBody, headers, query: {}, receivedAt: 0 });

describe('jira verify', () => {
  it('accepts the current and the previous secret, in any hex case', () => {
    const config = jiraConfig();
    expect(verifyJira(delivery({ 'x-hub-signature': jiraSign(rawBody, JIRA_SECRET) }), config)).toEqual({ ok: true });
    expect(verifyJira(delivery({ 'x-hub-signature': jiraSign(rawBody, JIRA_PREVIOUS_SECRET) }), config)).toEqual({ ok: true });
    expect(verifyJira(delivery({ 'x-hub-signature': jiraSign(rawBody).toUpperCase() }), config)).toEqual({ ok: true });
  });

  it('refuses the previous secret once it is removed from the config', () => {
    const config = jiraConfig({ previous_secret: undefined });
    expect(verifyJira(delivery({ 'x-hub-signature': jiraSign(rawBody, JIRA_PREVIOUS_SECRET) }), config).ok).toBe(false);
  });

  it('says what is wrong', () => {
    const config = jiraConfig();
    expect(verifyJira(delivery({}), config)).toEqual({ ok: false, reason: expect.stringMatching(/^missing X-Hub-Signature header; give the Jira webhook a secret/) });
    expect(verifyJira(delivery({ authorization: 'JWT eyJhbGciOiJIUzI1NiJ9.e30.x' }), config)).toEqual({ ok: false, reason: expect.stringMatching(/JWT are not supported/) });
    expect(verifyJira(delivery({ 'x-hub-signature': 'sha256=abc' }), config)).toEqual({ ok: false, reason: expect.stringMatching(/^malformed X-Hub-Signature/) });
    expect(verifyJira(delivery({ 'x-hub-signature': jiraSign(rawBody, 'other') }), config)).toEqual({ ok: false, reason: expect.stringMatching(/does not match the body/) });
  });
});
