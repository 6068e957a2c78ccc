/**
 * The compliance report as CSV: one table per section (`rows` by default, or `mttr`, or
 * `credits`), a header row of the JSON field names, then one line per entry. Empty cells
 * stand for null.
 */
import type { ComplianceReport } from './compliance-report.js';
import { toCsv } from './csv.js';

export const CSV_SECTIONS = ['rows', 'mttr', 'credits'] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

const ROW_COLUMNS = [
  'group', 'metric', 'met', 'breached', 'cancelled', 'open_past_due', 'percent_met',
  'median_seconds', 'p90_seconds', 'mean_seconds', 'overdue_total_seconds', 'overdue_mean_seconds',
] as const;
const MTTR_COLUMNS = ['severity', 'resolved', 'mean_business_seconds', 'mean_wall_seconds'] as const;
const CREDIT_COLUMNS = ['organization', 'policy', 'period', 'breaches', 'credit_percent', 'period_complete'] as const;

export function complianceCsv(report: ComplianceReport, section: CsvSection = 'rows'): string {
  switch (section) {
    case 'rows':
      return toCsv(ROW_COLUMNS, report.rows.map((r) => ROW_COLUMNS.map((c) => r[c])));
    case 'mttr':
      return toCsv(MTTR_COLUMNS, report.mttr.map((r) => MTTR_COLUMNS.map((c) => r[c])));
    case 'credits':
      return toCsv(CREDIT_COLUMNS, report.credits.map((r) => CREDIT_COLUMNS.map((c) => r[c])));
  }
}
