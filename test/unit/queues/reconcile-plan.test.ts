import { describe, expect, it } from 'vitest';
import { checkpointJobId } from '../../../src/queues/job-ids.js';
import { expectedJobIds, planCheckpoints, planStaleJobs, ticketKey, type ActiveTicket, type JobPresence } from '../../../src/queues/reconcile-plan.js';

const AT = Date.parse('2026-11-24T09:00:00Z');
const ticket = (ticketId: string, checkpointAt: number | null, source = 'generic'): ActiveTicket => ({ source, ticketId, checkpointAt });
const idOf = (t: ActiveTicket) => checkpointJobId(t.source, t.ticketId, t.checkpointAt!);

describe('planCheckpoints', () => {
  it('keeps live jobs, recreates absent ones, and replaces finished (failed) ones that hold the id', () => {
    const live = ticket('T-1', AT);
    const absent = ticket('T-2', AT + 1_000);
    const failed = ticket('T-3', AT + 2_000);
    const presence = new Map<string, JobPresence>([[idOf(live), 'live'], [idOf(failed), 'finished']]);
    expect(planCheckpoints([live, absent, failed], presence)).toEqual({
      expected: [idOf(live)],
      missing: [
        { source: 'generic', ticketId: 'T-2', at: AT + 1_000, jobId: idOf(absent), replace: false },
        { source: 'generic', ticketId: 'T-3', at: AT + 2_000, jobId: idOf(failed), replace: true },
      ],
    });
  });

  it('needs no job for a ticket without a checkpoint (all its timers paused)', () => {
    expect(planCheckpoints([ticket('T-1', null)], new Map())).toEqual({ expected: [], missing: [] });
    expect(expectedJobIds([ticket('T-1', null), ticket('T-2', AT)])).toEqual([checkpointJobId('generic', 'T-2', AT)]);
  });

  it('looks for the job of the instant the state holds, not of another instant of the same ticket', () => {
    const t = ticket('T-1', AT);
    const presence = new Map<string, JobPresence>([[checkpointJobId('generic', 'T-1', AT - 60_000), 'live']]);
    expect(planCheckpoints([t], presence).missing.map((m) => m.jobId)).toEqual([idOf(t)]);
  });
});

describe('planStaleJobs', () => {
  const job = (jobId: string, source: string, ticketId: string, at: number) => ({ jobId, data: { source, ticketId, at } });

  it('removes jobs whose ticket is gone, has no checkpoint, or waits for another instant', () => {
    const checkpointOf = new Map<string, number | null>([
      [ticketKey('generic', 'same'), AT],
      [ticketKey('generic', 'moved'), AT + 5_000],
      [ticketKey('generic', 'paused'), null],
    ]);
    const jobs = [
      job('a', 'generic', 'same', AT),
      job('b', 'generic', 'moved', AT),
      job('c', 'generic', 'paused', AT),
      job('d', 'generic', 'gone', AT),
      job('e', 'zendesk', 'same', AT), // same id, other source: another ticket, gone
    ];
    expect(planStaleJobs(jobs, checkpointOf)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('leaves jobs it cannot read alone (removed meanwhile, or not a checkpoint job)', () => {
    expect(planStaleJobs([{ jobId: 'x', data: null }], new Map())).toEqual([]);
  });
});
