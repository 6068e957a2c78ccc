/**
 * Jira Cloud / Jira Service Management. Admin webhooks (Jira settings → System → WebHooks,
 * or `POST /rest/webhooks/1.0/webhook`) with a secret are signed
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>` (WebSub's
 * `method=signature`); deliveries without it are refused. Webhooks registered by Connect or
 * OAuth 2.0 apps carry a JWT instead and are out of scope. Jira signs no timestamp: late
 * retries (up to 30 minutes, `X-Atlassian-Webhook-Retry`) keep their dedupe key instead.
 */
import type { Integration, VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from '../shared/hmac-signature.js';
import { jiraConfigSchema, type JiraConfig } from './jira-config.js';
import { JIRA_SOURCE, normalizeJira } from './jira-normalize.js';
import { createJiraWriter } from './jira-writer.js';

const SIGNATURE_HEADER = 'x-hub-signature';
const SIGNATURE_RE = /^sha256=([0-9a-f]{64})$/i;

export const jiraIntegration: Integration<JiraConfig> = {
  name: JIRA_SOURCE,
  configSchema: jiraConfigSchema,
  verify: verifyJira,
  normalize: normalizeJira,
  writer: (config) => createJiraWriter(config),
};

/** Checks `X-Hub-Signature` against the raw body with the secret (or the previous one during a rotation). */
export function verifyJira(delivery: WebhookDelivery, config: JiraConfig): VerifyResult {
  const header = delivery.headers[SIGNATURE_HEADER]?.trim();
  if (header === undefined || header === '') {
    const jwt = /^JWT\s/i.test(delivery.headers.authorization ?? '');
    return {
      ok: false,
      reason: jwt
        ? 'missing X-Hub-Signature header: app (Connect/OAuth) webhooks signed with a JWT are not supported; register an admin webhook with a secret'
        : 'missing X-Hub-Signature header; give the Jira webhook a secret (Jira settings → System → WebHooks → Secret) and set the same value as integrations.jira.secret',
    };
  }
  const m = SIGNATURE_RE.exec(header);
  if (!m) return { ok: false, reason: 'malformed X-Hub-Signature header; expected sha256= followed by 64 hex digits' };
  const ok = hmacMatches({ payload: delivery.rawBody, signature: m[1]!, secrets: [config.secret, config.previous_secret], encoding: 'hex' });
  return ok ? { ok: true } : { ok: false, reason: 'X-Hub-Signature does not match the body; check that integrations.jira.secret is the secret set on the Jira webhook' };
}
