/**
 * Replay protection for tools that sign a timestamp: a delivery whose signed timestamp is
 * further from our clock than the tolerance is refused, so a captured request cannot be
 * replayed later. Default tolerance: 5 minutes.
 */
import type { VerifyResult } from '../integration.js';

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Checks a signed timestamp (epoch ms) against the receipt instant. */
export function checkTimestamp(signedAtMs: number | undefined, receivedAt: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
  if (signedAtMs === undefined || !Number.isFinite(signedAtMs)) {
    return { ok: false, reason: 'missing or unreadable signature timestamp' };
  }
  const skew = Math.abs(receivedAt - signedAtMs);
  if (skew > toleranceSeconds * 1000) {
    return { ok: false, reason: `signature timestamp is ${Math.round(skew / 1000)} s from our clock (tolerance ${toleranceSeconds} s); check the server clocks or raise timestamp_tolerance_seconds` };
  }
  return { ok: true };
}
