/**
 * Jira statuses and priorities → canonical values.
 *
 * Statuses belong to each project's workflow, so a status is looked up by name first (the
 * config's `statuses`, then the defaults below: Jira Service Management's standard names),
 * and only when the name is in neither table by its status category (`new`,
 * `indeterminate` → open, `done` → solved; overridable with `status_categories`). A name in
 * neither table whose category is missing or `undefined` ("No category") is a 400 naming
 * `integrations.jira.statuses`.
 *
 * Verified against Atlassian's REST docs: the category keys `new`/`indeterminate`/`done`
 * and the default priority scheme Highest/High/Medium/Low/Lowest. The JSM status names are
 * the defaults of JSM's service-project workflows; sites rename them freely, which is what
 * the config tables are for.
 */
import { CANONICAL_PRIORITIES, TICKET_STATUSES, type CanonicalPriority, type TicketStatus } from '../../src/events.js';
import type { FieldError } from '../integration.js';
import { mapValue, type MapResult } from '../shared/value-map.js';
import type { JiraConfig } from './jira-config.js';

export const STATUS_CONFIG_KEY = 'integrations.jira.statuses';
export const PRIORITY_CONFIG_KEY = 'integrations.jira.priorities';

/** Status names (case-insensitive) → canonical status. */
export const DEFAULT_JIRA_STATUSES: Readonly<Record<string, TicketStatus>> = {
  'Waiting for support': 'open',
  'Waiting for customer': 'pending',
  Pending: 'pending',
  Escalated: 'open',
  'Work in progress': 'open',
  'In Progress': 'open',
  Open: 'open',
  'To Do': 'open',
  Reopened: 'open',
  Resolved: 'solved',
  Done: 'solved',
  Closed: 'closed',
  Canceled: 'closed',
  Cancelled: 'closed',
  Declined: 'closed',
};

/** Status category keys → canonical status, for names in neither table. */
export const DEFAULT_JIRA_STATUS_CATEGORIES: Readonly<Record<string, TicketStatus>> = {
  new: 'open',
  indeterminate: 'open',
  done: 'solved',
};

/** Priority names (case-insensitive) → canonical priority: Jira Cloud's scheme and the older Blocker…Trivial one. */
export const DEFAULT_JIRA_PRIORITIES: Readonly<Record<string, CanonicalPriority>> = {
  Highest: 'urgent',
  High: 'high',
  Medium: 'normal',
  Low: 'low',
  Lowest: 'low',
  Blocker: 'urgent',
  Critical: 'high',
  Major: 'normal',
  Minor: 'low',
  Trivial: 'low',
};

/** The canonical status of a Jira status: by name, then by category. */
export function mapJiraStatus(name: string, categoryKey: string | undefined, config: JiraConfig, field: string): MapResult<TicketStatus> {
  const byName = mapValue(name, { defaults: DEFAULT_JIRA_STATUSES, overrides: config.statuses, field, configKey: STATUS_CONFIG_KEY, canonical: TICKET_STATUSES });
  if (byName.ok || categoryKey === undefined) return byName;
  const category = categoryKey.trim().toLowerCase();
  const byCategory = own(config.status_categories, category) ?? own(DEFAULT_JIRA_STATUS_CATEGORIES, category);
  if (byCategory !== undefined) return { ok: true, value: byCategory };
  const error: FieldError = { field, message: `${byName.error.message}; its status category ${JSON.stringify(categoryKey)} maps to nothing either` };
  return { ok: false, error };
}

/** The canonical priority of a Jira priority name. */
export function mapJiraPriority(name: string, config: JiraConfig, field: string): MapResult<CanonicalPriority> {
  return mapValue(name, { defaults: DEFAULT_JIRA_PRIORITIES, overrides: config.priorities, field, configKey: PRIORITY_CONFIG_KEY, canonical: CANONICAL_PRIORITIES });
}

/** A table entry that is the table's own (a category named `constructor` finds nothing). */
function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
