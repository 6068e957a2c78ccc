/**
 * Checks the parsed (and interpolated) file section by section and compiles it into the
 * rules the SLA domain reads. Every section is checked even when another is broken, so the
 * caller can report all problems at once.
 */
import type { ZodType } from 'zod';
import type { CalendarSpec } from '../clock/index.js';
import type { SlaRules } from '../sla/rules.js';
import { compileCalendars, type CompiledCalendars } from './compile-calendars.js';
import { compileIntegrations } from './compile-integrations.js';
import { compilePolicies } from './compile-policies.js';
import { compileRateLimits, type RateLimitSettings } from './compile-rate-limits.js';
import { compileResync, type ResyncSettings, type ResyncSupport } from './compile-resync.js';
import { compileSeverities, type CompiledSeverities } from './compile-severities.js';
import { rootFields } from './config-schema.js';
import type { IssueList } from './issue-list.js';

export interface CompiledConfig {
  rules: SlaRules;
  integrations: Record<string, unknown>;
  /** Webhook rate limit per configured source (none for `rate_limit: off`). */
  rateLimits: Record<string, RateLimitSettings>;
  /** Resync settings of the sources that turn it on. */
  resync: Record<string, ResyncSettings>;
  calendarSpecs: Map<string, CalendarSpec>;
  widget: WidgetSettings | undefined;
  slack: SlackSettings | undefined;
}

/** The Slack app's settings beyond the bot token (absent: Slack actions are off). */
export interface SlackSettings {
  /** Verifies `POST /slack/actions` (Slack's interactivity requests). */
  signingSecret: string;
}

/** The ticket widget's settings (absent: the widget is reached with the API token only). */
export interface WidgetSettings {
  secret: string;
  /** CSP `frame-ancestors` sources; `'none'` when not given. */
  frameAncestors: string[];
  /** How long a signed link works (default 8 h). */
  linkTtlMs: number;
}

const ROOT_HELP = 'a map with calendars, severities, policies and optionally version, apply_changes, integrations, widget and slack';

/** Compiles whatever is valid; the result is only meaningful when no problem was added to `issues`. */
export function compileConfig(
  data: unknown,
  issues: IssueList,
  warnings: IssueList,
  integrationSchemas?: ReadonlyMap<string, ZodType>,
  resyncSupport?: ResyncSupport,
): CompiledConfig {
  const root = issues.parseFields(rootFields, data, [], data == null ? `the file is empty; write ${ROOT_HELP}` : ROOT_HELP) ?? {};
  const calendars: CompiledCalendars | undefined = root.calendars && compileCalendars(root.calendars, issues);
  const severities: CompiledSeverities | undefined = root.severities && compileSeverities(root.severities, issues, warnings);
  // Policies refer to calendars and severities by id. When either section is missing or not a
  // map/list (reported above), every reference would look wrong: check policies once it is fixed.
  const policies =
    root.policies && calendars && severities
      ? compilePolicies(root.policies, { issues, warnings, severityIds: severities.ids, calendarIds: calendars.ids })
      : [];
  const integrations = compileIntegrations(root.integrations ?? {}, integrationSchemas, issues);
  return {
    rules: { version: root.version ?? null, applyChanges: root.apply_changes ?? 'new_tickets', calendars: calendars?.entries ?? new Map(), severities: severities?.rules ?? [], policies },
    integrations,
    rateLimits: compileRateLimits(root.integrations ?? {}, issues),
    resync: compileResync(root.integrations ?? {}, integrations, issues, resyncSupport),
    calendarSpecs: calendars?.specs ?? new Map(),
    widget: root.widget && root.widget.secret !== undefined
      ? { secret: root.widget.secret, frameAncestors: root.widget.frame_ancestors ?? [], linkTtlMs: root.widget.link_ttl ?? 8 * 3_600_000 }
      : undefined,
    slack: root.slack?.signing_secret ? { signingSecret: root.slack.signing_secret } : undefined,
  };
}
