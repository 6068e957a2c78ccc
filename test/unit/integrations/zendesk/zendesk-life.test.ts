/**
 * The yardstick: the ticket life of test/support/ticket-life.ts told in Zendesk's own
 * payloads, through both webhook kinds, gives exactly the timers of the generic life.
 */
import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, LIFE_TICKET_CREATED, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { eventsOf } from './zendesk-kit.js';

const TICKET = '35436';
const AGENT = '8447388090495';
const CUSTOMER = '8447388090494';

/** How Zendesk names the canonical statuses of the life. */
const ZENDESK_STATUS = { open: 'OPEN', pending: 'PENDING', solved: 'SOLVED' } as const;

function zendeskStatus(step: LifeStep): string {
  // A ticket a customer submits is New until an agent touches it.
  if (step.name === 'created') return 'NEW';
  return ZENDESK_STATUS[step.status as keyof typeof ZENDESK_STATUS];
}

function detail(step: LifeStep) {
  return {
    id: TICKET, status: zendeskStatus(step), priority: 'HIGH', created_at: LIFE_TICKET_CREATED, updated_at: step.at,
    subject: 'Checkout is down', tags: ['checkout'], requester_id: CUSTOMER, assignee_id: step.name === 'created' ? null : AGENT,
    group_id: '360005554321', organization_id: '360099887766', custom_status: '0', via: { channel: 'web_form' },
  };
}

function envelope(type: string, id: string, step: LifeStep, event: Record<string, unknown>) {
  return { type: `zen:event-type:ticket.${type}`, account_id: 12514403, id, time: step.at, zendesk_event_version: '2022-11-06', subject: `zen:ticket:${TICKET}`, detail: detail(step), event };
}

/**
 * What an event-subscribed webhook receives for the life: several events per action. Zendesk
 * does not guarantee their order within an action; `alternate` delivers the status change
 * before the comment on every other action.
 */
function eventSubscriptionLife(order: 'comment-first' | 'alternate'): unknown[] {
  const payloads: unknown[] = [];
  let previous = 'NEW';
  LIFE.forEach((step, i) => {
    const status = zendeskStatus(step);
    if (step.name === 'created') {
      payloads.push(envelope('created', `evt-${i}-created`, step, {}));
      // The customer's description arrives as a comment of the creating action.
      payloads.push(envelope('comment_added', `evt-${i}-description`, step, { comment: { id: '1001', body: 'Checkout fails', is_public: true, author: { id: CUSTOMER, is_staff: false, name: 'Pat' } } }));
      return;
    }
    const c = step.comment!;
    const comment = envelope('comment_added', `evt-${i}-comment`, step, {
      comment: { id: String(2000 + i), body: '…', is_public: c.public, author: c.author === 'agent' ? { id: AGENT, is_staff: true, name: 'Dana' } : { id: CUSTOMER, is_staff: false, name: 'Pat' } },
    });
    const change = status === previous ? [] : [envelope('status_changed', `evt-${i}-status`, step, { current: status, previous })];
    payloads.push(...(order === 'comment-first' || i % 2 === 0 ? [comment, ...change] : [...change, comment]));
    previous = status;
  });
  return payloads;
}

/** What a trigger-connected webhook receives: the update trigger always, the comment trigger when a comment was added. */
function triggerLife(): unknown[] {
  return LIFE.flatMap((step) => {
    const minute = step.at.replace(':00Z', 'Z');
    const rendered = zendeskStatus(step).charAt(0) + zendeskStatus(step).slice(1).toLowerCase();
    const base = {
      ticket_id: TICKET, status: rendered, priority: 'High', created_at: '2026-11-24T09:00Z', updated_at: minute, subject: 'Checkout is down',
      url: `https://acme.zendesk.com/agent/tickets/${TICKET}`, tags: 'checkout', group: 'Tier 1', organization: 'Acme Retail',
      assignee: step.name === 'created' ? '' : 'Dana Agent', requester: 'pat@acme-customer.example',
      updater_id: step.comment?.author === 'agent' ? AGENT : CUSTOMER,
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
});
