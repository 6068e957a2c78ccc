/**
 * HMAC signatures as help-desk tools send them: hex (`sha256=<hex>`, Jira, GitHub style) or
 * base64 (Zendesk). Every comparison is constant-time and safe for signatures of the wrong
 * length, so a forger learns nothing from how long a rejection takes.
 */
import { createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';

export type HmacAlgorithm = 'sha256' | 'sha1' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

/** The HMAC of `payload` with `secret`, encoded as tools send it. */
export function computeHmac(secret: string, payload: BinaryLike, encoding: SignatureEncoding, algorithm: HmacAlgorithm = 'sha256'): string {
  return createHmac(algorithm, secret).update(payload).digest(encoding);
}

/** What to check a received signature against. */
export interface HmacCheck {
  /** Exactly the bytes the tool signed (the raw body, or e.g. timestamp + raw body). */
  payload: BinaryLike;
  /** The signature as received, without any `sha256=` prefix. */
  signature: string;
  /** Accepted secrets: the current one and, during a rotation, the previous one. */
  secrets: ReadonlyArray<string | undefined>;
  encoding: SignatureEncoding;
  algorithm?: HmacAlgorithm;
}

const HEX_RE = /^[0-9a-fA-F]*$/;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** True when the signature is the HMAC of the payload with any of the secrets. */
export function hmacMatches(check: HmacCheck): boolean {
  const given = decodeSignature(check.signature.trim(), check.encoding);
  let matched = false;
  for (const secret of check.secrets) {
    if (secret === undefined || secret === '') continue;
    const expected = createHmac(check.algorithm ?? 'sha256', secret).update(check.payload).digest();
    // Check every secret, even after a match: timing must not tell which secret is in use.
    if (given !== undefined && safeEqualBytes(given, expected)) matched = true;
  }
  return matched;
}

/**
 * Constant-time equality of two byte strings of any lengths. timingSafeEqual throws on a
 * length mismatch; digest lengths are public, so only equal-length inputs are compared.
 */
export function safeEqualBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Decodes a signature strictly: Buffer.from would silently skip bad characters. */
function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | undefined {
  if (text === '') return undefined;
  if (encoding === 'hex') return HEX_RE.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : undefined;
  return BASE64_RE.test(text) ? Buffer.from(text, 'base64') : undefined;
}
