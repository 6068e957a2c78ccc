/**
 * Signed, expiring widget links: `/widget/<source>/<id>?exp=<unix s>&sig=<hex>`, where the
 * signature is HMAC-SHA256 over source, id and expiry with the widget secret. A help desk's
 * sidebar app gets a link from `GET /api/widget-link/...` (API token) and frames it; the
 * link opens that one ticket until it expires, nothing else.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedLink {
  exp: number;
  sig: string;
}

export function signWidgetLink(secret: string, source: string, ticketId: string, expiresAt: number): SignedLink {
  const exp = Math.floor(expiresAt / 1000);
  return { exp, sig: signature(secret, source, ticketId, exp) };
}

/** True when the link is signed for this ticket and not expired at `now`. */
export function verifyWidgetLink(secret: string, source: string, ticketId: string, exp: unknown, sig: unknown, now: number): boolean {
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(signature(secret, source, ticketId, Number(exp)), 'hex');
  return timingSafeEqual(Buffer.from(sig, 'hex'), expected) && Number(exp) * 1000 > now;
}

function signature(secret: string, source: string, ticketId: string, exp: number): string {
  // Lengths first: no choice of source and id can shift bytes from one field into another.
  return createHmac('sha256', secret).update(`widget/v1\n${source.length}:${source}\n${ticketId.length}:${ticketId}\n${exp}`).digest('hex');
}
