/**
 * The shapes of the config's parts as zod schemas. Every message says what would be valid.
 * Containers whose parts are checked against each other (calendars, targets, alerts,
 * integrations) are left `unknown` here and checked part by part by the compilers, so one
 * bad part never hides the problems of its neighbours.
 */
import { z } from 'zod';
import { DurationError, parseDuration } from '../clock/index.js';
import { APPLY_CHANGES, METRICS } from '../sla/rules.js';
import { ALERT_AT_HELP, parseAlertAt } from './alert-at.js';

/** `error` option for a schema: "required: …" when missing, "got …; expected …" when of the wrong kind. */
export function expecting(what: string): { error: (iss: z.core.$ZodRawIssue) => string | undefined } {
  return {
    error: (iss) => {
      if (iss.code !== 'invalid_type' && iss.code !== 'invalid_union' && iss.code !== 'invalid_value') return undefined;
      return iss.input === undefined ? `required: ${what}` : `got ${describeValue(iss.input)}; expected ${what}`;
    },
  };
}

/** A short description of a YAML value for messages: `"4x"`, `90`, `a list`, `nothing`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return String(v);
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** An id referred to elsewhere in the config, in URLs and in stored state: a plain word. */
export function idSchema(what: string) {
  return z
    .string(expecting(`${what}, a word such as sev1`))
    .regex(ID_RE, { error: (iss) => `${describeValue(iss.input)} is not a valid ${what}; use up to 64 letters, digits, _, - or ., starting with a letter or digit` });
}

const scalarValue = z
  .union([z.string(), z.number(), z.boolean()], expecting('a value such as urgent or "4"'))
  // YAML reads `priority: [4]` as a number; tools send text, so compare as text.
  .transform((v) => String(v));

/**
 * An optional list or map that may be left empty in YAML (`alerts:` with every item commented
 * out reads as null): null counts as absent.
 */
function emptiable<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** A value or a list of values (a single value is a one-item list); numbers and booleans become text. */
export const valueList = z.preprocess(
  (v) => (v === undefined || Array.isArray(v) ? v : [v]),
  z.array(scalarValue, expecting('a value or a list of values')).min(1, 'an empty list matches nothing; list values or leave the key out'),
);

/** Custom field name → value or list of values. */
export const fieldsMap = z.record(z.string(), valueList, expecting('a map of field name → value or list of values, e.g. { tier: [gold, platinum] }'));

/**
 * A duration as the config writes them (`15m`, `4h`, `1h30m`, `PT1H30M`): its ms, or what is
 * wrong with it. `units` shows a number without a unit how to write one (`['m', 'h', 's']`);
 * `expected` names what was asked for when the value is no text at all.
 */
export function readDuration(v: unknown, units: readonly [string, string, ...string[]], expected: string): number | { problem: string } {
  if (typeof v === 'number') {
    const forms = units.map((u) => `${v}${u}`);
    return { problem: `${v} has no unit; write e.g. ${forms.slice(0, -1).join(', ')} or ${forms.at(-1)}` };
  }
  if (typeof v !== 'string') return { problem: `got ${describeValue(v)}; expected ${expected}` };
  try {
    return parseDuration(v);
  } catch (err) {
    if (err instanceof DurationError) return { problem: err.message };
    throw err;
  }
}

/** A business-time duration, in ms, more than zero. */
export const durationMs = z.unknown().transform((v, ctx): number => {
  const fail = (message: string) => (ctx.addIssue({ code: 'custom', message, input: v }), z.NEVER);
  const ms = readDuration(v, ['m', 'h', 's'], 'a duration such as 15m, 4h, 1h30m or PT1H30M');
  if (typeof ms !== 'number') return fail(ms.problem);
  return ms > 0 ? ms : fail(`"${String(v)}" is zero; a target must be more than zero (leave the metric out for no timer)`);
});

/** Alert time: `75%`, `15m before`, `breach`, `1h after breach`. */
export const alertAt = z.unknown().transform((v, ctx) => {
  const parsed = typeof v === 'string' ? parseAlertAt(v) : `got ${describeValue(v)}; ${ALERT_AT_HELP}`;
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: v === undefined ? `required: ${ALERT_AT_HELP}` : parsed, input: v });
    return z.NEVER;
  }
  return parsed;
});

export const severitySchema = z.strictObject(
  {
    id: idSchema('severity id'),
    name: z.string(expecting('a display name, e.g. Critical')).optional(),
    default: z.boolean(expecting('true (on exactly one severity)')).optional(),
    from: z
      .strictObject({ priority: valueList.optional(), tags_any: valueList.optional(), fields: fieldsMap.optional() }, expecting('a map with priority, tags_any and/or fields'))
      .optional(),
  },
  expecting('a severity { id, name?, default?, from? }'),
);

export const matchSchema = z.strictObject(
  {
    tags_any: valueList.optional(),
    tags_all: valueList.optional(),
    organization: valueList.optional(),
    group: valueList.optional(),
    source: valueList.optional(),
    priority: valueList.optional(),
    severity: valueList.optional(),
    fields: fieldsMap.optional(),
  },
  expecting('a map of conditions (tags_any, tags_all, organization, group, source, priority, severity, fields)'),
);

/** Statuses that may pause a ticket's clocks. */
export const PAUSABLE_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;

const pausableStatus = z.enum(PAUSABLE_STATUSES, {
  error: (iss) =>
    iss.input === 'solved' || iss.input === 'closed'
      ? `"${iss.input}" cannot pause clocks: a ${iss.input} ticket has no running clocks (resolution is achieved, the others are cancelled); list any of ${PAUSABLE_STATUSES.join(', ')}`
      : `got ${describeValue(iss.input)}; expected one of ${PAUSABLE_STATUSES.join(', ')}`,
});

/** The fields of a policy; `targets` and `alerts` are checked entry by entry. */
export const policyFields = {
  id: idSchema('policy id'),
  match: matchSchema.optional(),
  calendar: z.string(expecting('the id of a calendar defined under calendars')),
  pause_on: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(pausableStatus, expecting(`a list of statuses: ${PAUSABLE_STATUSES.join(', ')}`))).optional(),
  on_reopen: z.enum(['resume', 'restart'], expecting('resume (keep the elapsed time) or restart (a new cycle)')).optional(),
  targets: z.record(z.string(), z.unknown(), expecting('a map of severity id → { first_response, next_response, resolution, periodic_update }')),
  alerts: emptiable(z.array(z.unknown(), expecting('a list of alerts { at, notify }'))),
  // Checked key by key in compile-credits, for precise messages.
  credits: z.unknown().optional(),
};

export const targetSchema = z.strictObject(
  {
    first_response: durationMs.optional(),
    next_response: durationMs.optional(),
    resolution: durationMs.optional(),
    periodic_update: durationMs.optional(),
    calendar: z.string(expecting('the id of a calendar defined under calendars')).optional(),
  },
  expecting(`a map of metric → duration (${METRICS.join(', ')}), e.g. { first_response: 1h, resolution: 8h }`),
);

const CHANNEL_HELP = 'give a channel name "#support" (lowercase; quote it, a bare # starts a YAML comment) or a channel id such as C0123ABC';
const CHANNEL_NAME_RE = /^#[a-z0-9][a-z0-9._-]{0,79}$/;
const CHANNEL_ID_RE = /^[CG][A-Z0-9]{6,}$/;
const MENTION_HELP = 'write <@U0123ABC> for a user, <!subteam^S0123ABC> for a user group, <!here> or <!channel>';
const MENTION_RE = /^(?:<@[UW][A-Z0-9]+(?:\|[^>]*)?>|<!subteam\^S[A-Z0-9]+(?:\|[^>]*)?>|<!(?:here|channel|everyone)>)$/;

/** A Slack target of an alert. */
export const slackTargetSchema = z.strictObject(
  {
    slack: z.string(expecting(`a Slack channel; ${CHANNEL_HELP}`)).superRefine((s, ctx) => {
      if (CHANNEL_NAME_RE.test(s) || CHANNEL_ID_RE.test(s)) return;
      const hint = /^#/.test(s) && s.toLowerCase() !== s ? `Slack channel names are lowercase; write "${s.toLowerCase()}"` : CHANNEL_HELP;
      ctx.addIssue({ code: 'custom', message: `"${s}" is not a Slack channel; ${hint}`, input: s });
    }),
    mention: z
      .array(
        z.string(expecting(`a Slack mention; ${MENTION_HELP}`)).regex(MENTION_RE, { error: (iss) => `${describeValue(iss.input)} is not Slack mention syntax; ${MENTION_HELP}` }),
        expecting(`a list of Slack mentions; ${MENTION_HELP}`),
      )
      .optional(),
    quiet_hours: z
      .strictObject(
        { calendar: z.string(expecting('the id of a calendar defined under calendars: alerts to this channel are held while it is closed')) },
        expecting('a map { calendar: <calendar id> }: outside that calendar\'s hours, non-critical alerts to this channel wait for its next opening'),
      )
      .optional(),
  },
  expecting('a target { slack: "#channel", mention?: [...], quiet_hours?: { calendar } }'),
);

const WRITE_BACKS = ['note', 'due_field'] as const;
/** A write-back target of an alert: to the ticket, through its integration. */
export const ticketTargetSchema = z.strictObject(
  { ticket: z.enum(WRITE_BACKS, expecting('note (an internal note on the ticket) or due_field (the due instant into the field set under integrations)')) },
  expecting('a target { ticket: note } or { ticket: due_field }'),
);

export const alertSchema = z.strictObject(
  {
    at: alertAt,
    // Each entry is checked against its own shape in compile-alerts, for precise messages.
    notify: z.array(z.unknown(), expecting('a list of { slack: "#channel", mention? } or { ticket: note | due_field }')).min(1, 'an alert needs at least one target to notify: { slack: "#channel" } or { ticket: note }'),
    metrics: z.array(z.enum(METRICS, expecting(`a metric: ${METRICS.join(', ')}`)), expecting(`a list of metrics: ${METRICS.join(', ')}`)).min(1, 'an empty list matches no timer; list metrics or leave the key out').optional(),
    severities: z.array(z.string(expecting('a severity id')), expecting('a list of severity ids')).min(1, 'an empty list matches no timer; list severity ids or leave the key out').optional(),
    // Whether `repeat` fits the alert's `at` is checked in compile-alerts, next to it.
    repeat: z
      .strictObject(
        {
          every: durationMs,
          times: z
            .number(expecting('how many times to repeat, a whole number from 1 to 100'))
            .int('times must be a whole number, e.g. 3')
            .min(1, 'times must be at least 1; leave repeat out for no repeats')
            .max(100, 'times may be at most 100; repeat less often instead'),
        },
        expecting('a map { every: <duration>, times: <count> }, e.g. { every: 30m, times: 3 }'),
      )
      .optional(),
    critical: z.boolean(expecting('true (goes through quiet hours) or false (held during quiet hours)')).optional(),
  },
  expecting('an alert { at, notify, metrics?, severities?, repeat?, critical? }'),
);

/** The `slack` section: settings of the Slack app beyond the bot token. */
export const slackSchema = z.strictObject(
  {
    signing_secret: z
      .string(expecting('the Slack app\'s signing secret, e.g. "${SLACK_SIGNING_SECRET}" (Basic Information → App Credentials)'))
      // Empty (`"${SLACK_SIGNING_SECRET:-}"` with the variable unset) leaves Slack actions off.
      .refine((v) => v === '' || v.length >= 8, 'is too short for a Slack signing secret; copy it from the app\'s Basic Information page, or reference "${SLACK_SIGNING_SECRET}"'),
  },
  expecting('a map { signing_secret }'),
);

const FRAME_ANCESTOR_RE = /^(?:'self'|https:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?)$/;

/** The ticket widget: signed links, and which help-desk pages may frame it. */
export const widgetSchema = z.strictObject(
  {
    secret: z.string(expecting('a secret for signing widget links, e.g. "${WIDGET_SECRET}"')).min(16, 'must be at least 16 characters; reference an environment variable such as "${WIDGET_SECRET}"'),
    frame_ancestors: z
      .array(
        z.string(expecting('an origin')).regex(FRAME_ANCESTOR_RE, { error: (iss) => `${describeValue(iss.input)} is not an origin; write https://acme.zendesk.com, https://*.zendesk.com or 'self'` }),
        expecting('a list of origins that may show the widget in a frame, e.g. ["https://*.zendesk.com"]'),
      )
      .optional(),
    link_ttl: durationMs.optional(),
  },
  expecting('a map { secret, frame_ancestors?, link_ttl? }'),
);

/** The top level of the file; each section is checked on its own. */
export const rootFields = {
  version: z.union([z.string(), z.number()], expecting('a version label such as "2026-11" or 3')).transform((v) => String(v)).optional(),
  apply_changes: z
    .enum(APPLY_CHANGES, expecting('new_tickets (running timers keep their targets after a config change; the default) or all_tickets (they move to the new targets at their next event or checkpoint)'))
    .optional(),
  calendars: z.record(z.string(), z.unknown(), expecting('a map of calendar id → { timezone, hours, holidays? }, e.g. always: { timezone: UTC, hours: 24x7 }')),
  severities: z.array(z.unknown(), expecting('a list of severities { id, name?, default?, from? }, most severe first')),
  policies: z.array(z.unknown(), expecting('a list of policies { id, match?, calendar, targets, alerts? }; the first that matches a ticket applies')),
  integrations: emptiable(z.record(z.string(), z.unknown(), expecting('a map of integration name → its settings, e.g. generic: { secret: "${GENERIC_WEBHOOK_SECRET}" }'))),
  widget: widgetSchema.optional(),
  slack: emptiable(slackSchema),
};
