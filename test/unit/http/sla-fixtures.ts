/** Ticket states for the API tests, built by folding events with `apply` at their own instants. */
import type { TicketState } from '../../../src/sla/index.js';
import { buildRules, event, stateFrom } from './app-harness.js';

export const rules = buildRules();

/** sev1 / enterprise: first response given at 09:20, a customer comment at 10:00 opened next_response. */
export const ticketA = (): TicketState =>
  stateFrom(rules, [
    event('a1', '2026-11-23T09:00:00Z', { id: 'T-1', status: 'new', priority: 'urgent', tags: ['enterprise'] }),
    event('a2', '2026-11-23T09:20:00Z', { id: 'T-1', priority: 'urgent', tags: ['enterprise'], createdAt: Date.parse('2026-11-23T09:00:00Z') }, { comment: { author: 'agent', public: true } }),
    event('a3', '2026-11-23T10:00:00Z', { id: 'T-1', priority: 'urgent', tags: ['enterprise'], createdAt: Date.parse('2026-11-23T09:00:00Z') }, { comment: { author: 'customer', public: true } }),
  ]);

/** sev3 / standard, pending (paused) since 10:00 after 30 business minutes. */
export const ticketB = (): TicketState =>
  stateFrom(rules, [
    event('b1', '2026-11-23T09:30:00Z', { id: 'T-2' }),
    event('b2', '2026-11-23T10:00:00Z', { id: 'T-2', status: 'pending', createdAt: Date.parse('2026-11-23T09:30:00Z') }),
  ]);

/** sev3 / standard, created Thursday 10:00: first response was due Friday 10:00 (8 office hours). */
export const ticketC = (): TicketState => stateFrom(rules, [event('c1', '2026-11-19T10:00:00Z', { id: 'T-3', status: 'new' })]);

/** sev3 / standard, answered at 09:10 and solved at 09:40: every timer ended. */
export const ticketD = (): TicketState =>
  stateFrom(rules, [
    event('d1', '2026-11-23T09:00:00Z', { id: 'T-4', status: 'new' }),
    event('d2', '2026-11-23T09:10:00Z', { id: 'T-4', createdAt: Date.parse('2026-11-23T09:00:00Z') }, { comment: { author: 'agent', public: true } }),
    event('d3', '2026-11-23T09:40:00Z', { id: 'T-4', status: 'solved', createdAt: Date.parse('2026-11-23T09:00:00Z') }),
  ]);

/** The JSON body of a response, untyped: tests assert its shape. */
export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
