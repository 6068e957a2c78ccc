/**
 * Totals of a query: stored cells of many periods and the records of the un-compacted tail,
 * summed per (dimension, value, metric). Histograms are dense here (`DenseHistogram`): a query
 * adds dozens of stored ones, which is much cheaper on arrays than on maps.
 */
import type { OutcomeRecord } from '../sla/outcomes.js';
import type { Metric } from '../sla/rules.js';
import { addCounts, cellKey, COUNT_ONLY, type Counts } from './aggregate.js';
import type { StoredRow } from './aggregate-codec.js';
import { dimensionValue, type Dimension } from './dimensions.js';
import { bucketOf, DenseHistogram } from './log-histogram.js';

/** A cell's counts and sums (as in `Cell`) with a dense histogram. */
export interface Totals extends Counts {
  value: string;
  metric: Metric;
  hist: DenseHistogram;
}

/** Dimension → cell key → totals. */
export type TotalsTable = Map<Dimension, Map<string, Totals>>;

export function totalsOf(table: TotalsTable, dimension: Dimension, value: string, metric: Metric): Totals {
  let cells = table.get(dimension);
  if (cells === undefined) table.set(dimension, (cells = new Map()));
  const key = cellKey(value, metric);
  let t = cells.get(key);
  if (t === undefined) {
    t = { value, metric, met: 0, late: 0, cancelled: 0, businessMs: 0, wallMs: 0, overdueMs: 0, hist: new DenseHistogram() };
    cells.set(key, t);
  }
  return t;
}

/** Adds stored rows of one dimension (under `as`, when given, instead of each row's own value). */
export function addRows(table: TotalsTable, dimension: Dimension, rows: readonly StoredRow[] | undefined, as?: string): void {
  for (const row of rows ?? []) {
    const t = totalsOf(table, dimension, as ?? row.value, row.metric);
    t.met += row.met;
    t.late += row.late;
    t.cancelled += row.cancelled;
    t.businessMs += row.businessMs;
    t.wallMs += row.wallMs;
    t.overdueMs += row.overdueMs;
    if (row.hist.length > 0) t.hist.addDeltaCoded(row.hist);
  }
}

/** Adds one record (with its sign) in each of `dimensions`, as the compactor would have. */
export function addRecord(table: TotalsTable, r: OutcomeRecord, dimensions: readonly Dimension[], as?: string): void {
  for (const dimension of dimensions) {
    const t = totalsOf(table, dimension, as ?? dimensionValue(r, dimension), r.metric);
    if (addCounts(t, r) && !COUNT_ONLY.has(dimension)) t.hist.add(bucketOf(r.businessMs), r.sign);
  }
}
