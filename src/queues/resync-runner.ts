/**
 * One resync run for one source: walk the active index for the source's open tickets, plan
 * which are due (resync-plan.ts), read each from the help desk, and hand what changed to the
 * events queue through the webhooks' own door (`EventIngest`), so ordering and dedupe are the
 * usual ones. Reads go one at a time: the tool's API limits are shared with everyone else.
 *
 * A failed read is logged and counted and the run goes on, until a few fail in a row (the
 * tool looks down: hammering it helps no one); a tool that asks us to slow down (429 not
 * absorbed by the client's own short waits) ends the source's run at once. The tickets left
 * wait for the next run. Nothing here throws for a tool's sake.
 */
import type { TicketReader } from '../events.js';
import type { EventIngest } from '../http/ports.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { TicketState } from '../sla/index.js';
import { decideResync } from './resync-decision.js';
import type { ResyncLedger } from './resync-ledger.js';
import { planResync, type ResyncCandidate } from './resync-plan.js';

/** The settings a run reads (the config's, compiled). */
export interface ResyncRunSettings {
  afterMs: number;
  maxPerRun: number;
  onNotFound: 'keep' | 'cancel';
}

/** What one run did, by outcome. */
export interface ResyncReport {
  source: string;
  planned: number;
  enqueued: number;
  duplicate: number;
  unchanged: number;
  notFound: number;
  cancelled: number;
  errors: number;
  /** Planned tickets left for the next run after the tool asked us to slow down. */
  deferred: number;
  durationMs: number;
}

export interface ResyncRunnerDeps {
  store: {
    scanActive(cursor: string, count: number, source?: string): Promise<{ cursor: string; states: TicketState[] }>;
    get(source: string, ticketId: string): Promise<TicketState | undefined>;
  };
  ledger: Pick<ResyncLedger, 'checkedSince' | 'markRead'>;
  ingest: EventIngest;
  /** The source's reader under the current config (undefined: none, or no credentials). */
  reader(source: string): TicketReader | undefined;
  /** The source's settings under the current config (undefined: resync is off for it now). */
  settings(source: string): ResyncRunSettings | undefined;
  clock: () => number;
  metrics: Pick<Metrics, 'resync'>;
  logger: Logger;
  /** Tickets per step of the active-index scan (default 500). */
  batchSize?: number;
}

/** Failed reads in a row that end a run. */
const MAX_CONSECUTIVE_ERRORS = 3;

type Outcome = 'enqueued' | 'duplicate' | 'unchanged' | 'not_found' | 'cancelled' | 'error' | 'rate_limited';

export class ResyncRunner {
  constructor(private readonly deps: ResyncRunnerDeps) {}

  async run(source: string): Promise<ResyncReport> {
    const { clock, logger } = this.deps;
    const started = Date.now();
    const report: ResyncReport = { source, planned: 0, enqueued: 0, duplicate: 0, unchanged: 0, notFound: 0, cancelled: 0, errors: 0, deferred: 0, durationMs: 0 };
    const settings = this.deps.settings(source);
    const reader = this.deps.reader(source);
    if (settings === undefined || reader === undefined) {
      if (settings !== undefined) logger.warn({ source }, 'resync: no ticket reader for this source (no API credentials in its config); skipped');
      return report;
    }
    const now = clock();
    const checked = await this.deps.ledger.checkedSince(source, now - settings.afterMs);
    const plan = planResync(await this.candidates(source), checked, settings, now);
    report.planned = plan.length;
    let failedInARow = 0;
    for (let i = 0; i < plan.length; i++) {
      const ticketId = plan[i]!;
      const outcome = await this.resyncOne(source, ticketId, reader, settings);
      if (outcome === 'rate_limited') {
        report.deferred = plan.length - i;
        this.count(source, outcome);
        break;
      }
      failedInARow = outcome === 'error' ? failedInARow + 1 : 0;
      if (failedInARow >= MAX_CONSECUTIVE_ERRORS && i + 1 < plan.length) {
        report.deferred = plan.length - i - 1;
        logger.warn({ source, failedInARow, deferred: report.deferred }, 'resync: the help desk keeps failing; the rest of this run waits for the next one');
      }
      // Counted as read whatever the outcome: a ticket that keeps failing must not hold every run's cap.
      await this.deps.ledger.markRead(source, [ticketId], now, settings.afterMs * 2);
      this.count(source, outcome);
      if (outcome === 'enqueued') report.enqueued++;
      else if (outcome === 'duplicate') report.duplicate++;
      else if (outcome === 'unchanged') report.unchanged++;
      else if (outcome === 'not_found') report.notFound++;
      else if (outcome === 'cancelled') report.cancelled++;
      else report.errors++;
      if (report.deferred > 0) break;
    }
    report.durationMs = Date.now() - started;
    return report;
  }

  /** The source's open tickets, from the active index. */
  private async candidates(source: string): Promise<ResyncCandidate[]> {
    const out: ResyncCandidate[] = [];
    let cursor = '0';
    do {
      // Other sources' tickets are skipped before their states are read.
      const step = await this.deps.store.scanActive(cursor, this.deps.batchSize ?? 500, source);
      cursor = step.cursor;
      for (const s of step.states) if (s.source === source && !s.deleted) out.push({ ticketId: s.ticketId, lastEventAt: s.lastEventAt });
    } while (cursor !== '0');
    return out;
  }

  private async resyncOne(source: string, ticketId: string, reader: TicketReader, settings: ResyncRunSettings): Promise<Outcome> {
    const { logger } = this.deps;
    let fetched;
    try {
      fetched = await reader.read(ticketId);
    } catch (err) {
      const { status, retryAfterMs } = err as { status?: unknown; retryAfterMs?: unknown };
      const message = err instanceof Error ? err.message : String(err);
      if (status === 429) {
        logger.warn({ source, ticketId, retryAfterMs, err: message }, 'resync: the help desk asked us to slow down; the rest of this run waits for the next one');
        return 'rate_limited';
      }
      logger.warn({ source, ticketId, status, err: message }, 'resync: could not read the ticket from the help desk');
      return 'error';
    }
    // Read after the fetch: the freshest state is what the snapshot is compared with.
    const stored = await this.deps.store.get(source, ticketId);
    const decision = decideResync({ stored, fetched, keepsStored: reader.keepsStored, onNotFound: settings.onNotFound, now: this.deps.clock() });
    if (decision.kind === 'unchanged') return 'unchanged';
    if (decision.kind === 'not_found') {
      logger.warn({ source, ticketId }, 'resync: the help desk answers 404 for an open ticket; its clocks keep running (set resync.on_not_found: cancel to cancel them)');
      return 'not_found';
    }
    // A queue that cannot take the event fails the run: Redis is down, and the next run retries.
    const { accepted } = await this.deps.ingest.ingest([decision.event]);
    if (decision.kind === 'cancel') {
      logger.info({ source, ticketId }, 'resync: the help desk answers 404; the ticket is treated as deleted');
      return 'cancelled';
    }
    if (accepted === 0) return 'duplicate';
    logger.info({ source, ticketId, status: decision.event.ticket.status }, 'resync: the help desk had news the webhooks did not bring; enqueued');
    return 'enqueued';
  }

  private count(source: string, outcome: Outcome): void {
    this.deps.metrics.resync.inc({ source, outcome });
  }
}
