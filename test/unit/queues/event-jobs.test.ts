import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../src/events.js';
import { BATCH_JOB_NAME, EVENTS_PER_JOB, eventJobs, eventsOf } from '../../../src/queues/event-jobs.js';
import { eventJobId } from '../../../src/queues/job-ids.js';

const event = (i: number, occurredAt = 1_000 + i): TicketEvent => ({
  source: 'generic', eventId: `e${i}`, occurredAt,
  ticket: { id: `T${i % 3}`, status: 'open', priority: null, createdAt: 0, subject: null, url: null, tags: [], group: null, organization: null, assignee: null, requester: null, fields: {} },
});

describe('eventJobs', () => {
  it('gives a lone event a job of its own under its deterministic id, as before batches', () => {
    expect(eventJobs([event(1)])).toEqual([{ name: 'generic', data: event(1), opts: { jobId: eventJobId('generic', 'e1') } }]);
  });

  it(`packs a batch into jobs of up to ${EVENTS_PER_JOB} events, in order, a lone remainder as a single`, () => {
    const events = Array.from({ length: 2 * EVENTS_PER_JOB + 1 }, (_, i) => event(i));
    const jobs = eventJobs(events, { delay: 20 });
    expect(jobs.map((j) => j.name)).toEqual([BATCH_JOB_NAME, BATCH_JOB_NAME, 'generic']);
    expect(jobs.flatMap((j) => eventsOf(j.data))).toEqual(events);
    expect(jobs.every((j) => j.opts.delay === 20)).toBe(true);
    expect(jobs[2]!.opts.jobId).toBe(eventJobId('generic', `e${2 * EVENTS_PER_JOB}`));
  });

  it('names a batch job after its events: the same batch twice is one job, another batch another', () => {
    const a = eventJobs([event(1), event(2)])[0]!.opts.jobId;
    expect(eventJobs([event(1), event(2)])[0]!.opts.jobId).toBe(a);
    expect(eventJobs([event(2), event(1)])[0]!.opts.jobId).not.toBe(a);
    expect(eventJobs([event(1), event(3)])[0]!.opts.jobId).not.toBe(a);
    expect(a).toMatch(/^eb-[0-9a-f]{32}$/); // BullMQ ids cannot contain ':'
  });
});

describe('eventsOf', () => {
  it('gives a batch in the order its events happened, same-instant events in their given order', () => {
    const late = event(1, 5_000);
    const early = event(2, 1_000);
    const sameA = event(3, 3_000);
    const sameB = event(4, 3_000);
    expect(eventsOf({ events: [late, sameA, early, sameB] })).toEqual([early, sameA, sameB, late]);
    expect(eventsOf(late)).toEqual([late]);
  });
});
