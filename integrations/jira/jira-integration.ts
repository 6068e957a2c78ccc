/**
 * Jira Cloud / Jira Service Management. Admin webhooks (Jira settings → System → WebHooks,
 * or `POST /rest/webhooks/1.0/webhook`) with a secret are signed
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` (WebSub's
 * `method=signature`); deliveries without it are refused. Webhooks registered by Connect or
 * OAuth 2.0 apps carry a JWT instead and are out of scope. Jira signs no timestamp: late
 * retries (up to 30 minutes, `X-Atlassian-Webhook-Retry`) keep their dedupe key instead.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { verifyHmacHeader } from '../shared/hmac-header.js';
import { jiraConfigSchema, type JiraConfig } from './jira-config.js';
import { JIRA_SOURCE, normalizeJira } from './jira-normalize.js';
import { createJiraReader } from './jira-reader.js';
import { createJiraWriter } from './jira-writer.js';

export const jiraIntegration: Integration<JiraConfig> = {
  name: JIRA_SOURCE,
  configSchema: jiraConfigSchema,
  verify: verifyJira,
  normalize: normalizeJira,
  writer: (config) => createJiraWriter(config),
  reader: (config) => createJiraReader(config),
};

/** Checks `X-Hub-Signature` against the raw body with the secret (or the previous one during a rotation). */
export function verifyJira(delivery: WebhookDelivery, config: JiraConfig): VerifyResult {
  const jwt = /^JWT\s/i.test(delivery.headers.authorization ?? '');
  return verifyHmacHeader(
    delivery,
    {
      header: 'x-hub-signature',
      algorithm: 'sha256',
      whenMissing: jwt
        ? 'app (Connect/OAuth) webhooks signed with a JWT are not supported; register an admin webhook with a secret'
        : 'give the Jira webhook a secret (Jira settings → System → WebHooks → Secret) and set the same value as integrations.jira.secret',
      whenWrong: 'check that integrations.jira.secret is the secret set on the Jira webhook',
    },
    [config.secret, config.previous_secret],
  );
}
