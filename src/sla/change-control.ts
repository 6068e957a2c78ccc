/**
 * Change control: what a new config does to tickets that already have timers.
 *
 * A ticket's severity and policy (its terms) are re-evaluated with the rules in force when the
 * ticket changes a field that matching reads (priority, tags, group, organization, custom
 * fields): such a change retargets with the current config, as it always did. A config change
 * alone never moves a ticket under `new_tickets` (the default): it keeps its terms and every
 * running timer its target, while new cycles take their targets from the current config.
 * `all_tickets` moves running timers to the current config at their next event or checkpoint,
 * recording `config v<old> → v<new>`. Terms the config no longer defines are left in any mode.
 */
import type { TicketSnapshot } from '../events.js';
import { policyFor, severityFor } from './matching.js';
import type { PolicyRule, SlaRules } from './rules.js';
import type { ClockChange, TicketState } from './state.js';
import { configChangeDetail, endTimer, retarget, retargetTimer } from './transitions.js';

interface Terms {
  severityId: string;
  policy: PolicyRule | undefined;
}

function termsOf(rules: SlaRules, ticket: TicketSnapshot, source: string): Terms {
  const severity = severityFor(rules, ticket);
  return { severityId: severity.id, policy: policyFor(rules, ticket, source, severity.id) };
}

function sameTerms(a: Terms, severityId: string, policyId: string | null): boolean {
  return a.severityId === severityId && (a.policy?.id ?? null) === policyId;
}

function followsAll(rules: SlaRules): boolean {
  return (rules.applyChanges ?? 'new_tickets') === 'all_tickets';
}

/** What severity and policy matching read of a ticket, normalized as matching compares (trimmed, any case, tags as a set). */
function matchingInputs(t: TicketSnapshot): string {
  const norm = (v: string | null) => (v === null ? null : v.trim().toLowerCase());
  const fields = Object.entries(t.fields)
    .map(([k, v]) => [k, v === null ? null : norm(String(v))] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([norm(t.priority), [...new Set(t.tags.map(norm))].sort(), norm(t.group), norm(t.organization), fields]);
}

/**
 * Sets the ticket's terms after an event (`s.ticket` already the new snapshot, `prev` the
 * stored state) and retargets its running timers when they change; returns the policy.
 */
export function settleTerms(s: TicketState, prev: TicketState | undefined, rules: SlaRules, t: number, changes: ClockChange[]): PolicyRule | undefined {
  const now = termsOf(rules, s.ticket, s.source);
  const adopt = (): PolicyRule | undefined => {
    s.severityId = now.severityId;
    s.policyId = now.policy?.id ?? null;
    return now.policy;
  };
  if (prev === undefined || sameTerms(now, prev.severityId, prev.policyId)) return adopt();
  if (matchingInputs(prev.ticket) !== matchingInputs(s.ticket)) {
    adopt();
    retarget(s, rules, now.policy, t, changes);
    return now.policy;
  }
  const storedPolicy = prev.policyId === null ? undefined : rules.policies.find((p) => p.id === prev.policyId);
  // Terms the config no longer defines cannot be kept: the ticket moves even under new_tickets.
  const storedDefined = rules.severities.some((sev) => sev.id === prev.severityId) && (prev.policyId === null || storedPolicy !== undefined);
  if (followsAll(rules) || !storedDefined) {
    adopt();
    retarget(s, rules, now.policy, t, changes, (timer) => configChangeDetail(timer.terms?.configVersion ?? prev.configVersion, rules.version));
    return now.policy;
  }
  s.severityId = prev.severityId;
  s.policyId = prev.policyId;
  return storedPolicy;
}

/**
 * Under `all_tickets`, moves running timers to the current target of the ticket's terms
 * (a metric the current config gives no target is cancelled). `fallbackVersion` names the
 * earlier config for timers stored without their own. No-op under `new_tickets`.
 */
export function followConfig(s: TicketState, policy: PolicyRule | undefined, rules: SlaRules, t: number, changes: ClockChange[], fallbackVersion: string | null): void {
  if (!followsAll(rules) || policy === undefined) return;
  for (const timer of s.timers) {
    if (timer.status !== 'active') continue;
    const detail = configChangeDetail(timer.terms?.configVersion ?? fallbackVersion, rules.version);
    const target = policy.targets[s.severityId]?.[timer.metric];
    if (target === undefined) endTimer(timer, 'cancelled', t, changes, `no ${timer.metric} target for ${s.severityId} under ${policy.id} (${detail})`);
    else retargetTimer(s, rules, timer, target, t, changes, detail);
  }
}

/**
 * At a checkpoint under `all_tickets`: the ticket's terms and running timers follow the
 * current config, as at an event that changes nothing else. No-op under `new_tickets`.
 */
export function followConfigAtCheckpoint(s: TicketState, rules: SlaRules, now: number, changes: ClockChange[]): void {
  if (!followsAll(rules)) return;
  const fallback = s.configVersion;
  const terms = termsOf(rules, s.ticket, s.source);
  if (!sameTerms(terms, s.severityId, s.policyId)) {
    s.severityId = terms.severityId;
    s.policyId = terms.policy?.id ?? null;
    retarget(s, rules, terms.policy, now, changes, (timer) => configChangeDetail(timer.terms?.configVersion ?? fallback, rules.version));
  }
  followConfig(s, terms.policy, rules, now, changes, fallback);
}
