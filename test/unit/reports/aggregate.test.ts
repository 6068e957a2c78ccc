import { describe, expect, it } from 'vitest';
import { cellKey, emptyAggregate, foldRecord, mergeAggregate, type Aggregate } from '../../../src/reports/aggregate.js';
import { decodeRows, encodeCells, rowToCell } from '../../../src/reports/aggregate-codec.js';
import { bucketOf } from '../../../src/reports/log-histogram.js';
import { MINUTE, outcome } from '../../support/outcome-fixtures.js';

const cell = (agg: Aggregate, dim: Parameters<Aggregate['get']>[0], value: string, metric = 'first_response' as const) => agg.get(dim)?.get(cellKey(value, metric));

describe('aggregate', () => {
  const met30 = outcome({ businessMs: 30 * MINUTE, wallMs: 40 * MINUTE });
  const met10 = outcome({ businessMs: 10 * MINUTE, assignee: 'Lee' });
  const late90 = outcome({ businessMs: 90 * MINUTE, wallMs: 120 * MINUTE, organization: null });
  const cancelled = outcome({ outcome: 'cancelled', businessMs: 20 * MINUTE });

  it('counts met, late and cancelled, sums achieved times and overdue, and subtracts retractions (by hand)', () => {
    const agg = emptyAggregate();
    for (const r of [met30, met10, late90, cancelled, { ...met10, sign: -1 as const }]) foldRecord(agg, r);
    expect(cell(agg, 'all', 'all')).toEqual({
      value: 'all', metric: 'first_response', met: 1, late: 1, cancelled: 1,
      businessMs: 120 * MINUTE, wallMs: 160 * MINUTE, overdueMs: 30 * MINUTE,
      hist: new Map([[bucketOf(30 * MINUTE), 1], [bucketOf(90 * MINUTE), 1]]),
    });
    expect(cell(agg, 'assignee', 'Lee')).toMatchObject({ met: 0, late: 0, businessMs: 0, hist: new Map() });
    expect(cell(agg, 'organization', '')).toMatchObject({ late: 1, overdueMs: 30 * MINUTE });
    // Credits read counts only: no histogram kept for policy × organization.
    expect(cell(agg, 'policy_org', 'standard/Acme')).toMatchObject({ met: 1, cancelled: 1, hist: new Map() });
    expect(cell(agg, 'policy_org', 'standard/')).toMatchObject({ late: 1 });
  });

  it('merging two aggregates equals folding both sets of records into one', () => {
    const a = emptyAggregate();
    const b = emptyAggregate();
    const both = emptyAggregate();
    for (const r of [met30, late90]) foldRecord(a, r), foldRecord(both, r);
    for (const r of [met10, cancelled]) foldRecord(b, r), foldRecord(both, r);
    mergeAggregate(a, b);
    expect(a).toEqual(both);
  });

  it('encodes cells compactly and decodes them back; empty cells are left out', () => {
    const agg = emptyAggregate();
    for (const r of [met30, met10, late90, cancelled, { ...met10, sign: -1 as const }]) foldRecord(agg, r);
    const cells = [...agg.get('assignee')!.values()];
    const blob = encodeCells(cells);
    expect(blob[0]).toBe(1);
    expect(decodeRows(blob).map(rowToCell)).toEqual(cells.filter((c) => c.value !== 'Lee'));
    // Dana's: 30m and 90m, delta-coded.
    expect(decodeRows(blob)[0]!.hist).toEqual([bucketOf(30 * MINUTE), 1, bucketOf(90 * MINUTE) - bucketOf(30 * MINUTE), 1]);
    expect(() => decodeRows(Buffer.from([9, 1, 2]))).toThrow(/unknown format 9/);
  });
});
