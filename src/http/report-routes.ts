/**
 * `GET /api/reports/compliance?from=&to=&group_by=&format=&section=`: SLA compliance over a
 * range of UTC days. `from`/`to` are dates (`2026-11-01`) or instants (their UTC day),
 * inclusive; the default is the last 30 days up to today. `format=csv` answers one table as
 * CSV (`section=rows|mttr|credits`, default rows). Bad parameters are 400 naming the parameter.
 */
import { Router, type Request } from 'express';
import type { ComplianceReport, GroupBy } from '../reports/compliance-report.js';
import { GROUP_BYS } from '../reports/compliance-report.js';
import type { ComplianceQuery } from '../reports/compliance-reports.js';
import { dayKey, dayNumber, parseDay } from '../reports/periods.js';
import { complianceCsv, CSV_SECTIONS } from '../reports/report-csv.js';
import { HttpError } from './http-error.js';
import { values } from './query-params.js';

/** What the route needs: the report service. */
export interface ComplianceReportQueries {
  compliance(query: ComplianceQuery): Promise<ComplianceReport>;
}

export interface ReportRouteDeps {
  reports: ComplianceReportQueries;
  clock: () => number;
}

export const DEFAULT_RANGE_DAYS = 30;
/** Three years, leap day included: longer ranges are refused rather than left to time out. */
export const MAX_RANGE_DAYS = 1_096;
const FORMATS = ['json', 'csv'] as const;

export function reportRoutes(deps: ReportRouteDeps): Router {
  const router = Router();

  router.get('/reports/compliance', async (req, res) => {
    const groupBy: GroupBy = oneOf(req, 'group_by', GROUP_BYS) ?? 'metric';
    const format = oneOf(req, 'format', FORMATS) ?? 'json';
    const section = oneOf(req, 'section', CSV_SECTIONS) ?? 'rows';
    const today = dayNumber(deps.clock());
    const givenTo = dayParam(req, 'to');
    const givenFrom = dayParam(req, 'from');
    const to = givenTo ?? (givenFrom === undefined ? today : Math.max(today, givenFrom));
    const from = givenFrom ?? to - (DEFAULT_RANGE_DAYS - 1);
    if (from > to) throw invalid('from', `must be on or before to (${dayKey(to)}); got ${dayKey(from)}`);
    if (to - from + 1 > MAX_RANGE_DAYS) throw invalid('from', `gives ${to - from + 1} days; a report covers at most ${MAX_RANGE_DAYS} days (3 years), so split the range`);

    const report = await deps.reports.compliance({ from, to, groupBy });
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8');
      const name = `sla-compliance-${report.from}-${report.to}-${groupBy}${section === 'rows' ? '' : `-${section}`}.csv`;
      res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
      res.send(complianceCsv(report, section));
      return;
    }
    res.json(report);
  });

  return router;
}

function invalid(name: string, message: string): HttpError {
  return new HttpError(400, 'sla_query_invalid', `query parameter ${name} ${message}`, [{ field: name, message }]);
}

/** One value from `allowed`, or undefined when absent; anything else is a 400 naming the choices. */
function oneOf<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const given = values(req, name);
  if (given.length === 0) return undefined;
  if (given.length > 1) throw invalid(name, `takes one value; got ${given.length}: ${given.map((v) => JSON.stringify(v.slice(0, 40))).join(', ')}`);
  const value = given[0]!;
  if (!(allowed as readonly string[]).includes(value)) throw invalid(name, `has unknown value ${JSON.stringify(value.slice(0, 40))}; use one of ${allowed.join(', ')}`);
  return value as T;
}

/** A UTC day from a date or an instant; undefined when absent. */
function dayParam(req: Request, name: string): number | undefined {
  const raw = (req.query as Record<string, unknown>)[name];
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const day = text === undefined ? null : parseDay(text);
  if (day === null) {
    const shown = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 40)) : 'several values';
    throw invalid(name, `must be a date such as 2026-11-01 or an instant such as 2026-11-01T00:00:00Z (its UTC day); got ${shown}`);
  }
  return day;
}
