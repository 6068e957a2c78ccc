/**
 * The SLA domain, pure: rules, ticket state, the timer state machine and timer views.
 * No I/O and no clock of its own: `now` is always a parameter.
 */
export { apply, tick } from './apply.js';
export { timerId } from './due.js';
export { policyFor, severityFor } from './matching.js';
export { METRICS, alertThresholdMs, isBreachOrLater } from './rules.js';
export type { AlertAt, AlertRule, CalendarEntry, Metric, MetricTarget, NotifyTarget, PolicyMatch, PolicyRule, SeverityRule, SlaRules, WriteBackKind } from './rules.js';
export type { AlertNotice, ApplyResult, ClockChange, Effects, HistoryEntry, Notice, OutcomeNotice, Span, TicketState, TimerFacts, TimerState } from './state.js';
export { viewTimer, viewTimers, type TimerView, type TimerViewState } from './timer-view.js';
