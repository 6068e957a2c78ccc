/**
 * The `<algorithm>=<hex HMAC of the raw body>` header scheme (GitHub style) that the generic
 * source, Jira, Zammad and Intercom use. Constant-time, with the previous secret accepted
 * during a rotation.
 */
import type { VerifyResult, WebhookDelivery } from '../integration.js';
import { hmacMatches } from './hmac-signature.js';

export interface HmacHeaderScheme {
  /** Lower-case header name, e.g. `x-hub-signature`. */
  header: string;
  algorithm: 'sha1' | 'sha256';
  /** What to tell the sender when the header is absent. */
  whenMissing: string;
  /** What to tell the sender when the signature does not match. */
  whenWrong: string;
}

const HEX_LENGTH = { sha1: 40, sha256: 64 } as const;

/** Checks the header against the raw body with any of the secrets. */
export function verifyHmacHeader(delivery: WebhookDelivery, scheme: HmacHeaderScheme, secrets: ReadonlyArray<string | undefined>): VerifyResult {
  const name = scheme.header.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
  const value = delivery.headers[scheme.header]?.trim();
  if (value === undefined || value === '') return { ok: false, reason: `missing ${name} header; ${scheme.whenMissing}` };
  const hexLength = HEX_LENGTH[scheme.algorithm];
  const m = new RegExp(`^${scheme.algorithm}=([0-9a-f]{${hexLength}})$`, 'i').exec(value);
  if (!m) return { ok: false, reason: `malformed ${name} header; expected ${scheme.algorithm}= followed by ${hexLength} hex digits` };
  const ok = hmacMatches({ payload: delivery.rawBody, signature: m[1]!, secrets, encoding: 'hex', algorithm: scheme.algorithm });
  return ok ? { ok: true } : { ok: false, reason: `${name} does not match the body; ${scheme.whenWrong}` };
}
