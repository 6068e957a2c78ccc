/**
 * Escalation repeats and the Acknowledge button on the real stack: signed generic webhooks →
 * BullMQ on real Redis → checkpoint jobs → the Slack notifier → the fake Slack, and Slack's
 * click coming back signed to `POST /slack/actions`. A 24x7 calendar makes business time real
 * time, so 1-second targets and repeats fire within the test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../../src/http/slack-signature.js';
import type { FakeSlackMessage } from '../../support/fake-slack.js';
import { genericTicket } from '../../support/generic-webhook.js';
import { headerOf, noticeIdOf, sleep, startServiceHarness, tsMs, waitFor, type HistoryEntryJson, type ServiceHarness } from '../../support/service-harness.js';

const SIGNING_SECRET = 'test-slack-signing-secret';
const CONFIG = `
version: slack-actions-test
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - id: sev1
    name: Critical
    from: { priority: [urgent] }
  - id: sev3
    name: Normal
    default: true
policies:
  # R-ACK's: repeats 2 s apart leave time to click between them on a busy machine.
  - id: slower-repeats
    match: { tags_any: [slower] }
    calendar: always
    targets:
      sev1: { first_response: 1s }
    alerts:
      - at: breach
        notify: [{ slack: "#managers" }]
        repeat: { every: 2s, times: 2 }
  - id: fast
    calendar: always
    targets:
      sev1: { first_response: 1s }
      sev3: { first_response: 120s }
    alerts:
      - at: breach
        notify: [{ slack: "#managers" }]
        repeat: { every: 1s, times: 2 }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
slack:
  signing_secret: ${SIGNING_SECRET}
`;

/** How late a message may reach Slack after its due instant (checkpoint delay, queue hops, pacing of 1/s per channel). */
const TOLERANCE_MS = 1_200;

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const ofTicket = (messages: FakeSlackMessage[], id: string) => messages.filter((m) => noticeIdOf(m)?.startsWith(`generic/${id}/`));
const keysOf = (messages: FakeSlackMessage[]) => messages.map((m) => noticeIdOf(m)!.split('/').at(-1));
const actionsOf = (m: FakeSlackMessage | undefined) => (m?.blocks ?? []).filter((b) => (b as { type?: string }).type === 'actions') as Array<{ elements: Array<{ action_id: string; value?: string; url?: string }> }>;

/** Slack's click on the Acknowledge button of `m`, signed as Slack signs it. */
async function clickAcknowledge(h: ServiceHarness, m: FakeSlackMessage, user = { id: 'U0DANA', username: 'dana' }): Promise<{ status: number; body: unknown }> {
  const button = actionsOf(m)[0]?.elements.find((e) => e.action_id === 'sla_ack');
  expect(button, 'Acknowledge button').toBeDefined();
  const payload = {
    type: 'block_actions',
    user: { ...user, name: user.username, team_id: 'T0TEST' },
    container: { type: 'message', message_ts: m.ts, channel_id: m.channel, is_ephemeral: false },
    channel: { id: m.channel, name: 'managers' },
    message: { ts: m.ts, text: m.text, blocks: m.blocks },
    response_url: 'https://hooks.slack.com/actions/T0TEST/1/x',
    actions: [{ action_id: 'sla_ack', block_id: 'sla_actions', type: 'button', value: button!.value, action_ts: String(Date.now() / 1000) }],
  };
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const { timestamp, signature } = signSlackRequest(body, SIGNING_SECRET, Math.floor(Date.now() / 1000));
  const res = await fetch(`${h.url}/slack/actions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signature },
    body,
  });
  return { status: res.status, body: await res.json() };
}

describe('escalation repeats and the Acknowledge button', () => {
  it('repeats an unacknowledged breach N times in its thread; an acknowledged one stops repeating, with the message updated', async () => {
    // A short per-channel pace, so two tickets' messages in one channel do not queue behind each other.
    h = await startServiceHarness({ name: 'slack-actions', config: CONFIG, notify: { minIntervalMs: 50 } });
    const t0 = Date.now();
    const open = genericTicket('R-OPEN', { createdAt: t0, priority: 'urgent', subject: 'Nobody answers' });
    const acked = genericTicket('R-ACK', { createdAt: t0, priority: 'urgent', subject: 'Dana takes it', tags: ['slower'] });
    await h.sendBatch([open.event({ at: t0 }), acked.event({ at: t0 })]);

    // Both breach at t0+1s; R-OPEN repeats at t0+2s and t0+3s, R-ACK at t0+3s and would at t0+5s.
    await waitFor(() => ofTicket(h!.slack.messages('#managers'), 'R-ACK').length >= 2, { timeoutMs: 5_000, message: 'breach and first repeat of R-ACK never arrived' });
    // Copies: the fake edits its messages in place.
    const [root, r1] = structuredClone(ofTicket(h.slack.messages('#managers'), 'R-ACK'));
    expect(keysOf([root!, r1!])).toEqual(['breach', 'breach#r1']);
    expect(root!.thread_ts).toBeUndefined();
    expect(r1).toMatchObject({ thread_ts: root!.ts, reply_broadcast: true });
    expect(headerOf(r1)).toMatch(/^🔴 Critical · first response \d+s overdue · reminder 1 of 2$/);
    // The buttons: Acknowledge with the timer cycle, Open ticket with the ticket's URL.
    expect(actionsOf(root)[0]?.elements).toEqual([
      expect.objectContaining({ action_id: 'sla_ack', value: 'v1|generic|R-ACK|first_response|1' }),
      expect.objectContaining({ action_id: 'sla_open_ticket', url: 'https://help.example.com/R-ACK' }),
    ]);

    const clicked = await clickAcknowledge(h, root!);
    const clickedAt = Date.now();
    expect(clicked).toEqual({ status: 200, body: { ok: true, acknowledged: ['recorded'] } });
    // The clicked message shows who acknowledged, without the button.
    await waitFor(() => (h!.slack.messages('#managers').find((m) => m.ts === root!.ts)?.edits ?? 0) > 0, { message: 'the acknowledged message was never updated' });
    const updated = h.slack.messages('#managers').find((m) => m.ts === root!.ts)!;
    expect(JSON.stringify(updated.blocks)).toMatch(/✋ Acknowledged by <@U0DANA> at <!date\^\d+\^/);
    expect(actionsOf(updated)[0]?.elements.map((e) => e.action_id)).toEqual(['sla_open_ticket']);

    // A second click (anyone's) records nothing more.
    expect(await clickAcknowledge(h, root!, { id: 'U0SAM', username: 'sam' })).toEqual({ status: 200, body: { ok: true, acknowledged: ['already'] } });
    const history = await h.get<{ entries: HistoryEntryJson[] }>('/api/tickets/generic/R-ACK/history');
    const acks = history.body.entries.flatMap((e) => e.changes.filter((c) => c.kind === 'acknowledged').map((c) => ({ ...c, cause: e.cause })));
    expect(acks).toEqual([{ kind: 'acknowledged', metric: 'first_response', cycle: 1, at: expect.any(String), detail: 'U0DANA (dana)', cause: 'slack-action' }]);
    expect(Date.parse(acks[0]!.at!)).toBeLessThanOrEqual(clickedAt);

    // The unacknowledged ticket repeats twice (t0+2s, t0+3s) and then stops; the acknowledged one
    // stops now (its second repeat was due at t0+5s).
    await waitFor(() => ofTicket(h!.slack.messages('#managers'), 'R-OPEN').length >= 3, { timeoutMs: 5_000, message: 'R-OPEN did not repeat twice' });
    await sleep(Math.max(0, t0 + 5_800 - Date.now()));
    const openMessages = ofTicket(h.slack.messages('#managers'), 'R-OPEN');
    expect(keysOf(openMessages)).toEqual(['breach', 'breach#r1', 'breach#r2']);
    openMessages.forEach((m, i) => {
      const due = t0 + 1_000 * (i + 1);
      expect(tsMs(m.ts), `${noticeIdOf(m)} on time`).toBeGreaterThanOrEqual(due);
      expect(tsMs(m.ts) - due, `${noticeIdOf(m)} lateness`).toBeLessThanOrEqual(TOLERANCE_MS);
    });
    expect(keysOf(ofTicket(h.slack.messages('#managers'), 'R-ACK'))).toEqual(['breach', 'breach#r1']);
    // Every message was posted once: the ledger keeps repeats apart.
    expect(h.slack.callsOf('chat.postMessage').filter((c) => c.outcome === 'ok')).toHaveLength(5);
    const ticket = await h.ticket('R-ACK');
    expect(ticket.timers.find((x) => x.metric === 'first_response')).toMatchObject({ state: 'breached' });
  });

  it('answers 401 to an unsigned click and acts on nothing', async () => {
    h = await startServiceHarness({ name: 'slack-actions-401', config: CONFIG });
    const res = await fetch(`${h.url}/slack/actions`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_signature_invalid' } });
  });
});
