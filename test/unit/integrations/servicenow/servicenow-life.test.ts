/** The yardstick: the LIFE ticket told as ServiceNow business-rule deliveries. */
import { describe, expect, it } from 'vitest';
import { normalizeServicenow } from '../../../../integrations/servicenow/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { delivery, snBody, snConfig } from './servicenow-fixtures.js';

const AGENT = { type: 'comments', author: 'beth.anglin', author_is_caller: false, author_is_agent: true };
const CALLER = { type: 'comments', author: 'abel.tuter', author_is_caller: true, author_is_agent: false };

/**
 * Each step as the business rule posts it. Awaiting Caller needs an additional comment, and
 * the caller's reply clears the hold reason and sets In Progress (ServiceNow's state model).
 */
const STEP: Record<LifeStep['name'], Record<string, unknown>> = {
  created: { event: 'created', state: '1', hold_reason: null, comment: null, sys_updated_by: 'abel.tuter' },
  agentReply: { state: '2', hold_reason: null, comment: AGENT, sys_updated_by: 'beth.anglin' },
  customerReply: { state: '2', hold_reason: null, comment: CALLER, sys_updated_by: 'abel.tuter' },
  pending: { state: '3', hold_reason: '1', comment: AGENT, sys_updated_by: 'beth.anglin' },
  reopened: { state: '2', hold_reason: null, comment: CALLER, sys_updated_by: 'abel.tuter' },
  solved: { state: '6', hold_reason: null, comment: AGENT, sys_updated_by: 'beth.anglin' },
};

/** GlideDateTime.getValue(): yyyy-MM-dd HH:mm:ss in UTC. */
const glide = (iso: string) => new Date(iso).toISOString().slice(0, 19).replace('T', ' ');

function servicenowLife(): TicketEvent[] {
  return LIFE.flatMap((step, i) => {
    const body = snBody('incident-created', {
      ...STEP[step.name],
      priority: '2',
      opened_at: glide('2026-11-24T09:00:00Z'),
      sys_updated_on: glide(step.at),
      sys_mod_count: String(i),
    });
    const r = normalizeServicenow(body, delivery(body), snConfig());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.events;
  });
}

describe('ServiceNow ticket life', () => {
  it('produces exactly the timers of the generic life', () => {
    const events = servicenowLife();
    expect(events).toHaveLength(6);
    expect(events.map((e) => [e.ticket.status, e.comment ?? null])).toEqual(LIFE.map((s) => [s.status, s.comment]));
    const timers = lifeTimers(events);
    expect(timers.length).toBeGreaterThan(0);
    expect(timers).toEqual(lifeTimers(genericLife()));
  });
});
