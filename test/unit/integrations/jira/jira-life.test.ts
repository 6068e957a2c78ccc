/**
 * The yardstick: the ticket life of test/support/ticket-life.ts told in Jira Service
 * Management's own webhooks (JSM status names, the High priority, comments carried by
 * jira:issue_updated with jsdPublic and the author's account) gives the same timers as the
 * generic source.
 */
import { describe, expect, it } from 'vitest';
import { normalizeJira } from '../../../../integrations/jira/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeAt, lifeTimers } from '../../../support/ticket-life.js';
import { deliveryOf, jiraConfig, jiraLife } from './jira-test-kit.js';

describe('the ticket life told by Jira', () => {
  const events: TicketEvent[] = jiraLife().flatMap((body, i) => {
    const r = normalizeJira(body, deliveryOf(body, { 'x-atlassian-webhook-identifier': `delivery-${i}` }), jiraConfig());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.events;
  });

  it('normalizes each step to its status and comment', () => {
    expect(events.map((e) => [e.occurredAt, e.ticket.status, e.ticket.priority, e.comment ?? null])).toEqual(
      LIFE.map((step) => [Date.parse(step.at), step.status, 'high', step.comment]),
    );
  });

  it('gives the same timers as the generic source', () => {
    expect(lifeTimers(events)).toEqual(lifeTimers(genericLife()));
  });

  it('gives the same timers as the generic source on another time base, with milliseconds', () => {
    const steps = lifeAt(Date.parse('2026-11-24T09:00:00.250Z'), { created: 0, agentReply: 2_100, customerReply: 2_600, pending: 3_005, reopened: 3_800, solved: 5_100 });
    const retimed = jiraLife({ steps, key: 'SUP-7' }).flatMap((body, i) => {
      const r = normalizeJira(body, deliveryOf(body, { 'x-atlassian-webhook-identifier': `retimed-${i}` }), jiraConfig());
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.events;
    });
    expect(retimed.map((e) => [e.ticket.id, e.occurredAt, e.ticket.createdAt])).toEqual(steps.map((s) => ['SUP-7', Date.parse(s.at), Date.parse(steps[0]!.at)]));
    expect(lifeTimers(retimed)).toEqual(lifeTimers(genericLife('SUP-7', steps)));
  });
});
