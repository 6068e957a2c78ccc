/**
 * An alert's write-backs to its ticket: an internal note, or the due instant into the
 * field the integration is configured with. At least once: the ledger marks each one done
 * so retries skip it; only a crash between the help desk's answer and the mark can repeat
 * a note, and nothing can lose one.
 */
import type { TicketWriter } from '../events.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { AlertNotice, WriteBackKind } from '../sla/index.js';
import type { NotifyLedger } from '../store/notify-ledger.js';
import { alertHeadline } from './alert-message.js';
import { formatInZone } from '../clock/index.js';

export interface WriteBackDeps {
  ledger: NotifyLedger;
  /** The ticket writer of a source, when its integration has write-back credentials. */
  writers: (source: string) => TicketWriter | undefined;
  clock: () => number;
  logger: Logger;
  metrics: Pick<Metrics, 'alertsSent'>;
}

/** Runs every write-back of the notice not yet done; rethrows a retryable failure after trying them all. */
export async function deliverWriteBacks(deps: WriteBackDeps, notice: AlertNotice): Promise<void> {
  let retry: (Error & { retryAfterMs?: number }) | undefined;
  for (const kind of notice.writeBack ?? []) {
    try {
      await writeBack(deps, notice, kind);
    } catch (err) {
      const e = err as Error & { retryable?: boolean; retryAfterMs?: number };
      if (e.retryable !== true) throw err;
      if (retry === undefined || (e.retryAfterMs ?? 0) > (retry.retryAfterMs ?? 0)) retry = e;
    }
  }
  if (retry !== undefined) throw retry;
}

async function writeBack(deps: WriteBackDeps, notice: AlertNotice, kind: WriteBackKind): Promise<void> {
  const { ledger, logger, metrics } = deps;
  const channel = `ticket-${kind}`;
  const f = notice.facts;
  const log = logger.child({ noticeId: notice.id, writeBack: kind, ticket: `${f.source}/${f.ticketId}` });
  const { started, delivery } = await ledger.beginPosting(notice.id, channel, deps.clock(), null);
  if (!started && delivery.state !== 'posting') return; // sent, or failed for good
  const writer = deps.writers(f.source);
  const skip = writer === undefined ? `the ${f.source} integration has no write-back credentials` : kind === 'due_field' && writer.setDueField === undefined ? `no due field is configured for ${f.source}` : kind === 'due_field' && f.dueAt === null ? 'the timer has no due instant (paused)' : undefined;
  if (skip !== undefined) {
    log.warn(`write-back skipped: ${skip}`);
    await ledger.markFailed(notice.id, channel, skip);
    return;
  }
  const since = delivery.postingSince ?? deps.clock();
  try {
    if (kind === 'note') await writer!.addInternalNote(f.ticketId, noteText(notice));
    else await writer!.setDueField!(f.ticketId, f.dueAt!);
  } catch (err) {
    const e = err as Error & { retryable?: boolean };
    if (e.retryable === true) {
      await ledger.abortPosting(notice.id, channel, since);
      log.warn({ err: e.message }, 'write-back failed, will retry');
      throw err;
    }
    metrics.alertsSent.inc({ kind: 'ticket', outcome: 'failed' });
    log.error({ err: e.message }, 'write-back refused by the help desk');
    await ledger.markFailed(notice.id, channel, e.message);
    return;
  }
  await ledger.markSent(notice.id, channel, { ts: String(deps.clock()), channelId: f.source, via: 'post' });
  metrics.alertsSent.inc({ kind: 'ticket', outcome: 'sent' });
}

/** The internal note: the alert's headline, the due instant in the calendar's zone, the policy. */
export function noteText(notice: AlertNotice): string {
  const f = notice.facts;
  const due = f.dueAt === null ? '' : ` Due ${formatInZone(f.dueAt, f.zone)}.`;
  return `${alertHeadline(notice)}.${due} Policy ${f.policyId}, severity ${f.severityName}. (sla-timer)`;
}
