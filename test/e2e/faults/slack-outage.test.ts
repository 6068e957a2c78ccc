/**
 * Fault: Slack misbehaves for a window — 429 with Retry-After, then 500s, then calls that hang
 * (posts after Slack took the message) — while alerts come due. "A minute" of outage is
 * scaled down to 12 s through the environment: SLACK_TIMEOUT_MS=1000 (hung calls time out
 * after 1 s), NOTIFY_RETRY_MAX_MS=1000 (retries at most 1 s apart), SLACK_POSTING_GRACE_MS=2000
 * (an unanswered post is looked up, and re-posted only when absent 2 s on).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { genericTicket } from '../../support/generic-webhook.js';
import { noticeIdOf, sleep, sleepUntil, waitFor } from '../../support/service-harness.js';
import { deliver, deliveredExactlyOnce, startRig, threadsOf, type FaultRig } from './support/fault-kit.js';
import { buildService } from './support/service-process.js';

const TEAMS = ['a', 'b', 'c', 'd'] as const;
const policy = (team: string) => `
  - id: team-${team}
    match: { tags_any: [${team}] }
    calendar: always
    targets: { sev1: { first_response: 3s } }
    alerts:
      - at: 25%
        notify: [{ slack: "#leads-${team}" }]
      - at: 50%
        notify: [{ slack: "#leads-${team}" }]
      - at: breach
        notify: [{ slack: "#leads-${team}" }, { slack: "#managers" }]`;
const CONFIG = `
version: faults-slack
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, default: true }
policies:${TEAMS.map(policy).join('')}
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

const KEYS = ['percent:25', 'percent:50', 'breach'] as const;
const notice = (id: string, key: string) => `generic/${id}/first_response/1/${key}`;

let rig: FaultRig | undefined;
beforeAll(() => buildService(), 180_000);
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('Slack rate limiting, failing and hanging for a window', () => {
  // Protections: the notify queue's retries (Retry-After honoured, bounded backoff) deliver
  // every alert once Slack is back; the ledger's lookup by notice id keeps a post Slack took
  // without answering from being posted again; a timer cycle's first alert claims the thread
  // root, and the later ones wait for it and reply in it. Without the lookup the hung-but-taken
  // posts arrive twice; without the retries alerts are lost; without the claim replies land
  // before (or outside) their root.
  it('delivers every alert once, in order in each thread, after the window', async () => {
    const r = (rig = await startRig('slack-outage', CONFIG, { channels: ['#managers', ...TEAMS.map((t) => `#leads-${t}`)] }));
    const svc = await r.launch('service', { SLACK_TIMEOUT_MS: '1000', NOTIFY_RETRY_MAX_MS: '1000', SLACK_POSTING_GRACE_MS: '2000' });

    const t0 = Date.now();
    r.proxy.setMode({ kind: 'rate_limited', retryAfterSec: 1 });
    const ids = TEAMS.map((team) => `O-${team}`);
    // a, b, c: every alert (0.75 s, 1.5 s, 3 s after creation) comes due in the first phases.
    await deliver(svc.url, TEAMS.slice(0, 3).map((team) => genericTicket(`O-${team}`, { createdAt: t0, priority: 'urgent', tags: [team] }).event({ at: t0 })));
    await sleepUntil(t0 + 4_000);
    r.proxy.setMode({ kind: 'server_error' });
    await sleepUntil(t0 + 8_000);
    r.proxy.setMode({ kind: 'hang', commit: 'posts' });
    // d: its alerts come due while calls hang, so its first posts are taken by Slack but never answered.
    const td = Date.now();
    await deliver(svc.url, genericTicket('O-d', { createdAt: td, priority: 'urgent', tags: ['d'] }).event({ at: td }));
    await sleepUntil(t0 + 12_000);
    r.proxy.setMode({ kind: 'pass' });
    const windowEnd = Date.now();
    expect(td + 3_000, 'd breaches inside the window').toBeLessThan(windowEnd);
    const outcomes = new Set(r.proxy.calls.map((c) => c.outcome));
    expect([...outcomes].sort(), 'every kind of failure was met').toEqual(expect.arrayContaining(['rate_limited', 'server_error', 'hang', 'hang_after_commit']));

    const expected: Record<string, string[]> = { '#managers': ids.map((id) => notice(id, 'breach')) };
    for (const team of TEAMS) expected[`#leads-${team}`] = KEYS.map((k) => notice(`O-${team}`, k));
    await waitFor(() => deliveredExactlyOnce(r.slack, expected).ok, { timeoutMs: 20_000, message: () => `${deliveredExactlyOnce(r.slack, expected).report}${r.diagnostics()}` });
    await sleep(2_500); // past the posting grace: a second copy would show by now
    const check = deliveredExactlyOnce(r.slack, expected);
    expect(check.ok, check.report).toBe(true);

    for (const team of TEAMS) {
      const threads = [...threadsOf(r.slack, `#leads-${team}`).values()];
      expect(threads, `#leads-${team}: one thread`).toHaveLength(1);
      expect(threads[0]!.map(noticeIdOf), `#leads-${team}: root first, replies in due order`).toEqual(KEYS.map((k) => notice(`O-${team}`, k)));
      expect(threads[0]![2]!.reply_broadcast, 'the breach is also shown in the channel').toBe(true);
    }
    // Posts that Slack took but never answered were found by the lookup, not posted again.
    expect(svc.logged('found the message of an interrupted post; not posting again').length, r.diagnostics()).toBeGreaterThan(0);
    expect(Date.now() - windowEnd).toBeLessThan(20_000);
  }, 60_000);
});
