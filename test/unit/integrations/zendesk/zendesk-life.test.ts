/**
 * The yardstick: the ticket life of test/support/ticket-life.ts told in Zendesk's own
 * payloads, through both webhook kinds, gives exactly the timers of the generic life.
 */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeAt, lifeTimers } from '../../../support/ticket-life.js';
import { eventsOf, eventSubscriptionLife, LIFE_AGENT, LIFE_CUSTOMER, LIFE_TICKET, zendeskLifeStatus } from './zendesk-kit.js';

/** What a trigger-connected webhook receives: the update trigger always, the comment trigger when a comment was added. */
function triggerLife(): unknown[] {
  return LIFE.flatMap((step) => {
    const minute = step.at.replace(':00Z', 'Z');
    const rendered = zendeskLifeStatus(step).charAt(0) + zendeskLifeStatus(step).slice(1).toLowerCase();
    const base = {
      ticket_id: LIFE_TICKET, status: rendered, priority: 'High', created_at: '2026-11-24T09:00Z', updated_at: minute, subject: 'Checkout is down',
      url: `https://acme.zendesk.com/agent/tickets/${LIFE_TICKET}`, tags: 'checkout', group: 'Tier 1', organization: 'Acme Retail',
      assignee: step.name === 'created' ? '' : 'Dana Agent', requester: 'pat@acme-customer.example',
      updater_id: step.comment?.author === 'agent' ? LIFE_AGENT : LIFE_CUSTOMER,
    };
    if (step.comment === null) return [base];
    const role = step.comment.author === 'agent' ? 'Agent' : 'End-user';
    const comment = { ...base, comment_public: String(step.comment.public), comment_author_role: role, comment_author_id: base.updater_id };
    return [comment, base];
  });
}

const normalizeAll = (payloads: unknown[]): TicketEvent[] => payloads.flatMap((p) => eventsOf(p));

describe('the ticket life told by Zendesk', () => {
  const expected = lifeTimers(genericLife());

  it('is a non-trivial yardstick', () => {
    expect(expected.length).toBeGreaterThanOrEqual(4);
  });

  it('gives the generic life timers through event subscriptions', () => {
    const events = normalizeAll(eventSubscriptionLife('comment-first'));
    expect(events).toHaveLength(11);
    expect(events.filter((e) => e.comment !== undefined)).toHaveLength(5);
    expect(lifeTimers(events)).toEqual(expected);
  });

  it('keeps the reply of the pending and reopening actions whatever the order of their events', () => {
    const events = normalizeAll(eventSubscriptionLife('alternate'));
    const untilReopened = (e: TicketEvent) => e.occurredAt <= Date.parse('2026-11-24T11:00:00Z');
    expect(lifeTimers(events.filter(untilReopened))).toEqual(lifeTimers(genericLife().filter(untilReopened)));
  });

  // Zendesk does not order the events of one action: the solve may be applied before the reply
  // that came with it. The reply, at the same instant, still answers what the solve cancelled.
  it('gives the generic life timers when the solve arrives before its reply', () => {
    expect(lifeTimers(normalizeAll(eventSubscriptionLife('alternate')))).toEqual(expected);
  });

  it('gives the generic life timers through trigger webhooks', () => {
    const events = normalizeAll(triggerLife());
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(11);
    expect(lifeTimers(events)).toEqual(expected);
  });

  it('gives the generic life timers on another time base, with milliseconds in the events and whole seconds in the ticket', () => {
    const steps = lifeAt(Date.parse('2026-11-24T09:00:00Z'), { created: 0, agentReply: 2_100, customerReply: 2_600, pending: 3_005, reopened: 3_800, solved: 5_100 });
    const events = normalizeAll(eventSubscriptionLife('alternate', { steps, ticketId: '777' }));
    expect(events).toHaveLength(11);
    expect(new Set(events.map((e) => e.ticket.id))).toEqual(new Set(['777']));
    expect(events.filter((e) => e.comment !== undefined)).toHaveLength(5);
    expect(lifeTimers(events)).toEqual(lifeTimers(genericLife('777', steps)));
  });
});
