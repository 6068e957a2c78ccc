/**
 * Test harness for the HTTP app: in-memory fakes of the ports, hand-built SLA rules on
 * UTC office hours, a captured pino log, and a server on 127.0.0.1 port 0.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { integrations } from '../../../integrations/registry.js';
import { createCalendar } from '../../../src/clock/index.js';
import type { TicketEvent } from '../../../src/events.js';
import { createApp, type AppDeps } from '../../../src/http/create-app.js';
import type { ChangeEvent, ChangeFeed, EventIngest, TicketQueries } from '../../../src/http/ports.js';
import { createMetrics } from '../../../src/metrics.js';
import { apply, type HistoryEntry, type SlaRules, type TicketState } from '../../../src/sla/index.js';

export const SECRET = 'generic-secret-123';
export const PREVIOUS_SECRET = 'old-generic-secret';

/** Mon 2026-11-23 is a Monday; the office calendar is open 09:00-17:00 UTC on weekdays. */
export const at = (iso: string): number => Date.parse(iso);

export function buildRules(): SlaRules {
  const office = createCalendar({ timezone: 'UTC', hours: { 'mon-fri': ['09:00-17:00'] } });
  const always = createCalendar({ timezone: 'UTC', hours: '24x7' });
  const h = 3_600_000;
  return {
    version: 'v7',
    calendars: new Map([
      ['office', { calendar: office, zone: 'UTC' }],
      ['always', { calendar: always, zone: 'UTC' }],
    ]),
    severities: [
      { id: 'sev1', name: 'Critical', isDefault: false, from: { priority: ['urgent', '4'] } },
      { id: 'sev3', name: 'Normal', isDefault: true, from: {} },
    ],
    policies: [
      {
        id: 'enterprise',
        match: { tagsAny: ['enterprise'] },
        calendarId: 'office',
        pauseOn: ['pending'],
        onReopen: 'resume',
        targets: {
          sev1: {
            first_response: { targetMs: 1 * h, calendarId: 'office' },
            next_response: { targetMs: 0.5 * h, calendarId: 'office' },
            resolution: { targetMs: 4 * h, calendarId: 'office' },
          },
          sev3: { first_response: { targetMs: 2 * h, calendarId: 'office' }, resolution: { targetMs: 8 * h, calendarId: 'office' } },
        },
        alerts: [],
      },
      {
        id: 'standard',
        match: {},
        calendarId: 'office',
        pauseOn: ['pending'],
        onReopen: 'resume',
        targets: {
          sev1: { first_response: { targetMs: 2 * h, calendarId: 'always' } },
          sev3: { first_response: { targetMs: 8 * h, calendarId: 'office' }, resolution: { targetMs: 40 * h, calendarId: 'office' } },
        },
        alerts: [],
      },
    ],
  };
}

/** A generic-source event with sensible defaults; `ticket` fields override. */
export function event(
  id: string,
  occurredAt: string,
  ticket: Partial<TicketEvent['ticket']> & { id: string },
  extra: Partial<Pick<TicketEvent, 'comment' | 'deleted'>> = {},
): TicketEvent {
  return {
    source: 'generic',
    eventId: id,
    occurredAt: at(occurredAt),
    ticket: {
      status: 'open',
      priority: null,
      createdAt: at(occurredAt),
      subject: `Subject of ${ticket.id}`,
      url: `https://help.example.com/${ticket.id}`,
      tags: [],
      group: 'Tier 1',
      organization: null,
      assignee: 'Dana',
      requester: null,
      fields: {},
      ...ticket,
    },
    ...extra,
  };
}

/** Folds events into a ticket state with `apply`, each at its own instant (the injected clock). */
export function stateFrom(rules: SlaRules, events: TicketEvent[]): TicketState {
  let state: TicketState | undefined;
  for (const e of events) state = apply(state, e, rules, e.occurredAt).state;
  if (state === undefined) throw new Error('no events');
  return state;
}

export class FakeIngest implements EventIngest {
  readonly received: TicketEvent[][] = [];
  private readonly seen = new Set<string>();
  failWith: Error | undefined;

  async ingest(events: TicketEvent[]): Promise<{ accepted: number; duplicates: number }> {
    if (this.failWith) throw this.failWith;
    this.received.push(events);
    let duplicates = 0;
    for (const e of events) {
      if (this.seen.has(e.eventId)) duplicates++;
      this.seen.add(e.eventId);
    }
    return { accepted: events.length, duplicates };
  }

  get events(): TicketEvent[] {
    return this.received.flat();
  }
}

export class FakeTickets implements TicketQueries {
  readonly states = new Map<string, TicketState>();
  readonly histories = new Map<string, HistoryEntry[]>();
  readonly calls: string[] = [];
  failWith: Error | undefined;

  put(...states: TicketState[]): this {
    for (const s of states) this.states.set(`${s.source}:${s.ticketId}`, s);
    return this;
  }

  async get(source: string, ticketId: string): Promise<TicketState | undefined> {
    if (this.failWith) throw this.failWith;
    return this.states.get(`${source}:${ticketId}`);
  }

  async history(source: string, ticketId: string, limit: number): Promise<HistoryEntry[]> {
    this.calls.push(`history(${limit})`);
    return (this.histories.get(`${source}:${ticketId}`) ?? []).slice(0, limit);
  }

  async active(limit: number): Promise<TicketState[]> {
    this.calls.push(`active(${limit})`);
    const withActive = [...this.states.values()].filter((s) => s.timers.some((t) => t.status === 'active'));
    return withActive.sort((a, b) => (a.checkpointAt ?? Infinity) - (b.checkpointAt ?? Infinity)).slice(0, limit);
  }

  async recent(limit: number): Promise<TicketState[]> {
    this.calls.push(`recent(${limit})`);
    return [...this.states.values()].reverse().slice(0, limit);
  }
}

export interface Harness {
  base: string;
  deps: AppDeps;
  ingest: FakeIngest;
  tickets: FakeTickets;
  logLines: () => string[];
}

const servers: Server[] = [];

/** An in-memory change feed: `publish` delivers to every subscriber and is kept for replays. */
export class MemoryFeed implements ChangeFeed {
  readonly events: ChangeEvent[] = [];
  private readonly subs = new Set<(e: ChangeEvent) => void>();
  subscribe(afterId: string | undefined, onEvent: (e: ChangeEvent) => void): () => void {
    if (afterId !== undefined) for (const e of this.events) if (Number(e.id.split('-')[0]) > Number(afterId.split('-')[0])) onEvent(e);
    this.subs.add(onEvent);
    return () => void this.subs.delete(onEvent);
  }
  publish(event: Omit<ChangeEvent, 'id'>): ChangeEvent {
    const e = { ...event, id: `${this.events.length + 1}-0` };
    this.events.push(e);
    for (const s of this.subs) s(e);
    return e;
  }
  get subscribers(): number {
    return this.subs.size;
  }
}

/** Starts the app with fakes (overridable) on an ephemeral port. */
export async function startApp(overrides: Partial<AppDeps> = {}): Promise<Harness> {
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
  const ingest = new FakeIngest();
  const tickets = new FakeTickets();
  const rules = buildRules();
  const deps: AppDeps = {
    registry: integrations,
    integrationConfig: { generic: { secret: SECRET, previous_secret: PREVIOUS_SECRET } },
    ingest,
    tickets,
    rules: () => rules,
    clock: () => at('2026-11-23T10:15:30.500Z'),
    metrics: createMetrics({ defaults: false }),
    logger,
    readiness: { redis: async () => 'PONG' },
    feed: new MemoryFeed(),
    ...overrides,
  };
  const server = createServer(createApp(deps)).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, deps, ingest: deps.ingest as FakeIngest, tickets: deps.tickets as FakeTickets, logLines: () => lines };
}

/** Closes every server started by `startApp` (call from afterEach). */
export async function stopApps(): Promise<void> {
  await Promise.all(
    servers.splice(0).map((s) => new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    })),
  );
}

export function sign(body: string | Buffer, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a body to `/webhooks/:source`, signed with `secret` unless a signature header is given. */
/** Posts a signed delivery to `/webhooks/<source>`, or to `path` when given (path and query). */
export function postWebhook(base: string, body: string | Buffer, opts: { source?: string; path?: string; secret?: string; signature?: string | null; contentType?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
  const signature = opts.signature === undefined ? sign(body, opts.secret) : opts.signature;
  if (signature !== null) headers['x-signature'] = signature;
  return fetch(`${base}${opts.path ?? `/webhooks/${opts.source ?? 'generic'}`}`, { method: 'POST', headers, body });
}
