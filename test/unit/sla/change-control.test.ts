/**
 * Change control: a config reload never retargets running timers silently. Under
 * `new_tickets` (the default) running timers keep their targets and only new cycles use the
 * new config; a change of the ticket itself still retargets with the current config. Under
 * `all_tickets` running timers move to the new targets at their next event or checkpoint,
 * recorded as `config v1 → v2`. Calendar `biz`: Mon–Fri 09:00–17:00 New York (EST).
 */
import { describe, expect, it } from 'vitest';
import type { ApplyChanges, ClockChange, PolicyRule, SlaRules, TicketState } from '../../../src/sla/index.js';
import { DEFAULT_SEVERITIES, HOUR, applyAll, ms, rulesFixture, targets, tickAt, ticketFixture, timerOf, viewAt } from '../../support/sla-fixtures.js';

const MON_0900 = '2026-11-23T09:00:00-05:00';
const V1_TARGETS = { sev1: targets({ first_response: '1h', resolution: '8h' }), sev3: targets({ first_response: '4h', next_response: '8h', resolution: '40h' }) };
const V2_TARGETS = { sev1: targets({ first_response: '30m', resolution: '4h' }), sev3: targets({ first_response: '2h', next_response: '4h', resolution: '20h' }) };

function rulesV(version: string, mode: ApplyChanges | undefined, policy: Partial<PolicyRule> = {}, extra: Partial<SlaRules> = {}): SlaRules {
  const r = rulesFixture({ version, policy: { targets: version === '1' ? V1_TARGETS : V2_TARGETS, ...policy } });
  return { ...r, ...(mode === undefined ? {} : { applyChanges: mode }), ...extra };
}

/** A sev3 ticket created Mon 09:00 under v1 (4h first response → due 13:00). */
function createdUnderV1(priority: string | null = null): { state: TicketState; tk: ReturnType<typeof ticketFixture> } {
  const tk = ticketFixture({ createdAt: MON_0900, priority });
  return { state: applyAll([tk.event({ id: 'e0', at: MON_0900 })], rulesV('1', undefined)).state, tk };
}

const kinds = (changes: ClockChange[]) => changes.map((c) => `${c.kind} ${c.metric}${c.detail === undefined ? '' : ` (${c.detail})`}`);

describe('an event after a config reload', () => {
  it.each([
    {
      mode: undefined, name: 'default (new_tickets)', changes: [],
      first: { targetMs: 4 * HOUR, dueAt: ms('2026-11-23T13:00:00-05:00') }, firstVersion: '1',
    },
    {
      mode: 'new_tickets' as const, name: 'new_tickets', changes: [],
      first: { targetMs: 4 * HOUR, dueAt: ms('2026-11-23T13:00:00-05:00') }, firstVersion: '1',
    },
    {
      // 1h counted at 10:00; the new 2h target → due 11:00; resolution 20h from 39h left → 1h + 19h.
      mode: 'all_tickets' as const, name: 'all_tickets',
      changes: ['retargeted first_response (config v1 → v2)', 'retargeted resolution (config v1 → v2)'],
      first: { targetMs: 2 * HOUR, dueAt: ms('2026-11-23T11:00:00-05:00') }, firstVersion: '2',
    },
  ])('$name: running timers $changes.length retargeted', ({ mode, changes, first, firstVersion }) => {
    const { state, tk } = createdUnderV1();
    const v2 = rulesV('2', mode);
    const result = applyAll([tk.event({ id: 'note', at: '2026-11-23T10:00:00-05:00', comment: 'agent-internal' })], v2, state);
    expect(kinds(result.effects.changes)).toEqual(changes);
    expect(viewAt(result.state, v2, '2026-11-23T10:00:00-05:00', 'first_response')).toMatchObject(first);
    expect(timerOf(result.state, 'first_response').terms).toEqual({ policyId: 'standard', severityId: 'sev3', configVersion: firstVersion });
    // The history entry of this event records the config that applied to it.
    expect(result.state.configVersion).toBe('2');
  });

  it.each([undefined, 'all_tickets'] as const)('a new cycle takes its target from the current config (%s)', (mode) => {
    const { state, tk } = createdUnderV1();
    const v2 = rulesV('2', mode);
    const { state: s } = applyAll(
      [tk.event({ id: 'a', at: '2026-11-23T10:00:00-05:00', comment: 'agent' }), tk.event({ id: 'c', at: '2026-11-23T11:00:00-05:00', comment: 'customer' })],
      v2,
      state,
    );
    // next_response is 4h under v2 (8h under v1): 11:00 + 4h → 15:00.
    expect(viewAt(s, v2, '2026-11-23T11:00:00-05:00', 'next_response')).toMatchObject({ targetMs: 4 * HOUR, dueAt: ms('2026-11-23T15:00:00-05:00') });
    expect(timerOf(s, 'next_response').terms?.configVersion).toBe('2');
  });

  it('a priority change still retargets, with the current config', () => {
    const { state, tk } = createdUnderV1('low');
    const v2 = rulesV('2', 'new_tickets');
    const { state: s, effects } = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'urgent' })], v2, state);
    expect(kinds(effects.changes)).toEqual([`retargeted first_response (standard/sev1: ${HOUR / 2} ms)`, `retargeted resolution (standard/sev1: ${4 * HOUR} ms)`, 'breached first_response']);
    // 1h counted, 30m target: already past, so it breaches at the change.
    expect(timerOf(s, 'first_response')).toMatchObject({ targetMs: HOUR / 2, breachedAt: ms('2026-11-23T10:00:00-05:00') });
  });
});

describe('a config that maps the ticket to other terms', () => {
  // v2 makes `high` critical: a high ticket stored as sev2 under v1 would be sev1 now.
  const v2Severities = [{ ...DEFAULT_SEVERITIES[0]!, from: { priority: ['urgent', 'high'] } }, ...DEFAULT_SEVERITIES.slice(1)];
  const v1 = rulesFixture({ version: '1', policy: { targets: { ...V1_TARGETS, sev2: targets({ first_response: '2h', resolution: '16h' }) } } });
  const v2For = (mode: ApplyChanges) => ({ ...rulesV('2', mode, { targets: { ...V2_TARGETS, sev2: targets({ first_response: '1h' }) } }), severities: v2Severities });
  const highTicket = () => {
    const tk = ticketFixture({ createdAt: MON_0900, priority: 'high' });
    return { tk, state: applyAll([tk.event({ id: 'e0', at: MON_0900 })], v1).state };
  };

  it.each([
    { mode: 'new_tickets' as const, severity: 'sev2', changes: [] as string[] },
    // sev1 answers in 30m under v2: 1h counted, so it breaches at the change.
    { mode: 'all_tickets' as const, severity: 'sev1', changes: ['retargeted first_response (config v1 → v2)', 'retargeted resolution (config v1 → v2)', 'breached first_response'] },
  ])('$mode: the ticket is $severity after an event that changes nothing it is matched on', ({ mode, severity, changes }) => {
    const { tk, state } = highTicket();
    const { state: s, effects } = applyAll([tk.event({ id: 'c', at: '2026-11-23T10:00:00-05:00', comment: 'customer-internal' })], v2For(mode), state);
    expect(s.severityId).toBe(severity);
    expect(kinds(effects.changes)).toEqual(changes);
  });

  it('new_tickets: raising the priority re-evaluates with the current config even when it maps both values alike', () => {
    const { tk, state } = highTicket();
    const { state: s, effects } = applyAll([tk.event({ id: 'p', at: '2026-11-23T10:00:00-05:00', priority: 'urgent' })], v2For('new_tickets'), state);
    expect(s.severityId).toBe('sev1');
    expect(kinds(effects.changes)).toEqual([`retargeted first_response (standard/sev1: ${HOUR / 2} ms)`, `retargeted resolution (standard/sev1: ${4 * HOUR} ms)`, 'breached first_response']);
  });

  it('new_tickets: a policy the config no longer has cannot be kept; the move is recorded as the config change', () => {
    const { state, tk } = createdUnderV1();
    const v2 = rulesV('2', 'new_tickets', { id: 'renamed' });
    const { state: s, effects } = applyAll([tk.event({ id: 'n', at: '2026-11-23T10:00:00-05:00', comment: 'agent-internal' })], v2, state);
    expect(s.policyId).toBe('renamed');
    expect(kinds(effects.changes)).toEqual(['retargeted first_response (config v1 → v2)', 'retargeted resolution (config v1 → v2)']);
  });
});

describe('a checkpoint after a config reload', () => {
  it.each([
    { mode: 'new_tickets' as const, changes: [] as string[], due: ms('2026-11-23T13:00:00-05:00') },
    { mode: 'all_tickets' as const, changes: ['retargeted first_response (config v1 → v2)', 'retargeted resolution (config v1 → v2)'], due: ms('2026-11-23T11:00:00-05:00') },
  ])('$mode', ({ mode, changes, due }) => {
    const { state } = createdUnderV1();
    const v2 = rulesV('2', mode);
    const { state: s, effects } = tickAt(state, v2, '2026-11-23T10:00:00-05:00');
    expect(kinds(effects.changes)).toEqual(changes);
    expect(viewAt(s, v2, '2026-11-23T10:00:00-05:00', 'first_response').dueAt).toBe(due);
    expect(effects.checkpointAt).toBe(due);
    expect(s.configVersion).toBe('2');
  });

  it('all_tickets: a metric the new config gives no target is cancelled, saying why', () => {
    const { state } = createdUnderV1();
    const v2 = rulesV('2', 'all_tickets', { targets: { sev3: targets({ resolution: '20h' }) } });
    const { effects } = tickAt(state, v2, '2026-11-23T10:00:00-05:00');
    expect(kinds(effects.changes)).toEqual(['cancelled first_response (no first_response target for sev3 under standard (config v1 → v2))', 'retargeted resolution (config v1 → v2)']);
  });

  it('the same config leaves the state as it was (no write, no changes)', () => {
    const { state } = createdUnderV1();
    const { state: s, effects } = tickAt(state, rulesV('1', 'all_tickets'), '2026-11-23T10:00:00-05:00');
    expect(effects.changes).toEqual([]);
    expect(s).toEqual(state);
  });
});

describe('reopening after a config reload', () => {
  it.each([
    // 2h counted before the solve at 11:00; resumes at 13:00 with 38h left under v1 (40h) or 18h under v2 (20h).
    { mode: 'new_tickets' as const, targetMs: 40 * HOUR, retargeted: [] as string[] },
    { mode: 'all_tickets' as const, targetMs: 20 * HOUR, retargeted: ['retargeted resolution (config v1 → v2)'] },
  ])('$mode: the resumed resolution keeps or takes the target', ({ mode, targetMs, retargeted }) => {
    const tk = ticketFixture({ createdAt: MON_0900 });
    const v1 = rulesV('1', mode);
    const solved = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 's', at: '2026-11-23T11:00:00-05:00', status: 'solved' })], v1).state;
    const v2 = rulesV('2', mode);
    const { state: s, effects } = applyAll([tk.event({ id: 'o', at: '2026-11-23T13:00:00-05:00', status: 'open' })], v2, solved);
    expect(viewAt(s, v2, '2026-11-23T13:00:00-05:00', 'resolution')).toMatchObject({ cycle: 1, state: 'running', targetMs, elapsedMs: 2 * HOUR });
    expect(kinds(effects.changes).filter((c) => c.startsWith('retargeted'))).toEqual(retargeted);
  });
});

describe('config versions on the ticket', () => {
  it('records the version of the rules that applied, stale events included', () => {
    const { state, tk } = createdUnderV1();
    const v2 = rulesV('2', undefined);
    const late = applyAll([tk.event({ id: 'later', at: '2026-11-23T12:00:00-05:00' })], rulesV('1', undefined), state).state;
    const stale = applyAll([tk.event({ id: 'stale', at: '2026-11-23T10:00:00-05:00', comment: 'agent' })], v2, late).state;
    expect(stale.configVersion).toBe('2');
    expect(timerOf(stale, 'first_response')).toMatchObject({ status: 'achieved', targetMs: 4 * HOUR, terms: { configVersion: '1' } });
  });

  it('old stored timers without terms keep their targets under new_tickets and resume under the current target', () => {
    const tk = ticketFixture({ createdAt: MON_0900 });
    const solved = applyAll([tk.event({ id: 'e0', at: MON_0900 }), tk.event({ id: 's', at: '2026-11-23T11:00:00-05:00', status: 'solved' })], rulesV('1', undefined)).state;
    const legacy: TicketState = { ...solved, timers: solved.timers.map(({ terms: _terms, ...t }) => t) };
    const v2 = rulesV('2', undefined);
    const { state: s } = applyAll([tk.event({ id: 'o', at: '2026-11-23T13:00:00-05:00', status: 'open' })], v2, legacy);
    expect(timerOf(s, 'resolution')).toMatchObject({ targetMs: 20 * HOUR, terms: { configVersion: '2' } });
  });
});
