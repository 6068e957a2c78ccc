/**
 * Deterministic BullMQ job ids. Adding a job whose id exists is a no-op, which makes
 * re-enqueueing after a crash safe. BullMQ ids cannot contain `:`, so parts are hashed.
 */
import { createHash } from 'node:crypto';

export function hashOf(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export const eventJobId = (source: string, eventId: string): string => `ev-${hashOf(source, eventId)}`;
export const checkpointJobId = (source: string, ticketId: string, at: number): string => `cp-${hashOf(source, ticketId)}-${at}`;
export const noticeJobId = (noticeId: string): string => `nt-${hashOf(noticeId)}`;
export const digestJobId = (channel: string, at: number): string => `dg-${hashOf(channel)}-${at}`;
