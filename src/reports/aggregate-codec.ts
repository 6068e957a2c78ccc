/**
 * The stored form of one dimension of a period's aggregate: arrays rather than objects, then
 * deflated. A cell is `[value, metric, met, late, cancelled, businessMs, wallMs, overdueMs,
 * histogram]`, the histogram flat and delta-coded: `[bucket0, count0, bucket1 − bucket0,
 * count1, …]`. The first byte names the format, so a later one can be read beside it.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { METRICS, type Metric } from '../sla/rules.js';
import { isEmptyCell, type Cell, type Counts } from './aggregate.js';

const FORMAT_V1 = 0x01;

type EncodedCell = [string, string, number, number, number, number, number, number, number[]];

/** Encodes cells (empty ones are left out). */
export function encodeCells(cells: Iterable<Cell>): Buffer {
  const rows: EncodedCell[] = [];
  for (const c of cells) {
    if (isEmptyCell(c)) continue;
    rows.push([c.value, c.metric, c.met, c.late, c.cancelled, c.businessMs, c.wallMs, c.overdueMs, encodeHistogram(c.hist)]);
  }
  const deflated = deflateRawSync(JSON.stringify(rows));
  const out = Buffer.allocUnsafe(deflated.length + 1);
  out[0] = FORMAT_V1;
  deflated.copy(out, 1);
  return out;
}

/** A stored cell as read: the histogram left delta-coded (queries add it to a dense one). */
export interface StoredRow extends Counts {
  value: string;
  metric: Metric;
  /** `[bucket0, count0, bucket1 − bucket0, count1, …]`. */
  hist: number[];
}

/** Decodes what `encodeCells` wrote; throws on a format it does not know. */
export function decodeRows(bytes: Buffer): StoredRow[] {
  if (bytes[0] !== FORMAT_V1) throw new Error(`report blob in unknown format ${bytes[0]}`);
  const rows = JSON.parse(inflateRawSync(bytes.subarray(1)).toString('utf8')) as EncodedCell[];
  return rows.map(([value, metric, met, late, cancelled, businessMs, wallMs, overdueMs, hist]) => ({
    value, metric: toMetric(metric), met, late, cancelled, businessMs, wallMs, overdueMs, hist,
  }));
}

/** A stored row as a cell that records can be folded into (the compactor). */
export function rowToCell(row: StoredRow): Cell {
  return { ...row, hist: decodeHistogram(row.hist) };
}

function encodeHistogram(h: Map<number, number>): number[] {
  const out: number[] = [];
  let last = 0;
  for (const bucket of [...h.keys()].sort((a, b) => a - b)) {
    out.push(bucket - last, h.get(bucket)!);
    last = bucket;
  }
  return out;
}

function decodeHistogram(flat: number[]): Map<number, number> {
  const h = new Map<number, number>();
  let bucket = 0;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    bucket += flat[i]!;
    h.set(bucket, flat[i + 1]!);
  }
  return h;
}

function toMetric(text: string): Metric {
  if (!(METRICS as readonly string[]).includes(text)) throw new Error(`report blob names unknown metric ${JSON.stringify(text)}`);
  return text as Metric;
}
