/**
 * Which severity a ticket has and which policy governs it. Values compare
 * case-insensitively and trimmed: tools disagree on case (`URGENT` vs `urgent`).
 */
import type { TicketSnapshot } from '../events.js';
import type { PolicyMatch, PolicyRule, SeverityRule, SlaRules } from './rules.js';

/** The first severity whose `from` matches the ticket, else the default one. */
export function severityFor(rules: SlaRules, ticket: TicketSnapshot): SeverityRule {
  const found =
    rules.severities.find((s) => severityMatches(s, ticket)) ??
    rules.severities.find((s) => s.isDefault) ??
    rules.severities[rules.severities.length - 1];
  if (found === undefined) throw new Error('the rules define no severity');
  return found;
}

/** The first policy whose match holds for the ticket, or undefined when none does. */
export function policyFor(rules: SlaRules, ticket: TicketSnapshot, source: string, severityId: string): PolicyRule | undefined {
  return rules.policies.find((p) => policyMatches(p.match, ticket, source, severityId));
}

function severityMatches(rule: SeverityRule, ticket: TicketSnapshot): boolean {
  const { priority, tagsAny, fields } = rule.from;
  if (priority === undefined && tagsAny === undefined && fields === undefined) return false;
  return (
    (priority !== undefined && ticket.priority !== null && includesValue(priority, ticket.priority)) ||
    (tagsAny !== undefined && ticket.tags.some((t) => includesValue(tagsAny, t))) ||
    (fields !== undefined && Object.entries(fields).some(([name, values]) => fieldMatches(ticket, name, values)))
  );
}

function policyMatches(m: PolicyMatch, ticket: TicketSnapshot, source: string, severityId: string): boolean {
  return (
    (m.tagsAny === undefined || ticket.tags.some((t) => includesValue(m.tagsAny!, t))) &&
    (m.tagsAll === undefined || m.tagsAll.every((want) => ticket.tags.some((t) => same(t, want)))) &&
    (m.organization === undefined || (ticket.organization !== null && includesValue(m.organization, ticket.organization))) &&
    (m.group === undefined || (ticket.group !== null && includesValue(m.group, ticket.group))) &&
    (m.source === undefined || includesValue(m.source, source)) &&
    (m.priority === undefined || (ticket.priority !== null && includesValue(m.priority, ticket.priority))) &&
    (m.severity === undefined || includesValue(m.severity, severityId)) &&
    (m.fields === undefined || Object.entries(m.fields).every(([name, values]) => fieldMatches(ticket, name, values)))
  );
}

function fieldMatches(ticket: TicketSnapshot, name: string, values: string[]): boolean {
  const value = ticket.fields[name];
  return value !== undefined && value !== null && includesValue(values, String(value));
}

function includesValue(list: readonly string[], value: string): boolean {
  return list.some((v) => same(v, value));
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
