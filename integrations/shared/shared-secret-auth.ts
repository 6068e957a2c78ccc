/**
 * Authenticity for tools that cannot sign a webhook (Freshdesk automations, ServiceNow
 * business rules): the sender proves it knows a shared secret, sent over HTTPS either as
 *
 * - `X-SLA-Token: <secret>` (a custom header), or
 * - HTTP basic auth with user `sla-timer` and the secret as password
 *   (`Authorization: Basic base64("sla-timer:<secret>")`).
 *
 * Both the current secret and, during a rotation, `previous_secret` are accepted. Every
 * comparison is constant-time: both sides are hashed to equal-length digests first, and every
 * configured secret is checked even after a match, so timing tells nothing about the secret.
 *
 * Written for Freshdesk and ServiceNow; a candidate for `integrations/shared/`.
 */
import { createHash } from 'node:crypto';
import type { VerifyResult, WebhookDelivery } from '../integration.js';
import { safeEqualBytes } from './hmac-signature.js';

/** The custom header carrying the secret (lower-cased, as deliveries give header names). */
export const TOKEN_HEADER = 'x-sla-token';
/** The user name expected with basic auth. */
export const BASIC_AUTH_USER = 'sla-timer';

const BASIC_RE = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/** Checks the delivery's `X-SLA-Token` or basic auth against the accepted secrets. */
export function verifySharedSecret(delivery: WebhookDelivery, secrets: ReadonlyArray<string | undefined>): VerifyResult {
  const token = delivery.headers[TOKEN_HEADER];
  if (token !== undefined && token.trim() !== '') {
    return secretMatches(token.trim(), secrets)
      ? { ok: true }
      : { ok: false, reason: 'X-SLA-Token does not match the configured secret (or previous_secret)' };
  }
  const authorization = delivery.headers.authorization;
  if (authorization !== undefined && authorization.trim() !== '') {
    const m = BASIC_RE.exec(authorization);
    if (!m) return { ok: false, reason: `malformed Authorization header; expected Basic <base64 of ${BASIC_AUTH_USER}:<secret>>` };
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, reason: `malformed basic auth credentials; expected ${BASIC_AUTH_USER}:<secret>` };
    // Both checks always run: which one failed is not worth a timing difference.
    const userOk = safeEqualText(decoded.slice(0, colon), BASIC_AUTH_USER);
    const secretOk = secretMatches(decoded.slice(colon + 1), secrets);
    return userOk && secretOk
      ? { ok: true }
      : { ok: false, reason: `basic auth credentials do not match; use user ${BASIC_AUTH_USER} and the configured secret (or previous_secret) as password` };
  }
  return {
    ok: false,
    reason: `missing credentials; send X-SLA-Token: <secret> or HTTP basic auth with user ${BASIC_AUTH_USER} and the secret as password`,
  };
}

/** True when `given` equals any non-empty secret; every secret is compared. */
export function secretMatches(given: string, secrets: ReadonlyArray<string | undefined>): boolean {
  let matched = false;
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue;
    if (safeEqualText(given, secret)) matched = true;
  }
  return matched;
}

/** Constant-time text equality of any lengths: compares SHA-256 digests, which are always 32 bytes. */
function safeEqualText(a: string, b: string): boolean {
  return safeEqualBytes(createHash('sha256').update(a, 'utf8').digest(), createHash('sha256').update(b, 'utf8').digest());
}
