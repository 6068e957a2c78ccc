/** The yardstick: the LIFE ticket told as Freshdesk automation-rule deliveries. */
import { describe, expect, it } from 'vitest';
import { normalizeFreshdesk } from '../../../../integrations/freshdesk/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { delivery, fdBody, fdConfig } from './freshdesk-fixtures.js';

/** Each step as the rule that fires for it would post it (Freshdesk reopens a Pending ticket on a customer reply). */
const STEP: Record<LifeStep['name'], { event: string; status: string }> = {
  created: { event: 'ticket_created', status: 'Open' },
  agentReply: { event: 'agent_reply', status: 'Open' },
  customerReply: { event: 'customer_reply', status: 'Open' },
  pending: { event: 'agent_reply', status: 'Pending' },
  reopened: { event: 'customer_reply', status: 'Open' },
  solved: { event: 'agent_reply', status: 'Resolved' },
};

/** Rails renders times in the account zone with an offset; here Berlin (+01:00 in November). */
function railsTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 3_600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 19)} +0100`;
}

function freshdeskLife(): TicketEvent[] {
  return LIFE.flatMap((step) => {
    const body = fdBody('ticket-created', {
      ...STEP[step.name],
      priority: 'High',
      created_at: railsTime('2026-11-24T09:00:00Z'),
      updated_at: railsTime(step.at),
    });
    const r = normalizeFreshdesk(body, delivery(body), fdConfig());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.events;
  });
}

describe('Freshdesk ticket life', () => {
  it('produces exactly the timers of the generic life', () => {
    const events = freshdeskLife();
    expect(events).toHaveLength(6);
    expect(events.map((e) => [e.ticket.status, e.comment ?? null])).toEqual(LIFE.map((s) => [s.status, s.comment]));
    const timers = lifeTimers(events);
    expect(timers.length).toBeGreaterThan(0);
    expect(timers).toEqual(lifeTimers(genericLife()));
  });
});
