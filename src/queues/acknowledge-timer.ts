/**
 * Records an acknowledgement (Slack's button) on a timer cycle through the ticket processor:
 * the same compare-and-set save as events and checkpoints, with an `acknowledged` history
 * entry, and the checkpoint job moved off the reminders and repeats it stops.
 */
import { acknowledge, type Acknowledgement, type Metric } from '../sla/index.js';
import type { TicketProcessor } from './ticket-processor.js';

export interface AckTimerRequest {
  source: string;
  ticketId: string;
  metric: Metric;
  cycle: number;
  userId: string;
  userName: string | null;
}

/** The outcome, with the zone of the timer's calendar (UTC when unknown) for showing the time. */
export type AckTimerResult =
  | { kind: 'recorded' | 'already'; ack: Acknowledgement; zone: string }
  | { kind: 'ended'; status: 'achieved' | 'cancelled' }
  | { kind: 'unknown' };

/** History `cause` of an acknowledgement. */
export const ACK_CAUSE = 'slack-action';

export async function acknowledgeTimer(processor: TicketProcessor, req: AckTimerRequest): Promise<AckTimerResult> {
  let result: AckTimerResult = { kind: 'unknown' };
  await processor.process(req.source, req.ticketId, { id: ACK_CAUSE, occurredAt: null }, (state, rules, now) => {
    // Recomputed on a compare-and-set conflict: the last run's outcome is the one saved.
    if (state === undefined) {
      result = { kind: 'unknown' };
      return undefined;
    }
    const outcome = acknowledge(state, { metric: req.metric, cycle: req.cycle, userId: req.userId, userName: req.userName }, rules, now);
    const timer = state.timers.find((t) => t.metric === req.metric && t.cycle === req.cycle);
    const zone = (timer && rules.calendars.get(timer.calendarId)?.zone) ?? 'UTC';
    switch (outcome.kind) {
      case 'recorded':
        result = { kind: 'recorded', ack: outcome.ack, zone };
        return outcome.result;
      case 'already':
        result = { kind: 'already', ack: outcome.ack, zone };
        return undefined;
      default:
        result = outcome;
        return undefined;
    }
  });
  return result;
}
