/**
 * Aggregates of outcome records: per dimension, one cell per (value, metric) holding counts,
 * sums and a histogram of business time to achieve. Records add with their sign, so a
 * retraction subtracts exactly what its record added. Pure; the store keeps one aggregate per
 * UTC day and per UTC month.
 */
import type { Metric } from '../sla/rules.js';
import type { OutcomeRecord } from '../sla/outcomes.js';
import { DIMENSIONS, dimensionValue, type Dimension } from './dimensions.js';
import { addToBucket, bucketOf, mergeHistogram, type LogHistogram } from './log-histogram.js';

/** The counts and sums of a cell. */
export interface Counts {
  /** Achieved within target. */
  met: number;
  /** Achieved past the target (`breached_achieved`). */
  late: number;
  cancelled: number;
  /** Sums over the achieved ones (met + late). */
  businessMs: number;
  wallMs: number;
  /** Sum over the late ones of business time past the target. */
  overdueMs: number;
}

/** Outcomes of one metric for one value of a dimension, over a period. */
export interface Cell extends Counts {
  value: string;
  metric: Metric;
  /** Business time to achieve of the achieved ones. */
  hist: LogHistogram;
}

/** Dimension → cell key → cell. */
export type Aggregate = Map<Dimension, Map<string, Cell>>;

/** Dimensions whose cells need no histogram: only their counts are read (service credits). */
export const COUNT_ONLY: ReadonlySet<Dimension> = new Set(['policy_org']);

export function emptyAggregate(): Aggregate {
  return new Map();
}

export function cellKey(value: string, metric: Metric): string {
  return `${metric}\u0000${value}`;
}

function emptyCell(value: string, metric: Metric): Cell {
  return { value, metric, met: 0, late: 0, cancelled: 0, businessMs: 0, wallMs: 0, overdueMs: 0, hist: new Map() };
}

/** The cell of (dimension, value, metric), created empty when missing. */
export function cellOf(agg: Aggregate, dimension: Dimension, value: string, metric: Metric): Cell {
  let cells = agg.get(dimension);
  if (cells === undefined) agg.set(dimension, (cells = new Map()));
  const key = cellKey(value, metric);
  let cell = cells.get(key);
  if (cell === undefined) cells.set(key, (cell = emptyCell(value, metric)));
  return cell;
}

/** Adds one record (with its sign) to its cell in each of `dimensions`. */
export function foldRecord(agg: Aggregate, record: OutcomeRecord, dimensions: readonly Dimension[] = DIMENSIONS): void {
  const bucket = bucketOf(record.businessMs);
  for (const dimension of dimensions) {
    const cell = cellOf(agg, dimension, dimensionValue(record, dimension), record.metric);
    if (addCounts(cell, record) && !COUNT_ONLY.has(dimension)) addToBucket(cell.hist, bucket, record.sign);
  }
}

/**
 * Adds a record's counts and sums, with its sign, to `t`. True when the record was achieved
 * (in time or late): its business time then belongs in the histogram too.
 */
export function addCounts(t: Counts, r: OutcomeRecord): boolean {
  const s = r.sign;
  if (r.outcome === 'cancelled') {
    t.cancelled += s;
    return false;
  }
  if (r.outcome === 'achieved') t.met += s;
  else {
    t.late += s;
    t.overdueMs += s * r.overdueMs;
  }
  t.businessMs += s * r.businessMs;
  t.wallMs += s * r.wallMs;
  return true;
}

function mergeCell(into: Cell, from: Cell): void {
  into.met += from.met;
  into.late += from.late;
  into.cancelled += from.cancelled;
  into.businessMs += from.businessMs;
  into.wallMs += from.wallMs;
  into.overdueMs += from.overdueMs;
  mergeHistogram(into.hist, from.hist);
}

/** Adds the cells of `from` into `into`, for `dimensions` (all of `from`'s when absent). */
export function mergeAggregate(into: Aggregate, from: Aggregate, dimensions?: readonly Dimension[]): void {
  for (const [dimension, cells] of from) {
    if (dimensions !== undefined && !dimensions.includes(dimension)) continue;
    for (const cell of cells.values()) mergeCell(cellOf(into, dimension, cell.value, cell.metric), cell);
  }
}

/** True when a cell holds nothing (every record in it was retracted). */
export function isEmptyCell(c: Cell): boolean {
  return c.met === 0 && c.late === 0 && c.cancelled === 0 && c.businessMs === 0 && c.wallMs === 0 && c.overdueMs === 0 && c.hist.size === 0;
}
