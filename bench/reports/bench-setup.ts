/**
 * What bench:reports and its cold-query child share: the SLA rules the seeded history was made
 * under, the instant the bench calls "now", and an HTTP server with only the report route, on
 * the real report and ticket stores.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Redis } from 'ioredis';
import { createCalendar } from '../../src/clock/index.js';
import { reportRoutes } from '../../src/http/report-routes.js';
import { ComplianceReports } from '../../src/reports/compliance-reports.js';
import type { SlaRules } from '../../src/sla/rules.js';
import { ReportStore } from '../../src/store/report-store.js';
import { TicketStore } from '../../src/store/ticket-store.js';

/** The bench's "now": the last seeded day ends here (a Wednesday evening, UTC). */
export const NOW = Date.parse('2026-11-25T18:00:00Z');

const M = 60_000;
const H = 60 * M;
const t = (ms: number) => ({ targetMs: ms, calendarId: 'always' });
const targets = {
  sev1: { first_response: t(15 * M), next_response: t(30 * M), resolution: t(4 * H) },
  sev2: { first_response: t(H), next_response: t(2 * H), resolution: t(8 * H) },
  sev3: { first_response: t(4 * H), next_response: t(8 * H), resolution: t(24 * H) },
  sev4: { first_response: t(8 * H), next_response: t(16 * H), resolution: t(40 * H) },
};

export const BENCH_RULES: SlaRules = {
  version: '2026-11',
  calendars: new Map([['always', { calendar: createCalendar({ timezone: 'UTC', hours: '24x7' }), zone: 'UTC' }]]),
  severities: [
    { id: 'sev1', name: 'Critical', isDefault: false, from: { priority: ['urgent'] } },
    { id: 'sev2', name: 'High', isDefault: false, from: { priority: ['high'] } },
    { id: 'sev3', name: 'Normal', isDefault: true, from: {} },
    { id: 'sev4', name: 'Low', isDefault: false, from: { priority: ['low'] } },
  ],
  policies: [
    { id: 'enterprise', match: { tagsAny: ['enterprise'] }, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume', targets, alerts: [], credits: { perBreachPercent: 5, capPercent: 25, period: 'month', metrics: ['resolution'] } },
    { id: 'premium', match: { tagsAny: ['premium'] }, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume', targets, alerts: [], credits: { perBreachPercent: 2, capPercent: 10, period: 'month' } },
    { id: 'standard', match: {}, calendarId: 'always', pauseOn: ['pending'], onReopen: 'resume', targets, alerts: [] },
  ],
};

export interface ReportServer {
  url: string;
  reports: ReportStore;
  close(): Promise<void>;
}

/** `GET {url}/api/reports/compliance` served by the real route over the given Redis and prefix. */
export async function startReportServer(redis: Redis, prefix: string): Promise<ReportServer> {
  const reports = new ReportStore(redis, prefix);
  const service = new ComplianceReports({ source: reports, tickets: new TicketStore(redis, prefix), rules: () => BENCH_RULES, clock: () => NOW });
  const app = express();
  app.set('query parser', 'simple');
  app.use('/api', reportRoutes({ reports: service, clock: () => NOW }));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reports,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Times one report request; the body is read to the end. */
export async function timeQuery(url: string, query: string): Promise<{ ms: number; bytes: number; status: number }> {
  const start = performance.now();
  const res = await fetch(`${url}/api/reports/compliance?${query}`);
  const body = await res.arrayBuffer();
  return { ms: performance.now() - start, bytes: body.byteLength, status: res.status };
}
