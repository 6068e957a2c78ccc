/**
 * The timer state machine: `apply` folds one ticket event into a ticket's SLA state,
 * `tick` re-checks a state at a checkpoint. Both are pure: the clock is the `now`
 * parameter, inputs are never mutated, and every decision comes back as data.
 */
import type { TicketEvent } from '../events.js';
import { followConfig, followConfigAtCheckpoint, settleTerms } from './change-control.js';
import { settle } from './due.js';
import { stampOutcomes } from './outcomes.js';
import type { SlaRules } from './rules.js';
import type { ApplyResult, ClockChange, TicketState } from './state.js';
import { applyComment, applyStatusChange, endTimer, ensureCreationTimers, syncPause } from './transitions.js';

/** How many recent event ids a ticket remembers for dedupe (older repeats are harmless anyway). */
const REMEMBERED_EVENTS = 32;

/** Applies one event to a ticket's state (undefined for a ticket not seen before). */
export function apply(prev: TicketState | undefined, event: TicketEvent, rules: SlaRules, now: number): ApplyResult {
  if (prev?.applied.includes(event.eventId)) {
    return { state: prev, effects: { duplicate: true, changes: [], notices: [], checkpointAt: prev.checkpointAt } };
  }
  const changes: ClockChange[] = [];
  const createdAt = Math.min(event.ticket.createdAt, now);
  // Clamp: a help desk's clock may run ahead of ours, and nothing happens before creation.
  const t = Math.max(Math.min(event.occurredAt, now), Math.min(createdAt, prev?.ticket.createdAt ?? createdAt));
  const s: TicketState = prev === undefined ? emptyState(event, createdAt) : structuredClone(prev);
  const stale = prev !== undefined && event.occurredAt < prev.lastEventAt;
  // A deletion of a known ticket only ends its clocks: its payload (often just an id) must not
  // retarget them or move them through a status change first.
  const endsKnownTicket = prev !== undefined && event.deleted === true;
  const fromStatus = prev?.ticket.status ?? 'new';

  // The config that applies to this event (its alerts, pauses, new cycles): the history records it.
  s.configVersion = rules.version;
  if (!stale && !endsKnownTicket) {
    s.ticket = { ...event.ticket, createdAt: prev?.ticket.createdAt ?? createdAt };
    s.lastEventAt = event.occurredAt;
    s.deleted = false;
    const policy = settleTerms(s, prev, rules, t, changes);
    followConfig(s, policy, rules, t, changes, prev?.configVersion ?? null);
    if (policy !== undefined) ensureCreationTimers(s, policy, prev === undefined, changes);
  }
  const policy = s.policyId === null ? undefined : rules.policies.find((p) => p.id === s.policyId);
  if (policy !== undefined && event.comment?.public === true) applyComment(s, policy, event.comment.author, t, changes);
  if (!stale && !endsKnownTicket && policy !== undefined) applyStatusChange(s, rules, policy, fromStatus, s.ticket.status, t, changes);
  if (!stale && !endsKnownTicket) syncPause(s, policy, t, changes);
  if (event.deleted === true) {
    s.deleted = true;
    if (!stale) s.lastEventAt = event.occurredAt;
    // A late deletion cannot end a timer before it started (a cycle begun by a newer event).
    for (const timer of s.timers) if (timer.status === 'active') endTimer(timer, 'cancelled', Math.max(t, timer.startedAt), changes, 'ticket deleted');
  }
  s.applied = [...s.applied, event.eventId].slice(-REMEMBERED_EVENTS);
  const { notices, checkpointAt } = settle(s, rules, now, changes);
  stampOutcomes(prev, s, rules, now);
  return { state: s, effects: { duplicate: false, changes, notices, checkpointAt } };
}

/** Re-checks a ticket at `now` (a checkpoint firing): fires what is due, finds the next checkpoint. */
export function tick(prev: TicketState, rules: SlaRules, now: number): ApplyResult {
  const s = structuredClone(prev);
  const changes: ClockChange[] = [];
  followConfigAtCheckpoint(s, rules, now, changes);
  s.configVersion = rules.version;
  const { notices, checkpointAt } = settle(s, rules, now, changes);
  stampOutcomes(prev, s, rules, now);
  return { state: s, effects: { duplicate: false, changes, notices, checkpointAt } };
}

function emptyState(event: TicketEvent, createdAt: number): TicketState {
  return {
    source: event.source,
    ticketId: event.ticket.id,
    ticket: { ...event.ticket, createdAt },
    policyId: null,
    severityId: '',
    configVersion: null,
    lastEventAt: event.occurredAt,
    pauses: [],
    firstAgentReplyAt: null,
    lastAgentReplyAt: null,
    lastCustomerCommentAt: null,
    deleted: false,
    timers: [],
    applied: [],
    outbox: [],
    checkpointAt: null,
  };
}
