/**
 * What the service stores per ticket, and what applying an event or a checkpoint yields.
 * Plain JSON-serializable data: the store persists it as is.
 */
import type { TicketSnapshot } from '../events.js';
import type { AlertAt, Metric, NotifyTarget, WriteBackKind } from './rules.js';

/** A real-time interval `[from, to)`; `to` is null while it is still open. */
export type Span = [from: number, to: number | null];

/** One cycle of one metric on one ticket. Running versus paused follows the ticket's pauses. */
export interface TimerState {
  metric: Metric;
  /** 1-based; `next_response` and `periodic_update` start a new cycle each time, `resolution` on restart. */
  cycle: number;
  calendarId: string;
  targetMs: number;
  startedAt: number;
  /** When the cycle counted, before pauses: one span, more when a resolution resumed after a reopen. */
  spans: Span[];
  status: 'active' | 'achieved' | 'cancelled';
  endedAt: number | null;
  /**
   * Set on retarget: the business time counted up to `at` under the earlier target and
   * calendar is kept, and only time after `at` is measured with the current calendar.
   */
  base: { at: number; elapsedMs: number } | null;
  /** First instant the elapsed time reached the target (null when within target). */
  breachedAt: number | null;
  /** Keys of the policy's alerts already fired in this cycle (a repeat as `<key>#r<n>`). */
  fired: string[];
  /**
   * Someone took the timer cycle on (Slack's Acknowledge button): its pre-breach alerts and
   * repeats stop. Absent until then.
   */
  acknowledged?: Acknowledgement;
  /**
   * Where the target came from: the ticket's policy and severity, under this config version.
   * A config change alone never moves a timer off it (unless `apply_changes: all_tickets`).
   * Absent on timers stored before it was recorded.
   */
  terms?: TimerTerms;
  /**
   * How the timer ended and what it counted for, fixed when it ended (see `sla/outcomes.ts`);
   * reports are built from it. Absent while active and on timers that ended before it existed.
   */
  outcome?: TimerOutcome;
}

/** Who acknowledged a timer cycle, and when. */
export interface Acknowledgement {
  at: number;
  /** Slack user id (`U0123…`). */
  userId: string;
  /** Their Slack user name, when Slack sent it. */
  userName: string | null;
}

/** An ended timer's result for reports, as the ticket stood when it ended. */
export interface TimerOutcome {
  kind: 'achieved' | 'breached_achieved' | 'cancelled';
  /** Business time counted up to the end. */
  businessMs: number;
  severityId: string;
  policyId: string | null;
  group: string | null;
  assignee: string | null;
  organization: string | null;
  configVersion: string | null;
}

/** The policy, severity and config version a timer's target was taken from. */
export interface TimerTerms {
  policyId: string;
  severityId: string;
  configVersion: string | null;
}

/** The SLA state of one ticket. */
export interface TicketState {
  source: string;
  ticketId: string;
  ticket: TicketSnapshot;
  /** Null when no policy matches the ticket: it has no clocks. */
  policyId: string | null;
  severityId: string;
  /**
   * The config version last applied to the ticket (its alerts, pauses and new cycles); each
   * timer's own target may come from an earlier one (`TimerState.terms`).
   */
  configVersion: string | null;
  /** `occurredAt` of the newest applied event: older events cannot roll the ticket back. */
  lastEventAt: number;
  /** Periods in a `pause_on` status; every timer of the ticket stops during them. */
  pauses: Span[];
  firstAgentReplyAt: number | null;
  lastAgentReplyAt: number | null;
  lastCustomerCommentAt: number | null;
  deleted: boolean;
  timers: TimerState[];
  /** Ids of recently applied events, newest last, for dedupe. */
  applied: string[];
  /** Notices decided but not yet confirmed handed to the notify queue. */
  outbox: Notice[];
  /** The instant of the ticket's one pending checkpoint, or null. */
  checkpointAt: number | null;
}

/** A change of a clock, for the audit trail and the live stream. */
export interface ClockChange {
  kind: 'started' | 'paused' | 'resumed' | 'retargeted' | 'warned' | 'breached' | 'achieved' | 'cancelled' | 'reopened' | 'acknowledged';
  metric: Metric;
  cycle: number;
  at: number;
  detail?: string;
}

/** What an alert message says about its timer, fixed when it fires. */
export interface TimerFacts {
  source: string;
  ticketId: string;
  subject: string | null;
  url: string | null;
  assignee: string | null;
  group: string | null;
  severityId: string;
  severityName: string;
  policyId: string;
  metric: Metric;
  cycle: number;
  targetMs: number;
  /** Business ms left (negative when overdue) when the alert was noticed. */
  remainingMs: number;
  dueAt: number | null;
  zone: string;
}

/** An alert that became due: one per alert rule and timer cycle, ever. */
export interface AlertNotice {
  kind: 'alert';
  /** Deterministic: the same alert of the same cycle always has this id. */
  id: string;
  alertKey: string;
  at: AlertAt;
  /** The instant the alert was due (not when it was noticed). */
  dueAt: number;
  /** Set on a repeat: the `n`th of `of` repeats of the alert (the alert itself has none). */
  repeat?: { n: number; of: number };
  /** Targets as they stood when it fired; a route in its quiet hours carries `holdUntil`. */
  targets: NotifyTarget[];
  /** Write-backs to the ticket through its integration (absent: none). */
  writeBack?: WriteBackKind[];
  facts: TimerFacts;
}

/** A timer that had alerts ended: its messages get the outcome. */
export interface OutcomeNotice {
  kind: 'outcome';
  id: string;
  outcome: 'achieved' | 'breached_achieved' | 'cancelled';
  endedAt: number;
  /** Why a cancelled timer was cancelled, e.g. `ticket solved without a reply`, `ticket deleted`. */
  reason: string | null;
  /** Who acknowledged the cycle, so the updated message keeps saying so (absent: nobody). */
  acknowledged?: Acknowledgement;
  facts: TimerFacts;
}

export type Notice = AlertNotice | OutcomeNotice;

/** What applying an event or a checkpoint decided, besides the new state. */
export interface Effects {
  /** True when the event was already applied: nothing changed. */
  duplicate: boolean;
  changes: ClockChange[];
  /** New notices (also appended to `state.outbox`). */
  notices: Notice[];
  /** Where the ticket's checkpoint job must be (null: none). Equals `state.checkpointAt`. */
  checkpointAt: number | null;
}

export interface ApplyResult {
  state: TicketState;
  effects: Effects;
}

/** One entry of a ticket's audit trail: what changed its clocks, and when it was recorded. */
export interface HistoryEntry {
  /** When the service recorded it (epoch ms). */
  recordedAt: number;
  /** The event id that caused it, or `checkpoint` for a scheduled re-check. */
  cause: string;
  /** `occurredAt` of the event, when caused by one. */
  occurredAt: number | null;
  configVersion: string | null;
  changes: ClockChange[];
}
