/**
 * The digest: one message that lists the alerts a busy channel could not take one by one
 * (Slack allows about one message per second per channel). Pure functions.
 */
import type { KnownBlock } from '@slack/web-api';
import { formatDuration } from '../clock/index.js';
import type { AlertAt, AlertNotice, Metric } from '../sla/index.js';
import type { SlackMessage } from './slack-port.js';
import { alertEmoji, escapeMrkdwn, metricName, slackLink, ticketLabel } from './slack-text.js';

/** What a digest line needs of an alert; stored in the digest buffer as JSON. */
export interface DigestEntry {
  noticeId: string;
  at: AlertAt;
  /** The alert's due instant (for lateness). */
  dueAt: number;
  severityName: string;
  subject: string | null;
  url: string | null;
  source: string;
  ticketId: string;
  metric: Metric;
  remainingMs: number;
  mentions: string[];
}

export function digestEntry(notice: AlertNotice, mentions: readonly string[]): DigestEntry {
  const f = notice.facts;
  return {
    noticeId: notice.id,
    at: notice.at,
    dueAt: notice.dueAt,
    severityName: f.severityName,
    subject: f.subject,
    url: f.url,
    source: f.source,
    ticketId: f.ticketId,
    metric: f.metric,
    remainingMs: f.remainingMs,
    mentions: [...mentions],
  };
}

/** `🔴 *Critical* · <url|Checkout is down> · first response · 1h 00m overdue`. */
export function digestLine(e: DigestEntry): string {
  const state =
    e.remainingMs < 0 ? `${formatDuration(-e.remainingMs)} overdue` : e.at.kind === 'breach' ? 'breached' : `${formatDuration(e.remainingMs)} left`;
  return `${alertEmoji(e.at)} *${escapeMrkdwn(e.severityName)}* · ${slackLink(e.url, ticketLabel(e))} · ${metricName(e.metric)} · ${state}`;
}

/** Section text is capped at 3000 characters and a message at 50 blocks. */
const SECTION_MAX = 2900;
const MAX_SECTIONS = 45;

export function digestMessage(entries: readonly DigestEntry[]): SlackMessage {
  const n = entries.length;
  const title = `📋 ${n} SLA alert${n === 1 ? '' : 's'}`;
  const overdue = entries.filter((e) => e.at.kind === 'breach' || e.at.kind === 'after').length;
  const summary = `${overdue} breached or overdue, ${n - overdue} warning${n - overdue === 1 ? '' : 's'}`;
  const mentions = [...new Set(entries.flatMap((e) => e.mentions))];
  const sections: string[] = [];
  let current = '';
  let shown = 0;
  for (const e of entries) {
    const line = digestLine(e);
    if (current !== '' && current.length + 1 + line.length > SECTION_MAX) {
      if (sections.length + 1 >= MAX_SECTIONS) break;
      sections.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
    shown++;
  }
  if (current !== '') sections.push(current);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title, emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: [`Many alerts came due at once: ${summary}.`, ...(mentions.length > 0 ? [mentions.join(' ')] : [])].join('\n') } },
    ...sections.map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (shown < n) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${n - shown} more` }] });
  return { text: [`${title} (${summary})`, ...mentions].join(' '), blocks };
}
