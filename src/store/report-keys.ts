/**
 * Redis keys of the reports, under the service's `{prefix}` hash tag (so scripts may touch
 * them together with ticket keys on Redis Cluster).
 */
import { keysFor } from './keys.js';

export interface ReportKeys {
  /** Stream of outcome records, appended by the ticket save script, trimmed by the compactor. */
  readonly outcomes: string;
  /** Id of the last outcome entry folded into the aggregates. */
  readonly cursor: string;
  /** Held by the one compactor at work. */
  readonly lock: string;
  /** Hash of one period's aggregate, one field per dimension: `2026-11` or `2026-11-24`. */
  period(period: string): string;
  /** SCAN pattern of every report key but the stream. */
  readonly pattern: string;
}

export function reportKeysFor(prefix: string): ReportKeys {
  const keys = keysFor(prefix);
  return {
    outcomes: keys.sub('outcomes'),
    cursor: keys.sub('rep', 'cursor'),
    lock: keys.sub('rep', 'lock'),
    period: (period) => keys.sub('rep', period),
    pattern: keys.sub('rep', '*'),
  };
}
