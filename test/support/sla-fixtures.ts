/**
 * Builders for SLA rules and ticket events, for any test that drives `src/sla`.
 *
 * - `rulesFixture({...})` gives compiled `SlaRules` with two calendars (`biz`: Mon–Fri
 *   09:00–17:00 America/New_York with Thanksgiving holidays; `always`: UTC 24x7), three
 *   severities and one catch-all policy; every part can be overridden.
 * - `policyFixture({...})` and `targets({...})`, `alert('75%', ...)` build policy parts
 *   from the same short forms the YAML config uses (alert keys as the loader derives them).
 * - `ticketEvent({ id, at, status, priority, comment, ... })` builds one event;
 *   `ticketFixture({...}).event({...})` builds a ticket's events in order, each carrying
 *   the ticket as it is after the event (fields not given are carried forward).
 * - `ms('2026-11-23T09:00:00-05:00')` and `iso(ms)` convert instants.
 *
 * Instants may be given as ISO strings (with an offset) or epoch ms everywhere.
 */
import { createCalendar, parseDuration } from '../../src/clock/index.js';
import type { CalendarSpec } from '../../src/clock/index.js';
import type { TicketComment, TicketEvent, TicketSnapshot, TicketStatus } from '../../src/events.js';
import { apply, tick, viewTimers } from '../../src/sla/index.js';
import type {
  AlertAt,
  AlertRule,
  ApplyResult,
  CalendarEntry,
  Metric,
  MetricTarget,
  Notice,
  NotifyTarget,
  PolicyRule,
  SeverityRule,
  SlaRules,
  TicketState,
  TimerView,
} from '../../src/sla/index.js';

/** An instant: ISO 8601 text (give the offset) or epoch ms. */
export type Instant = string | number;

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** Epoch ms of an instant; throws on text that is not a date, so typos fail loudly. */
export function ms(at: Instant): number {
  if (typeof at === 'number') return at;
  const t = Date.parse(at);
  if (Number.isNaN(t)) throw new Error(`not an ISO instant: ${at}`);
  return t;
}

/** ISO text of an instant (UTC), or null; handy in expectations and failure messages. */
export function iso(at: number | null | undefined): string | null {
  return at === null || at === undefined ? null : new Date(at).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Calendars

/** Mon–Fri 09:00–17:00 in New York; Thanksgiving 2026 closed, the day after open 09:00–13:00, Christmas every year. */
export const BIZ_CALENDAR_SPEC: CalendarSpec = {
  timezone: 'America/New_York',
  hours: { 'mon-fri': ['09:00-17:00'] },
  holidays: ['2026-11-26', { date: '2026-11-27', hours: ['09:00-13:00'] }, { date: '12-25', yearly: true }],
};

export const ALWAYS_CALENDAR_SPEC: CalendarSpec = { timezone: 'UTC', hours: '24x7' };

/** Built once: calendars index lazily and are immutable, so tests share them. */
const SHARED_CALENDARS: ReadonlyMap<string, CalendarEntry> = new Map([
  ['biz', { calendar: createCalendar(BIZ_CALENDAR_SPEC), zone: BIZ_CALENDAR_SPEC.timezone }],
  ['always', { calendar: createCalendar(ALWAYS_CALENDAR_SPEC), zone: ALWAYS_CALENDAR_SPEC.timezone }],
]);

/** Calendar entries by id: the shared `biz` and `always`, plus any extra specs given. */
export function calendarsFixture(extra: Record<string, CalendarSpec> = {}): Map<string, CalendarEntry> {
  const map = new Map(SHARED_CALENDARS);
  for (const [id, spec] of Object.entries(extra)) map.set(id, { calendar: createCalendar(spec), zone: spec.timezone });
  return map;
}

// ---------------------------------------------------------------------------------------------
// Severities, targets, alerts, policies, rules

/** sev1 from urgent/"4"/Highest or tag `outage` or field impact=critical; sev2 from high/"3"/High; sev3 default. */
export const DEFAULT_SEVERITIES: SeverityRule[] = [
  { id: 'sev1', name: 'Critical', isDefault: false, from: { priority: ['urgent', '4', 'Highest'], tagsAny: ['outage'], fields: { impact: ['critical'] } } },
  { id: 'sev2', name: 'High', isDefault: false, from: { priority: ['high', '3', 'High'] } },
  { id: 'sev3', name: 'Normal', isDefault: true, from: {} },
];

/** A duration as milliseconds: a number is taken as ms, text as the config writes it (`15m`, `1h30m`). */
export function duration(d: string | number): number {
  return typeof d === 'number' ? d : parseDuration(d);
}

/** Metric targets from short forms: `{ first_response: '1h', resolution: ['8h', 'always'] }`. */
export function targets(
  spec: Partial<Record<Metric, string | number | [string | number, string]>>,
  calendarId = 'biz',
): Partial<Record<Metric, MetricTarget>> {
  const out: Partial<Record<Metric, MetricTarget>> = {};
  for (const [metric, value] of Object.entries(spec) as Array<[Metric, string | number | [string | number, string]]>) {
    const [d, cal] = Array.isArray(value) ? value : [value, calendarId];
    out[metric] = { targetMs: duration(d), calendarId: cal };
  }
  return out;
}

/** Parses an alert's `at` as the config writes it: `75%`, `15m before`, `breach`, `1h after breach`. */
export function alertAt(text: string): AlertAt {
  const k = text.trim();
  if (k === 'breach') return { kind: 'breach' };
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(k);
  if (pct) return { kind: 'percent', percent: Number(pct[1]) };
  const before = /^(\S+) before$/.exec(k);
  if (before) return { kind: 'before', ms: duration(before[1]!) };
  const after = /^(\S+) after breach$/.exec(k);
  if (after) return { kind: 'after', ms: duration(after[1]!) };
  throw new Error(`not an alert time: ${text}`);
}

/**
 * The alert key the config loader derives from the `at` text: `percent:75`, `before:900000`,
 * `breach`, `after:3600000` (stable across reloads, safe in notice and job ids).
 */
export function alertKey(text: string): string {
  const at = alertAt(text);
  return at.kind === 'percent' ? `percent:${at.percent}` : at.kind === 'breach' ? 'breach' : `${at.kind}:${at.ms}`;
}

/**
 * One alert rule from the config's `at` text (`75%`, `15m before`, `breach`, `1h after breach`);
 * its key is `alertKey(text)`, and it notifies `#<text>` by default so tests can tell targets apart.
 */
export function alert(
  text: string,
  opts: { notify?: Array<Partial<NotifyTarget> & { slack: string }>; metrics?: Metric[]; severities?: string[] } = {},
): AlertRule {
  const notify = (opts.notify ?? [{ slack: `#${text.replace(/\s+/g, '-')}` }]).map((n) => ({ slack: n.slack, mention: n.mention ?? [] }));
  return {
    key: alertKey(text),
    at: alertAt(text),
    notify,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.severities ? { severities: opts.severities } : {}),
  };
}

/**
 * The default policy `standard`: matches every ticket, `biz` calendar, pauses on pending,
 * resumes resolution on reopen, no alerts, and these targets (business time of `biz`
 * unless noted): sev1 first 1h, next 2h, resolution 8h; sev2 2h, 4h, 16h; sev3 4h, 8h, 40h.
 */
export function policyFixture(overrides: Partial<PolicyRule> = {}): PolicyRule {
  return {
    id: 'standard',
    match: {},
    calendarId: 'biz',
    pauseOn: ['pending'],
    onReopen: 'resume',
    targets: {
      sev1: targets({ first_response: '1h', next_response: '2h', resolution: '8h' }),
      sev2: targets({ first_response: '2h', next_response: '4h', resolution: '16h' }),
      sev3: targets({ first_response: '4h', next_response: '8h', resolution: '40h' }),
    },
    alerts: [],
    ...overrides,
  };
}

export interface RulesOverrides {
  version?: string | null;
  /** Extra calendars by id (added to `biz` and `always`). */
  calendars?: Record<string, CalendarSpec>;
  severities?: SeverityRule[];
  /** Replaces the policy list (default: `[policyFixture()]`). */
  policies?: PolicyRule[];
  /** Shortcut: overrides merged into the single default policy. */
  policy?: Partial<PolicyRule>;
}

/** Compiled SLA rules for tests; see the module comment for the defaults. */
export function rulesFixture(overrides: RulesOverrides = {}): SlaRules {
  return {
    version: overrides.version === undefined ? 'test-1' : overrides.version,
    calendars: calendarsFixture(overrides.calendars),
    severities: overrides.severities ?? DEFAULT_SEVERITIES,
    policies: overrides.policies ?? [policyFixture(overrides.policy)],
  };
}

// ---------------------------------------------------------------------------------------------
// Events

/** `agent` / `customer` are public comments; `agent-internal` / `customer-internal` are not. */
export type CommentSpec = 'agent' | 'customer' | 'agent-internal' | 'customer-internal' | TicketComment;

export function comment(spec: CommentSpec): TicketComment {
  if (typeof spec !== 'string') return spec;
  const [author, internal] = spec.split('-') as ['agent' | 'customer', string | undefined];
  return { author, public: internal === undefined };
}

export interface TicketEventInput {
  /** The event id (dedupe key). */
  id: string;
  /** `occurredAt`. */
  at: Instant;
  ticketId?: string;
  source?: string;
  /** Defaults to `at` for a standalone event. */
  createdAt?: Instant;
  status?: TicketStatus;
  priority?: string | null;
  tags?: string[];
  group?: string | null;
  organization?: string | null;
  assignee?: string | null;
  requester?: string | null;
  subject?: string | null;
  url?: string | null;
  fields?: TicketSnapshot['fields'];
  comment?: CommentSpec;
  deleted?: boolean;
}

/** One event of ticket `T-1` from source `generic` (status `open` unless given). */
export function ticketEvent(input: TicketEventInput): TicketEvent {
  const ticketId = input.ticketId ?? 'T-1';
  const ticket: TicketSnapshot = {
    id: ticketId,
    status: input.status ?? 'open',
    priority: input.priority ?? null,
    createdAt: ms(input.createdAt ?? input.at),
    subject: input.subject === undefined ? `Ticket ${ticketId}` : input.subject,
    url: input.url === undefined ? `https://help.example.com/${ticketId}` : input.url,
    tags: input.tags ?? [],
    group: input.group ?? null,
    organization: input.organization ?? null,
    assignee: input.assignee ?? null,
    requester: input.requester ?? null,
    fields: input.fields ?? {},
  };
  return {
    source: input.source ?? 'generic',
    eventId: input.id,
    occurredAt: ms(input.at),
    ticket,
    ...(input.comment !== undefined ? { comment: comment(input.comment) } : {}),
    ...(input.deleted !== undefined ? { deleted: input.deleted } : {}),
  };
}

type TicketFields = Omit<TicketEventInput, 'id' | 'at' | 'comment' | 'deleted'>;

/**
 * A ticket whose events are built in the order they happen: each `event()` takes the
 * ticket fields of the previous one and applies the given changes (the comment and the
 * deletion flag belong to one event only).
 */
export function ticketFixture(base: TicketFields & { createdAt: Instant }): {
  event(input: Partial<TicketFields> & Pick<TicketEventInput, 'id' | 'at' | 'comment' | 'deleted'>): TicketEvent;
} {
  let current: TicketFields = { ...base };
  return {
    event(input) {
      const { id, at, comment: c, deleted, ...fields } = input;
      current = { ...current, ...fields };
      return ticketEvent({ ...current, id, at, ...(c !== undefined ? { comment: c } : {}), ...(deleted !== undefined ? { deleted } : {}) });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Driving the core

export interface Step {
  event: TicketEvent;
  /** When the service processes it (default: the event's `occurredAt`). */
  now?: Instant;
}

/** Applies events in the given order; returns the final result and every notice on the way. */
export function applyAll(
  steps: Array<TicketEvent | Step>,
  rules: SlaRules,
  start?: TicketState,
): ApplyResult & { notices: Notice[]; results: ApplyResult[] } {
  let state = start;
  const results: ApplyResult[] = [];
  for (const step of steps) {
    const { event, now } = 'event' in step ? step : { event: step, now: undefined };
    const result = apply(state, event, rules, now === undefined ? event.occurredAt : ms(now));
    results.push(result);
    state = result.state;
  }
  const last = results[results.length - 1];
  if (last === undefined) throw new Error('applyAll needs at least one event');
  return { ...last, notices: results.flatMap((r) => r.effects.notices), results };
}

/** `tick` at an instant given as ISO text or ms. */
export function tickAt(state: TicketState, rules: SlaRules, at: Instant): ApplyResult {
  return tick(state, rules, ms(at));
}

/** The newest timer of a metric (throws when there is none: the test expected one). */
export function timerOf(state: TicketState, metric: Metric, cycle?: number) {
  const found = state.timers.filter((t) => t.metric === metric && (cycle === undefined || t.cycle === cycle)).sort((a, b) => b.cycle - a.cycle)[0];
  if (found === undefined) throw new Error(`no ${metric} timer${cycle === undefined ? '' : ` cycle ${cycle}`} in ${JSON.stringify(state.timers.map((t) => `${t.metric}#${t.cycle}`))}`);
  return found;
}

/** The view of the newest timer of a metric (or of one cycle) at an instant. */
export function viewAt(state: TicketState, rules: SlaRules, at: Instant, metric: Metric, cycle?: number): TimerView {
  const found = viewTimers(state, rules, ms(at))
    .filter((v) => v.metric === metric && (cycle === undefined || v.cycle === cycle))
    .sort((a, b) => b.cycle - a.cycle)[0];
  if (found === undefined) throw new Error(`no ${metric} timer${cycle === undefined ? '' : ` cycle ${cycle}`}`);
  return found;
}

/** Timers as `metric#cycle status` strings, in creation order: compact expectations. */
export function timerSummary(state: TicketState): string[] {
  return state.timers.map((t) => `${t.metric}#${t.cycle} ${t.status}`);
}

/** Recursively freezes a value (for "never mutates its input" checks). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
