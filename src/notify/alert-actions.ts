/**
 * The buttons on alert messages (Acknowledge, Open ticket) and what becomes of them once
 * someone acknowledges: pure Block Kit. The Acknowledge button's value names the timer cycle,
 * so the `POST /slack/actions` handler needs nothing but the value to find it.
 */
import type { KnownBlock } from '@slack/web-api';
import { formatInZone } from '../clock/index.js';
import { METRICS, type Metric, type TimerFacts } from '../sla/index.js';
import { slackDate } from './slack-text.js';

/** `action_id` of the Acknowledge button. */
export const ACK_ACTION_ID = 'sla_ack';
/** `action_id` of the Open ticket button (a link: Slack opens it and tells us, we ignore it). */
export const OPEN_TICKET_ACTION_ID = 'sla_open_ticket';
/** `block_id` of the buttons' block, so an update finds and replaces it. */
export const ACTIONS_BLOCK_ID = 'sla_actions';
/** `block_id` of the "Acknowledged by" line. */
const ACKNOWLEDGED_BLOCK_ID = 'sla_acknowledged';

/** The timer cycle an Acknowledge button is about. */
export interface AckTarget {
  source: string;
  ticketId: string;
  metric: Metric;
  cycle: number;
}

const VALUE_VERSION = 'v1';

/** `v1|generic|T-42|first_response|1`, parts percent-encoded (ids may hold `|`); Slack allows 2000 characters. */
export function encodeAckValue(t: AckTarget): string {
  return [VALUE_VERSION, t.source, t.ticketId, t.metric, String(t.cycle)].map(encodeURIComponent).join('|');
}

/** The timer cycle of a button value, or null when it is not one of ours. */
export function decodeAckValue(value: unknown): AckTarget | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  let parts: string[];
  try {
    parts = value.split('|').map(decodeURIComponent);
  } catch {
    return null;
  }
  const [version, source, ticketId, metric, cycle] = parts;
  if (parts.length !== 5 || version !== VALUE_VERSION || !source || !ticketId || !isMetric(metric) || !/^[1-9]\d{0,8}$/.test(cycle ?? '')) return null;
  return { source, ticketId, metric, cycle: Number(cycle) };
}

function isMetric(m: string | undefined): m is Metric {
  return (METRICS as readonly string[]).includes(m ?? '');
}

/** The buttons of an alert: Acknowledge, and Open ticket when the ticket's URL is known. */
export function alertActionsBlock(f: TimerFacts): KnownBlock {
  return {
    type: 'actions',
    block_id: ACTIONS_BLOCK_ID,
    elements: [
      {
        type: 'button',
        action_id: ACK_ACTION_ID,
        text: { type: 'plain_text', text: 'Acknowledge', emoji: true },
        style: 'primary',
        value: encodeAckValue({ source: f.source, ticketId: f.ticketId, metric: f.metric, cycle: f.cycle }),
      },
      ...openTicketButton(f.url),
    ],
  };
}

function openTicketButton(url: string | null): Array<{ type: 'button'; action_id: string; text: { type: 'plain_text'; text: string }; url: string }> {
  // Slack refuses non-http(s) URLs and URLs over 3000 characters.
  if (url === null || !/^https?:\/\//i.test(url) || url.length > 3000) return [];
  return [{ type: 'button', action_id: OPEN_TICKET_ACTION_ID, text: { type: 'plain_text', text: 'Open ticket' }, url }];
}

/** `✋ Acknowledged by <@U> at <time>` (the time in each viewer's zone; `zone` for old clients). */
export function acknowledgedLine(ack: AckShown, zone = 'UTC'): KnownBlock {
  return {
    type: 'context',
    block_id: ACKNOWLEDGED_BLOCK_ID,
    elements: [{ type: 'mrkdwn', text: `✋ Acknowledged by <@${ack.userId}> at ${slackDate(ack.at, '{date_short_pretty} {time}', formatInZone(ack.at, zone))}` }],
  };
}

/** Who acknowledged, when, for the message: the Slack user id and the instant. */
export interface AckShown {
  userId: string;
  at: number;
}

/**
 * The message's blocks once acknowledged: the Acknowledge button gives way to "Acknowledged by
 * <@U> at <time>"; the Open ticket link stays. Blocks without our buttons get the line at the end.
 */
export function acknowledgedBlocks(blocks: readonly KnownBlock[], ack: AckShown, zone = 'UTC'): KnownBlock[] {
  const line = acknowledgedLine(ack, zone);
  const out: KnownBlock[] = [];
  let placed = false;
  for (const block of blocks) {
    if (block.block_id === ACKNOWLEDGED_BLOCK_ID) continue;
    if (block.type !== 'actions' || block.block_id !== ACTIONS_BLOCK_ID) {
      out.push(block);
      continue;
    }
    out.push(line);
    placed = true;
    const links = block.elements.filter((e) => !('action_id' in e) || e.action_id !== ACK_ACTION_ID);
    if (links.length > 0) out.push({ ...block, elements: links });
  }
  if (!placed) out.push(line);
  return out;
}
