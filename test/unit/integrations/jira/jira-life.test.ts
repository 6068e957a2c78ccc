/**
 * The yardstick: the ticket life of test/support/ticket-life.ts told in Jira Service
 * Management's own webhooks (JSM status names, the High priority, comments carried by
 * jira:issue_updated with jsdPublic and the author's account) gives the same timers as the
 * generic source.
 */
import { describe, expect, it } from 'vitest';
import { normalizeJira } from '../../../../integrations/jira/index.js';
import type { TicketEvent } from '../../../../src/events.js';
import { genericLife, LIFE, lifeTimers, type LifeStep } from '../../../support/ticket-life.js';
import { AGENT_ID, CUSTOMER_ID, deliveryOf, fixture, jiraConfig } from './jira-test-kit.js';

const AGENT = { accountId: AGENT_ID, accountType: 'atlassian', displayName: 'Dana Agent' };
const CUSTOMER = { accountId: CUSTOMER_ID, accountType: 'customer', displayName: 'Pat Customer' };

/** JSM status after each step, as a service project's workflow names it. */
const STATUS: Record<LifeStep['name'], { name: string; category: string }> = {
  created: { name: 'Waiting for support', category: 'new' },
  agentReply: { name: 'Work in progress', category: 'indeterminate' },
  customerReply: { name: 'Work in progress', category: 'indeterminate' },
  pending: { name: 'Waiting for customer', category: 'indeterminate' },
  reopened: { name: 'Waiting for support', category: 'new' },
  solved: { name: 'Resolved', category: 'done' },
};

/** One life step as the Jira webhook that reports it. */
function jiraPayload(step: LifeStep, index: number): Record<string, any> {
  const p = fixture(index === 0 ? 'issue-created' : 'issue-updated-commented');
  const status = STATUS[step.name];
  p.timestamp = Date.parse(step.at);
  p.issue.fields.status = { name: status.name, id: String(10018 + index), statusCategory: { key: status.category } };
  p.issue.fields.labels = [];
  if (step.comment === null) {
    delete p.comment;
    return p;
  }
  const author = step.comment.author === 'agent' ? AGENT : CUSTOMER;
  p.user = author;
  // A status change with a comment is one jira:issue_updated from a transition screen.
  p.issue_event_type_name = index > 0 && STATUS[LIFE[index - 1]!.name].name !== status.name ? 'issue_generic' : 'issue_commented';
  p.comment = { ...p.comment, id: String(10500 + index), author, updateAuthor: author, created: new Date(p.timestamp).toISOString(), jsdPublic: step.comment.public };
  return p;
}

describe('the ticket life told by Jira', () => {
  const events: TicketEvent[] = LIFE.flatMap((step, i) => {
    const body = jiraPayload(step, i);
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
});
