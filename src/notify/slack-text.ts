/**
 * Small pure helpers for Slack message text: escaping, links, dates and labels.
 * Slack's mrkdwn treats `&`, `<` and `>` as control characters; everything that comes from
 * a ticket (subject, assignee, …) goes through `escapeMrkdwn` before it is put in a message.
 */
import type { AlertAt, Metric, TimerFacts } from '../sla/index.js';

/** Escapes the three characters Slack requires escaped (and only those). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>` for http(s) URLs; the escaped label alone for anything else (no `javascript:` links). */
export function slackLink(url: string | null, label: string): string {
  const text = escapeMrkdwn(label);
  if (url === null || !/^https?:\/\//i.test(url)) return text;
  const safeUrl = url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return `<${safeUrl}|${text}>`;
}

/** The ticket's subject, or `source/id` when it has none. */
export function ticketLabel(facts: Pick<TimerFacts, 'subject' | 'source' | 'ticketId'>): string {
  const subject = facts.subject?.trim();
  return subject ? subject : `${facts.source}/${facts.ticketId}`;
}

const METRIC_NAMES: Record<Metric, string> = {
  first_response: 'first response',
  next_response: 'next response',
  periodic_update: 'periodic update',
  resolution: 'resolution',
};

/** `first response`, `resolution`, … (lower case, for use inside sentences). */
export function metricName(metric: Metric): string {
  return METRIC_NAMES[metric];
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The emoji that marks an alert's urgency: warning before the breach, red from the breach on. */
export function alertEmoji(at: AlertAt): string {
  switch (at.kind) {
    case 'percent':
      return '⚠️';
    case 'before':
      return '⏳';
    case 'breach':
    case 'after':
      return '🔴';
  }
}

/** Slack's date token: shown in each viewer's own zone, with `fallback` for clients that cannot. */
export function slackDate(ms: number, format: string, fallback: string): string {
  return `<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(fallback)}>`;
}
