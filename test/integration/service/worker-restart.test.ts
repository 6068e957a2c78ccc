/**
 * Service-level restart: an API-only service takes the webhooks while a separate workers-only
 * service (same key prefix) does the work. The workers are shut down before any alert is due
 * and a new workers-only service starts later: every alert that came due meanwhile reaches
 * Slack once, the ones still ahead fire at their instants, and none is sent twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { genericTicket, iso } from '../../support/generic-webhook.js';
import { noticeIdOf, sleep, sleepUntil, startServiceHarness, tsMs, waitFor, type ServiceHarness } from '../../support/service-harness.js';

const CONFIG = `
version: restart-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev2, name: High, from: { priority: [high] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: fast
    calendar: always
    targets:
      sev1: { first_response: 2s }
      sev2: { first_response: 4s }
      sev3: { first_response: 120s }
    alerts:
      - at: 50%
        notify: [{ slack: "#leads" }]
      - at: breach
        notify: [{ slack: "#managers" }]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

const notice = (id: string, key: 'percent:50' | 'breach') => `generic/${id}/first_response/1/${key}`;

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('workers stopped mid-way and restarted (API and workers as separate services)', () => {
  it('delivers every due alert exactly once after the restart, and the later ones at their instants', async () => {
    h = await startServiceHarness({ name: 'restart', config: CONFIG, roles: { api: true, workers: false } });
    const api = h;
    const firstWorkers = await api.startPeer({ roles: { api: false, workers: true } });
    // A workers-only process answers probes and serves its metrics, and nothing else.
    await waitFor(async () => (await fetch(`${firstWorkers.url}/readyz`)).status === 200, { timeoutMs: 3_000, message: () => 'workers-only /readyz' });
    expect(await (await fetch(`${firstWorkers.url}/metrics`)).text()).toContain('sla_timer_queue_jobs');
    expect((await fetch(`${firstWorkers.url}/api/timers`)).status).toBe(404);

    const t0 = Date.now();
    const w1 = genericTicket('W1', { createdAt: t0, priority: 'urgent' }); // warning t0+1 s, breach t0+2 s: both due during the outage
    const w2 = genericTicket('W2', { createdAt: t0, priority: 'urgent' });
    const w3 = genericTicket('W3', { createdAt: t0, priority: 'high' }); // warning t0+2 s (outage), breach t0+4 s (after the restart)
    expect(await api.sendBatch([w1.event({ at: t0 }), w2.event({ at: t0 }), w3.event({ at: t0 })])).toEqual({ accepted: 3, duplicates: 0 });
    for (const id of ['W1', 'W2', 'W3']) await api.waitForTicket(id);

    await firstWorkers.close();
    expect(Date.now(), 'the workers must stop before the first alert is due').toBeLessThan(t0 + 1_000);

    // With no workers, the API still takes events (durably queued) but nothing is applied.
    const w4 = genericTicket('W4', { createdAt: Date.now() });
    expect(await api.send(w4.event())).toEqual({ accepted: 1, duplicates: 0 });
    await sleepUntil(t0 + 2_500);
    expect(api.slack.calls).toEqual([]);
    expect((await api.get('/api/tickets/generic/W4')).status).toBe(404);
    expect((await api.ticket('W1')).timers[0]).toMatchObject({ state: 'breached', due_at: iso(t0 + 2_000) });

    const restartedAt = Date.now();
    await api.startPeer({ roles: { api: false, workers: true } });
    await api.waitForTicket('W4');

    const expected = {
      '#leads': ['W1', 'W2', 'W3'].map((id) => notice(id, 'percent:50')),
      '#managers': ['W1', 'W2', 'W3'].map((id) => notice(id, 'breach')),
    };
    const delivered = (channel: keyof typeof expected) => api.slack.messages(channel).map(noticeIdOf);
    await waitFor(() => delivered('#leads').length >= 3 && delivered('#managers').length >= 3, {
      timeoutMs: 8_000,
      message: () => `alerts missing after the restart: ${JSON.stringify({ leads: delivered('#leads'), managers: delivered('#managers') })}`,
    });
    await sleep(500); // anything sent twice would show up by now

    for (const channel of ['#leads', '#managers'] as const) {
      expect([...delivered(channel)].sort(), channel).toEqual(expected[channel]);
    }
    const posts = api.slack.callsOf('chat.postMessage');
    expect(posts.map((c) => c.outcome).every((o) => o === 'ok')).toBe(true);
    expect(posts).toHaveLength(6);

    // Overdue alerts go out after the restart; W3's breach, still ahead at the restart, at its instant.
    for (const m of [...api.slack.messages('#leads'), ...api.slack.messages('#managers')]) expect(tsMs(m.ts)).toBeGreaterThanOrEqual(restartedAt);
    const w3Breach = api.slack.messages('#managers').find((m) => noticeIdOf(m) === notice('W3', 'breach'))!;
    expect(tsMs(w3Breach.ts)).toBeGreaterThanOrEqual(t0 + 4_000);
    // Slack's pace (1 message per second per channel) may hold it for one slot behind W1 and W2.
    expect(tsMs(w3Breach.ts) - (t0 + 4_000)).toBeLessThan(1_500);
    expect((await api.ticket('W3')).timers[0]).toMatchObject({ state: 'breached', breached_at: iso(t0 + 4_000) });
  });
});
