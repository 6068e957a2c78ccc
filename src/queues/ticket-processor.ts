/**
 * The one way a ticket's state changes: load, compute with the pure core, save with
 * compare-and-set (recompute on conflict), then hand the outbox to the notify queue and
 * move the checkpoint job. Used by the events and the checkpoints workers alike.
 */
import type { Queue } from 'bullmq';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { viewTimers, type ApplyResult, type ClockChange, type SlaRules, type TicketState } from '../sla/index.js';
import { outcomeDelta } from '../sla/outcomes.js';
import type { ActiveScore, StoredTicket, TicketStore } from '../store/ticket-store.js';
import type { CheckpointScheduler } from './checkpoint-scheduler.js';
import { noticeJobId } from './job-ids.js';

export interface ProcessorDeps {
  store: TicketStore;
  scheduler: CheckpointScheduler;
  notifyQueue: Queue;
  rules: () => SlaRules;
  clock: () => number;
  metrics: Metrics;
  logger: Logger;
  /** Told of every saved clock change (the live stream listens here). */
  onChanges?: (state: TicketState, changes: ClockChange[]) => void;
}

/** Why the state is being recomputed: an event id and its instant, or a checkpoint. */
export interface Cause {
  id: string;
  occurredAt: number | null;
  /** Set when running inside the checkpoint job of this instant: that job ends by itself, nothing to remove. */
  runningCheckpointAt?: number;
}

/** Computes the next state from the stored one; undefined means there is nothing to do. */
export type Compute = (state: TicketState | undefined, rules: SlaRules, now: number) => ApplyResult | undefined;

const MAX_ATTEMPTS = 25;

/**
 * A cancellation's Slack update waits this long: tools that split one action into several
 * deliveries (Zendesk's solve and its reply) may still send the reply that answers the
 * timer, whose outcome then stands and the cancellation is never shown.
 */
export const CANCELLED_OUTCOME_SETTLE_MS = 5_000;

export class TicketProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  /** Runs `compute` against the latest stored state until it saves; returns the saved result. */
  async process(source: string, ticketId: string, cause: Cause, compute: Compute): Promise<ApplyResult | undefined> {
    const { store, scheduler, rules: getRules, clock } = this.deps;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await store.load(source, ticketId);
      const rules = getRules();
      const now = clock();
      const result = compute(loaded?.state, rules, now);
      if (result === undefined) return undefined;
      const { state, effects } = result;
      // Ticks with nothing due leave the state as it was: skip the write (most checkpoint runs).
      const unchanged = loaded !== undefined && (effects.duplicate || JSON.stringify(state) === JSON.stringify(loaded.state));
      let savedRev = loaded?.rev ?? 0;
      if (!unchanged) {
        const history = effects.changes.length === 0 ? null : { recordedAt: now, cause: cause.id, occurredAt: cause.occurredAt, configVersion: state.configVersion, changes: effects.changes };
        // Outcome records go in the same atomic save as the state: never lost, never twice.
        const rev = await store.save(state, loaded?.rev ?? null, history, activeScore(state, rules, now), now, outcomeDelta(loaded?.state, state));
        if (rev === null) {
          // Another worker saved this ticket since our load: recompute on top of its state.
          this.deps.logger.debug({ ticket: `${source}/${ticketId}`, cause: cause.id, attempt }, 'ticket changed concurrently; recomputing');
          continue;
        }
        savedRev = rev;
        if (effects.changes.length > 0) this.deps.onChanges?.(state, effects.changes);
      }
      const saved = unchanged ? loaded.state : state;
      await this.flushOutbox(saved, savedRev);
      await scheduler.ensure(source, ticketId, saved.checkpointAt, loaded?.state.checkpointAt ?? null, cause.runningCheckpointAt ?? null);
      return result;
    }
    throw new Error(`ticket ${source}:${ticketId} kept changing under ${MAX_ATTEMPTS} attempts; will retry`);
  }

  /**
   * Enqueues the outbox notices (idempotent job ids), then removes them from the stored outbox.
   * `rev`: the revision `state` is stored at, when the caller just saved or loaded it.
   */
  async flushOutbox(state: TicketState, rev?: number): Promise<void> {
    if (state.outbox.length === 0) return;
    const { notifyQueue, store, rules: getRules, clock } = this.deps;
    await notifyQueue.addBulk(
      state.outbox.map((n) => ({
        name: 'notice',
        data: n,
        opts: { jobId: noticeJobId(n.id), ...(n.kind === 'outcome' && n.outcome === 'cancelled' ? { delay: CANCELLED_OUTCOME_SETTLE_MS } : {}) },
      })),
    );
    const sent = new Set(state.outbox.map((n) => n.id));
    // The first compare-and-set tries the revision `state` was just saved at, without reading it back.
    let known: StoredTicket | undefined = rev === undefined ? undefined : { state, rev };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = known ?? (await store.load(state.source, state.ticketId));
      known = undefined;
      if (loaded === undefined) return;
      const outbox = loaded.state.outbox.filter((n) => !sent.has(n.id));
      if (outbox.length === loaded.state.outbox.length) return;
      const next = { ...loaded.state, outbox };
      const now = clock();
      if ((await store.save(next, loaded.rev, null, activeScore(next, getRules(), now), now)) !== null) return;
    }
  }
}

/** The ticket's place in the active index: its soonest due instant; paused timers sort after all due ones. */
export function activeScore(state: TicketState, rules: SlaRules, now: number): ActiveScore {
  let score: number | null = null;
  for (const view of viewTimers(state, rules, now)) {
    if (view.state === 'achieved' || view.state === 'breached_achieved' || view.state === 'cancelled') continue;
    const due = view.dueAt ?? PAUSED_SCORE;
    score = score === null ? due : Math.min(score, due);
  }
  return score;
}

/** Far future (year 2286): paused tickets go after every ticket with a due instant. */
const PAUSED_SCORE = 9_999_999_999_999;
