/**
 * Freshdesk's values → canonical, shared by the webhook normalizer and the resync reader so a
 * ticket maps the same whichever way it arrives: status and priority numbers and labels (with
 * the config's overrides for custom ones), and the agent link of a ticket.
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type CanonicalPriority, type TicketStatus } from '../../src/events.js';
import { mapValue, type MapResult } from '../shared/value-map.js';
import { freshdeskBaseUrl, type FreshdeskConfig } from './freshdesk-config.js';

export const FRESHDESK_SOURCE = 'freshdesk';

/** Freshdesk's status numbers and default labels → canonical. 6 and 7 are common custom statuses. */
export const FRESHDESK_STATUS_DEFAULTS: Readonly<Record<string, TicketStatus>> = {
  '2': 'open', Open: 'open',
  '3': 'pending', Pending: 'pending',
  '4': 'solved', Resolved: 'solved',
  '5': 'closed', Closed: 'closed',
  '6': 'pending', 'Waiting on Customer': 'pending',
  '7': 'on_hold', 'Waiting on Third Party': 'on_hold',
};

/** Freshdesk's priority numbers and labels → canonical. */
export const FRESHDESK_PRIORITY_DEFAULTS: Readonly<Record<string, CanonicalPriority>> = {
  '1': 'low', Low: 'low',
  '2': 'normal', Medium: 'normal',
  '3': 'high', High: 'high',
  '4': 'urgent', Urgent: 'urgent',
};

/** A Freshdesk status number or label → canonical, `integrations.freshdesk.statuses` first. */
export function mapFreshdeskStatus(raw: string, config: FreshdeskConfig): MapResult<TicketStatus> {
  return mapValue(raw, { defaults: FRESHDESK_STATUS_DEFAULTS, overrides: config.statuses, field: 'status', configKey: 'integrations.freshdesk.statuses', canonical: TICKET_STATUSES });
}

/** A Freshdesk priority number or label → canonical, `integrations.freshdesk.priorities` first. */
export function mapFreshdeskPriority(raw: string, config: FreshdeskConfig): MapResult<CanonicalPriority> {
  return mapValue(raw, { defaults: FRESHDESK_PRIORITY_DEFAULTS, overrides: config.priorities, field: 'priority', configKey: 'integrations.freshdesk.priorities', canonical: CANONICAL_PRIORITIES });
}

/** The agent URL of a ticket on the configured Freshdesk domain. */
export function freshdeskTicketUrl(config: FreshdeskConfig, ticketId: string): string {
  return `${freshdeskBaseUrl(config)}/helpdesk/tickets/${ticketId}`;
}
