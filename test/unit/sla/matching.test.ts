/**
 * Severity mapping and policy matching: source values compare case-insensitively and
 * trimmed, the first severity (most severe first) or policy that matches wins, the default
 * severity catches the rest, and a ticket no policy matches has no timers.
 */
import { describe, expect, it } from 'vitest';
import { apply, policyFor, severityFor } from '../../../src/sla/index.js';
import type { PolicyRule, SeverityRule } from '../../../src/sla/index.js';
import { policyFixture, rulesFixture, targets, ticketEvent, type TicketEventInput } from '../../support/sla-fixtures.js';

const AT = '2026-11-23T14:00:00Z';
type TicketShape = Omit<TicketEventInput, 'id' | 'at'>;
const ticket = (shape: TicketShape) => ticketEvent({ id: 'e', at: AT, ...shape }).ticket;

describe('severityFor', () => {
  const rules = rulesFixture();
  it.each<[string, TicketShape, string]>([
    ['priority urgent', { priority: 'urgent' }, 'sev1'],
    ['priority URGENT (case-insensitive)', { priority: 'URGENT' }, 'sev1'],
    ['priority " Urgent " (trimmed)', { priority: ' Urgent ' }, 'sev1'],
    ['numeric priority "4"', { priority: '4' }, 'sev1'],
    ['priority highest (config says Highest)', { priority: 'highest' }, 'sev1'],
    ['priority HIGH', { priority: 'HIGH' }, 'sev2'],
    ['priority "3"', { priority: '3' }, 'sev2'],
    ['priority low: no severity lists it, default', { priority: 'low' }, 'sev3'],
    ['no priority: default', { priority: null }, 'sev3'],
    ['tag Outage (tags_any)', { priority: 'low', tags: ['billing', 'Outage'] }, 'sev1'],
    ['field impact=Critical', { fields: { impact: 'Critical' } }, 'sev1'],
    ['field impact=minor', { fields: { impact: 'minor' } }, 'sev3'],
    ['field impact=null', { fields: { impact: null } }, 'sev3'],
    ['high priority and outage tag: the most severe listed first wins', { priority: 'high', tags: ['outage'] }, 'sev1'],
  ])('%s → %s', (_name, shape, expected) => {
    expect(severityFor(rules, ticket(shape)).id).toBe(expected);
  });

  it('falls back to the rule marked default even when it is not the last one', () => {
    const severities: SeverityRule[] = [
      { id: 'p1', name: 'P1', isDefault: false, from: { priority: ['p1'] } },
      { id: 'p3', name: 'P3', isDefault: true, from: {} },
      { id: 'p2', name: 'P2', isDefault: false, from: { priority: ['p2'] } },
    ];
    const r = rulesFixture({ severities });
    expect(severityFor(r, ticket({ priority: 'p2' })).id).toBe('p2');
    expect(severityFor(r, ticket({ priority: 'zzz' })).id).toBe('p3');
  });

  it('compares number and boolean field values as text', () => {
    const severities: SeverityRule[] = [
      { id: 'tier1', name: 'T1', isDefault: false, from: { fields: { tier: ['1'], escalated: ['TRUE'] } } },
      { id: 'other', name: 'Other', isDefault: true, from: {} },
    ];
    const r = rulesFixture({ severities });
    expect(severityFor(r, ticket({ fields: { tier: 1 } })).id).toBe('tier1');
    expect(severityFor(r, ticket({ fields: { escalated: true } })).id).toBe('tier1');
    expect(severityFor(r, ticket({ fields: { tier: 2, escalated: false } })).id).toBe('other');
  });
});

describe('policyFor', () => {
  const policy = (id: string, match: PolicyRule['match']) => policyFixture({ id, match });
  const policies = [
    policy('tags-any', { tagsAny: ['enterprise', 'vip'] }),
    policy('tags-all', { tagsAll: ['billing', 'eu'] }),
    policy('org', { organization: ['Acme'] }),
    policy('group', { group: ['Tier 2'] }),
    policy('source', { source: ['zendesk'] }),
    policy('priority', { priority: ['low'] }),
    policy('severity', { severity: ['sev2'] }),
    policy('field', { fields: { plan: ['gold', 'platinum'] } }),
    policy('field-and-org', { fields: { region: ['emea'] }, organization: ['Initech'] }),
  ];
  const rules = rulesFixture({ policies });

  it.each<[string, TicketShape, string | undefined]>([
    ['tags_any, any listed tag, any case', { tags: ['VIP'] }, 'tags-any'],
    ['tags_all needs every listed tag', { tags: ['eu', 'other', 'Billing'] }, 'tags-all'],
    ['tags_all with one tag missing does not match', { tags: ['billing'] }, undefined],
    ['first match wins (tags_any before tags_all)', { tags: ['billing', 'eu', 'enterprise'] }, 'tags-any'],
    ['organization', { organization: 'acme' }, 'org'],
    ['group', { group: 'tier 2' }, 'group'],
    ['source', { source: 'Zendesk' }, 'source'],
    ['priority value', { priority: 'LOW' }, 'priority'],
    ['severity id (high → sev2)', { priority: 'high' }, 'severity'],
    ['severity id does not match sev1', { priority: 'urgent' }, undefined],
    ['fields.<name>', { fields: { plan: 'Platinum' } }, 'field'],
    ['every condition of a match must hold', { fields: { region: 'EMEA' }, organization: 'Initech' }, 'field-and-org'],
    ['one condition of two is not enough', { fields: { region: 'emea' }, organization: 'Acme Corp' }, undefined],
    ['nothing matches', { tags: ['random'], organization: null, group: null }, undefined],
  ])('%s → %s', (_name, shape, expected) => {
    const { source, ...rest } = shape;
    const t = ticket(rest);
    expect(policyFor(rules, t, source ?? 'generic', severityFor(rules, t).id)?.id).toBe(expected);
  });

  it('an empty match applies to every ticket (a catch-all after specific policies)', () => {
    const r = rulesFixture({ policies: [policy('vip', { tagsAny: ['vip'] }), policy('catch-all', {})] });
    expect(policyFor(r, ticket({ tags: ['vip'] }), 'generic', 'sev3')?.id).toBe('vip');
    expect(policyFor(r, ticket({}), 'generic', 'sev3')?.id).toBe('catch-all');
  });
});

describe('apply without a matching policy, or without a target', () => {
  it('keeps no timers and schedules nothing when no policy matches', () => {
    const rules = rulesFixture({ policies: [policyFixture({ id: 'vip', match: { tagsAny: ['vip'] } })] });
    const { state, effects } = apply(undefined, ticketEvent({ id: 'e1', at: AT, priority: 'urgent' }), rules, Date.parse(AT));
    expect(state.policyId).toBeNull();
    expect(state.severityId).toBe('sev1');
    expect(state.timers).toEqual([]);
    expect(effects).toEqual({ duplicate: false, changes: [], notices: [], checkpointAt: null });
  });

  it('starts a timer only for metrics the severity has a target for', () => {
    const rules = rulesFixture({ policy: { targets: { sev3: targets({ resolution: '8h' }) } } });
    const { state } = apply(undefined, ticketEvent({ id: 'e1', at: AT }), rules, Date.parse(AT));
    expect(state.timers.map((t) => t.metric)).toEqual(['resolution']);
    const sev1 = apply(undefined, ticketEvent({ id: 'e1', at: AT, priority: 'urgent' }), rules, Date.parse(AT));
    expect(sev1.state.policyId).toBe('standard');
    expect(sev1.state.timers).toEqual([]);
  });
});
