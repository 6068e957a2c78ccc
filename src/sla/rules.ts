/**
 * The SLA rules in force: calendars, severities and policies, compiled from the config.
 * Plain data plus calendar objects; the config loader builds it, the domain only reads it.
 */
import type { BusinessCalendar } from '../clock/index.js';
import type { TicketStatus } from '../events.js';

export const METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
/** What a timer measures. */
export type Metric = (typeof METRICS)[number];

/** A calendar by id, with its zone for showing due instants. */
export interface CalendarEntry {
  calendar: BusinessCalendar;
  zone: string;
}

export interface SlaRules {
  /** The config's `version`, recorded on each ticket for change control. */
  version: string | null;
  /**
   * What a changed config does to tickets that already have timers (default `new_tickets`):
   * `new_tickets` keeps their targets (new cycles use this config); `all_tickets` moves their
   * running timers to this config's targets at their next event or checkpoint.
   */
  applyChanges?: ApplyChanges;
  calendars: ReadonlyMap<string, CalendarEntry>;
  /** Ordered, most severe first. */
  severities: SeverityRule[];
  /** Ordered; the first that matches a ticket applies. */
  policies: PolicyRule[];
}

export const APPLY_CHANGES = ['new_tickets', 'all_tickets'] as const;
/** The config's `apply_changes`. */
export type ApplyChanges = (typeof APPLY_CHANGES)[number];

/** Which source values make a ticket this severity; exactly one severity is the default. */
export interface SeverityRule {
  id: string;
  name: string;
  isDefault: boolean;
  from: {
    priority?: string[];
    tagsAny?: string[];
    fields?: Record<string, string[]>;
  };
}

/** All given conditions must hold; within one condition any listed value matches (case-insensitive). */
export interface PolicyMatch {
  tagsAny?: string[];
  tagsAll?: string[];
  organization?: string[];
  group?: string[];
  source?: string[];
  priority?: string[];
  severity?: string[];
  fields?: Record<string, string[]>;
}

export interface MetricTarget {
  targetMs: number;
  calendarId: string;
}

export interface PolicyRule {
  id: string;
  match: PolicyMatch;
  calendarId: string;
  pauseOn: TicketStatus[];
  onReopen: 'resume' | 'restart';
  /** Severity id → metric → target. A metric without a target has no timer. */
  targets: Record<string, Partial<Record<Metric, MetricTarget>>>;
  alerts: AlertRule[];
  /** Service credits owed per organization when this policy's timers breach (none when absent). */
  credits?: CreditTerms;
}

/** A policy's service-credit terms: each breach in a period earns `perBreachPercent`, up to `capPercent`. */
export interface CreditTerms {
  perBreachPercent: number;
  capPercent: number;
  period: 'month';
  /** Only breaches of these metrics count (all metrics when absent). */
  metrics?: Metric[];
}

/** When an alert fires, measured on the timer's business clock. */
export type AlertAt =
  | { kind: 'percent'; percent: number }
  | { kind: 'before'; ms: number }
  | { kind: 'breach' }
  | { kind: 'after'; ms: number };

/** Where an alert goes. */
export interface NotifyTarget {
  /** Slack channel name (`#support`) or id (`C0123…`). */
  slack: string;
  /** Raw Slack mentions: `<@U123>`, `<!subteam^S123>`, `<!here>`. */
  mention: string[];
  /**
   * Quiet hours of this route: outside this calendar's open hours, non-critical alerts to it are
   * held until the calendar next opens (absent: always delivered at once).
   */
  quietCalendarId?: string;
  /**
   * On a notice only, fixed when the alert fired: deliver to this route no earlier than this
   * instant (its quiet calendar's next opening). Absent: at once.
   */
  holdUntil?: number;
}

/** What an alert writes back to the ticket in its help desk: an internal note, or the due instant into a field. */
export type WriteBackKind = 'note' | 'due_field';

export interface AlertRule {
  /** Unique within the policy, stable across reloads: `percent:75`, `before:900000`, `breach`, `after:3600000`. */
  key: string;
  at: AlertAt;
  notify: NotifyTarget[];
  /** Write-backs to the ticket itself, through its integration (none when absent). */
  writeBack?: WriteBackKind[];
  /** Only for these metrics (all when absent). */
  metrics?: Metric[];
  /** Only for these severities (all when absent). */
  severities?: string[];
  /**
   * Fire again every `everyMs` of the timer's business time, at most `times` more, until the
   * timer is acknowledged or ends. Only on breach and after-breach alerts.
   */
  repeat?: AlertRepeat;
  /**
   * Goes through quiet hours. Absent: breach and after-breach alerts of the most severe
   * severity are critical, the rest are not (see `isCriticalAlert`).
   */
  critical?: boolean;
}

/** An alert's repeats: `every` of business time, at most `times` of them. */
export interface AlertRepeat {
  everyMs: number;
  times: number;
}

/** Business time into the timer at which an alert fires (may be 0). */
export function alertThresholdMs(at: AlertAt, targetMs: number): number {
  switch (at.kind) {
    case 'percent':
      return Math.round((targetMs * at.percent) / 100);
    case 'before':
      return Math.max(0, targetMs - at.ms);
    case 'breach':
      return targetMs;
    case 'after':
      return targetMs + at.ms;
  }
}

/**
 * Whether a policy's alert concerns a timer of this metric, severity and target. `15m before`
 * means nothing for a target of 15m or less (it would fire as the clock starts), so it never does.
 */
export function alertApplies(alert: AlertRule, severityId: string, metric: Metric, targetMs: number): boolean {
  return (
    !(alert.at.kind === 'before' && alert.at.ms >= targetMs) &&
    (alert.metrics === undefined || alert.metrics.includes(metric)) &&
    (alert.severities === undefined || alert.severities.includes(severityId))
  );
}

/**
 * Whether an alert goes through a route's quiet hours: as written (`critical: true|false`), else
 * breach and after-breach alerts of the most severe severity (the first listed) are critical.
 */
export function isCriticalAlert(alert: Pick<AlertRule, 'at' | 'critical'>, severityId: string, rules: Pick<SlaRules, 'severities'>): boolean {
  if (alert.critical !== undefined) return alert.critical;
  return isBreachOrLater(alert.at) && rules.severities[0]?.id === severityId;
}

/** Breach and after-breach alerts are also posted to the channel, not only in the thread. */
export function isBreachOrLater(at: AlertAt): boolean {
  return at.kind === 'breach' || at.kind === 'after';
}
