/**
 * Block Kit messages for alerts and outcomes: pure functions of a notice. An alert opens (or
 * replies in) the thread of its timer cycle; the outcome replaces the thread's first message,
 * keeping the ticket's information and saying how the timer ended.
 */
import type { KnownBlock, MrkdwnElement } from '@slack/web-api';
import { formatDuration, formatInZone } from '../clock/index.js';
import { isBreachOrLater, type AlertNotice, type Metric, type OutcomeNotice, type TimerFacts } from '../sla/index.js';
import { acknowledgedLine, alertActionsBlock } from './alert-actions.js';
import type { SlackMessage } from './slack-port.js';
import { alertEmoji, capitalize, escapeMrkdwn, metricName, slackDate, slackLink, ticketLabel } from './slack-text.js';

/** Slack caps header text at 150 characters. */
const HEADER_MAX = 150;

/** The alert's one-line summary: `⚠️ Critical · 75% of first response used`. */
export function alertHeadline(notice: AlertNotice): string {
  const f = notice.facts;
  const metric = metricName(f.metric);
  const state = (() => {
    switch (notice.at.kind) {
      case 'percent':
        return `${notice.at.percent}% of ${metric} used`;
      case 'before':
        return `${metric} due in ${formatDuration(Math.max(0, f.remainingMs))}`;
      case 'breach':
        return `${metric} SLA breached`;
      case 'after':
        return `${metric} ${formatDuration(Math.abs(f.remainingMs))} overdue`;
    }
  })();
  // A repeat says how overdue it is now: "SLA breached" again would read like news.
  if (notice.repeat !== undefined) {
    return `${alertEmoji(notice.at)} ${f.severityName} · ${metric} ${formatDuration(Math.abs(Math.min(0, f.remainingMs)))} overdue · reminder ${notice.repeat.n} of ${notice.repeat.of}`;
  }
  return `${alertEmoji(notice.at)} ${f.severityName} · ${state}`;
}

/** How an alert message is built beyond its notice. */
export interface AlertMessageOptions {
  /** Add the Acknowledge and Open ticket buttons (only when Slack actions are configured: Slack must reach us). */
  buttons?: boolean;
}

/** The alert message; `mentions` (raw Slack mentions of the target) go where they notify. */
export function alertMessage(notice: AlertNotice, mentions: readonly string[] = [], options: AlertMessageOptions = {}): SlackMessage {
  const f = notice.facts;
  const headline = alertHeadline(notice);
  // From the breach on, the time is shown as overdue (0s at the breach itself).
  const overdue = f.remainingMs < 0 || isBreachOrLater(notice.at);
  const timeField = overdue ? field('Overdue (business time)', formatDuration(Math.abs(f.remainingMs))) : field('Business time left', formatDuration(f.remainingMs));
  const due = f.dueAt === null ? '–' : zonedAndLocal(f.dueAt, f.zone);
  return {
    text: fallbackText(headline, f, mentions),
    blocks: [header(headline), ticketSection(f, mentions), fieldsSection(f, [timeField, field('Due', due, true)]), context(f), ...(options.buttons ? [alertActionsBlock(f)] : [])],
  };
}

const VERBS: Record<Metric, string> = {
  first_response: 'responded',
  next_response: 'responded',
  periodic_update: 'updated',
  resolution: 'resolved',
};

/** The outcome's one-line summary: `✅ Critical · responded in time`. */
export function outcomeHeadline(notice: OutcomeNotice): string {
  const f = notice.facts;
  const verb = VERBS[f.metric];
  switch (notice.outcome) {
    case 'achieved':
      return `✅ ${f.severityName} · ${verb} in time`;
    case 'breached_achieved':
      return `☑️ ${f.severityName} · ${verb} ${formatDuration(Math.abs(f.remainingMs))} late`;
    case 'cancelled':
      return `⚪ ${f.severityName} · cancelled${notice.reason ? ` (${notice.reason})` : ''}`;
  }
}

/** The root message once the timer ended: the same ticket information plus the outcome. */
export function outcomeMessage(notice: OutcomeNotice): SlackMessage {
  const f = notice.facts;
  const headline = outcomeHeadline(notice);
  const result =
    notice.outcome === 'achieved' ? 'Met' : notice.outcome === 'breached_achieved' ? `Missed by ${formatDuration(Math.abs(f.remainingMs))}` : 'Cancelled';
  return {
    text: fallbackText(headline, f, []),
    blocks: [
      header(headline),
      ticketSection(f, []),
      fieldsSection(f, [field('Result', result), field('Ended', zonedAndLocal(notice.endedAt, f.zone), true)]),
      context(f),
      // The outcome replaces the message: keep saying who had taken it on.
      ...(notice.acknowledged === undefined ? [] : [acknowledgedLine({ userId: notice.acknowledged.userId, at: notice.acknowledged.at }, f.zone)]),
    ],
  };
}

function header(text: string): KnownBlock {
  const clipped = text.length > HEADER_MAX ? `${text.slice(0, HEADER_MAX - 1)}…` : text;
  return { type: 'header', text: { type: 'plain_text', text: clipped, emoji: true } };
}

function ticketSection(f: TimerFacts, mentions: readonly string[]): KnownBlock {
  const line = `*${slackLink(f.url, ticketLabel(f))}*`;
  return { type: 'section', text: { type: 'mrkdwn', text: mentions.length > 0 ? `${line}\n${mentions.join(' ')}` : line } };
}

function fieldsSection(f: TimerFacts, specific: MrkdwnElement[]): KnownBlock {
  return {
    type: 'section',
    fields: [
      field('Metric', capitalize(metricName(f.metric))),
      ...specific,
      field('Assignee', f.assignee ? escapeMrkdwn(f.assignee) : '_unassigned_', true),
      field('Severity', escapeMrkdwn(f.severityName), true),
      field('Policy', escapeMrkdwn(f.policyId), true),
    ],
  };
}

function context(f: TimerFacts): KnownBlock {
  const parts = [f.source, f.ticketId, ...(f.group ? [f.group] : []), ...(f.cycle > 1 ? [`cycle ${f.cycle}`] : [])];
  return { type: 'context', elements: [{ type: 'mrkdwn', text: parts.map(escapeMrkdwn).join(' · ') }] };
}

/** A field: bold label, value below; `raw` values are already mrkdwn. */
function field(label: string, value: string, raw = false): MrkdwnElement {
  return { type: 'mrkdwn', text: `*${label}*\n${raw ? value : escapeMrkdwn(value)}` };
}

/** The calendar's wall-clock time, then the same instant in the viewer's own zone. */
function zonedAndLocal(ms: number, zone: string): string {
  const zoned = formatInZone(ms, zone);
  return `${escapeMrkdwn(zoned)}\n${slackDate(ms, '{date_short_pretty} {time} (your time)', zoned)}`;
}

/** The notification text: headline, ticket and mentions (mentions only notify from text or blocks). */
function fallbackText(headline: string, f: TimerFacts, mentions: readonly string[]): string {
  const id = `${f.source}/${f.ticketId}`;
  const label = ticketLabel(f);
  const ticket = label === id ? id : `${label} (${id})`;
  return [`${escapeMrkdwn(headline)}: ${escapeMrkdwn(ticket)}`, ...mentions].join(' ');
}
