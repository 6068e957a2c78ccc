/**
 * The SLA domain, pure: rules, ticket state, the timer state machine and timer views, and the
 * what-if, replay and explain tools built on them.
 * No I/O and no clock of its own: `now` is always a parameter.
 */
export { apply, tick } from './apply.js';
export { acknowledge, ackDetail, type AcknowledgeOutcome, type AcknowledgeRequest } from './acknowledge.js';
export { alertSteps, repeatKey, routesAt, stopsOnAcknowledge, type AlertStep } from './alert-plan.js';
export { timerId } from './due.js';
export { explainTicket, EXPLAIN_MAX_INTERVALS, type ExplainedPause, type ExplainOptions, type TicketExplanation, type TimerExplanation } from './explain.js';
export type { CrossedHoliday, CrossedOffsetChange } from './explain-calendar.js';
export { policyFor, severityFor } from './matching.js';
export { normalizePauses, previewProblems, previewTimers, type Preview, type PreviewAlert, type PreviewAnchor, type PreviewMetric, type PreviewProblem, type PreviewRequest } from './preview.js';
export { replayEvents, countReplayOutcomes, type ReplayCounts, type ReplayedTicket, type ReplayResult } from './replay.js';
export { APPLY_CHANGES, METRICS, alertApplies, alertThresholdMs, isBreachOrLater, isCriticalAlert } from './rules.js';
export type { AlertAt, AlertRepeat, AlertRule, ApplyChanges, CalendarEntry, Metric, MetricTarget, NotifyTarget, PolicyMatch, PolicyRule, SeverityRule, SlaRules, WriteBackKind } from './rules.js';
export type { Acknowledgement, AlertNotice, ApplyResult, ClockChange, Effects, HistoryEntry, Notice, OutcomeNotice, Span, TicketState, TimerFacts, TimerState, TimerTerms } from './state.js';
export { viewTimer, viewTimers, type TimerView, type TimerViewState } from './timer-view.js';
