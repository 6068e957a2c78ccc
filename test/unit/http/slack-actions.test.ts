/**
 * `POST /slack/actions`: Slack's request signing (valid, wrong secret, tampered body, stale or
 * replayed outside the window, missing or malformed headers) and what a valid Acknowledge click
 * hands to the actions port. The clock is injected; nothing waits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorHandler, notFoundHandler } from '../../../src/http/error-handlers.js';
import { requestContext, startRequests } from '../../../src/http/request-context.js';
import { slackActionRoutes } from '../../../src/http/slack-action-routes.js';
import { signSlackRequest, verifySlackSignature } from '../../../src/http/slack-signature.js';
import { alertMessage, encodeAckValue, type AckActionRequest, type AckDecision } from '../../../src/notify/index.js';
import { alert } from '../notify/notice-fixtures.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = Date.UTC(2026, 10, 24, 9, 30);
const NOW_S = NOW / 1000;

describe('verifySlackSignature', () => {
  // Slack's documented example request.
  const body = 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
  const slackExample = { rawBody: Buffer.from(body), timestamp: '1531420618', signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' };

  it('accepts Slack\'s documented example with its secret, at its time', () => {
    expect(verifySlackSignature(slackExample, SECRET, 1531420618_000)).toEqual({ ok: true });
    expect(signSlackRequest(body, SECRET, 1531420618).signature).toBe(slackExample.signature);
  });

  it('refuses a wrong secret, a tampered body and a tampered timestamp', () => {
    expect(verifySlackSignature(slackExample, 'another-secret-0000', 1531420618_000)).toMatchObject({ ok: false, reason: expect.stringContaining('does not match') });
    expect(verifySlackSignature({ ...slackExample, rawBody: Buffer.from(body.replace('roadrunner', 'coyote')) }, SECRET, 1531420618_000).ok).toBe(false);
    expect(verifySlackSignature({ ...slackExample, timestamp: '1531420619' }, SECRET, 1531420618_000).ok).toBe(false);
  });

  it('refuses a request more than 5 minutes from our clock either way (a replay later fails)', () => {
    expect(verifySlackSignature(slackExample, SECRET, (1531420618 + 300) * 1000).ok).toBe(true);
    expect(verifySlackSignature(slackExample, SECRET, (1531420618 + 301) * 1000)).toMatchObject({ ok: false, reason: expect.stringMatching(/^stale request: X-Slack-Request-Timestamp is 301 s from our clock/) });
    expect(verifySlackSignature(slackExample, SECRET, (1531420618 - 301) * 1000).ok).toBe(false);
  });

  it.each([
    ['no timestamp', { timestamp: undefined }, 'missing X-Slack-Request-Timestamp'],
    ['no signature', { signature: undefined }, 'missing X-Slack-Signature'],
    ['a timestamp that is not a number', { timestamp: '2018-07-12' }, 'malformed X-Slack-Request-Timestamp'],
    ['another scheme', { signature: 'v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' }, 'malformed X-Slack-Signature'],
    ['a short signature', { signature: 'v0=a2114d57' }, 'malformed X-Slack-Signature'],
  ])('refuses %s', (_what, change, reason) => {
    expect(verifySlackSignature({ ...slackExample, ...change }, SECRET, 1531420618_000)).toMatchObject({ ok: false, reason: expect.stringContaining(reason) });
  });
});

describe('POST /slack/actions', () => {
  let server: Server;
  let url: string;
  let secret: string | undefined = SECRET;
  let now = NOW;
  const calls: AckActionRequest[] = [];
  let answer: AckDecision = { kind: 'recorded', ack: { at: NOW, userId: 'U0DANA', userName: 'dana' }, zone: 'UTC' };

  beforeAll(async () => {
    const app = express();
    app.use(requestContext(startRequests(pino({ level: 'silent' }))));
    app.use(slackActionRoutes({ signingSecret: () => secret, clock: () => now, actions: { acknowledge: async (req) => (calls.push(req), answer) } }));
    app.use(notFoundHandler());
    app.use(errorHandler());
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/actions`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    calls.length = 0;
    secret = SECRET;
    now = NOW;
  });

  const message = alertMessage(alert({ kind: 'breach' }), [], { buttons: true });
  const clickPayload = (value = encodeAckValue({ source: 'generic', ticketId: 'T-42', metric: 'first_response', cycle: 1 })) => ({
    type: 'block_actions',
    user: { id: 'U0DANA', username: 'dana', name: 'dana', team_id: 'T0' },
    container: { type: 'message', message_ts: '1764000000.000100', channel_id: 'C0LEADS', is_ephemeral: false },
    channel: { id: 'C0LEADS', name: 'leads' },
    message: { ts: '1764000000.000100', text: message.text, blocks: message.blocks },
    response_url: 'https://hooks.slack.com/actions/T0/1/abc',
    actions: [{ action_id: 'sla_ack', block_id: 'sla_actions', type: 'button', value, action_ts: '1764000100.000200' }],
  });
  const form = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

  async function post(body: string, headers: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }
  const signed = (body: string, s = SECRET, ts = NOW_S) => {
    const { timestamp, signature } = signSlackRequest(body, s, ts);
    return { 'X-Slack-Request-Timestamp': timestamp, 'X-Slack-Signature': signature };
  };

  it('hands a signed Acknowledge click to the actions port and answers 200', async () => {
    const body = form(clickPayload());
    const res = await post(body, signed(body));
    expect(res).toEqual({ status: 200, body: { ok: true, acknowledged: ['recorded'] } });
    expect(calls).toEqual([
      {
        target: { source: 'generic', ticketId: 'T-42', metric: 'first_response', cycle: 1 },
        userId: 'U0DANA',
        userName: 'dana',
        channelId: 'C0LEADS',
        messageTs: '1764000000.000100',
        message: { text: message.text, blocks: JSON.parse(JSON.stringify(message.blocks)) },
      },
    ]);
  });

  it.each([
    ['a wrong secret', (body: string) => signed(body, 'not-the-signing-secret')],
    ['a stale timestamp', (body: string) => signed(body, SECRET, NOW_S - 10 * 60)],
    ['no signature headers', () => ({})],
    ['only a timestamp', () => ({ 'X-Slack-Request-Timestamp': String(NOW_S) })],
  ])('answers 401 to %s and acts on nothing', async (_what, headers) => {
    const body = form(clickPayload());
    const res = await post(body, headers(body));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'sla_signature_invalid' } });
    expect(calls).toEqual([]);
  });

  it('answers 401 to a tampered body and to a replay outside the 5-minute window', async () => {
    const body = form(clickPayload());
    const headers = signed(body);
    const tampered = form({ ...clickPayload(), user: { id: 'U0MALLORY' } });
    expect((await post(tampered, headers)).status).toBe(401);
    now = NOW + 5 * 60_000 + 1_000;
    expect((await post(body, headers)).status).toBe(401);
    now = NOW + 4 * 60_000;
    expect((await post(body, headers)).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('answers 404 naming the setting when no signing secret is configured', async () => {
    secret = undefined;
    const body = form(clickPayload());
    const res = await post(body, signed(body));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'sla_not_found', message: expect.stringContaining('slack.signing_secret') } });
  });

  it('answers 400 to a signed body without a payload or with a button value that is not ours; ignores other interactions', async () => {
    const noPayload = 'foo=bar';
    expect((await post(noPayload, signed(noPayload))).status).toBe(400);
    const badValue = form(clickPayload('v1|generic'));
    expect((await post(badValue, signed(badValue))).body).toMatchObject({ error: { code: 'sla_payload_invalid' } });
    const other = form({ type: 'view_submission' });
    expect(await post(other, signed(other))).toEqual({ status: 200, body: { ok: true, ignored: 'view_submission' } });
    const openTicket = form({ ...clickPayload(), actions: [{ action_id: 'sla_open_ticket', type: 'button' }] });
    expect(await post(openTicket, signed(openTicket))).toEqual({ status: 200, body: { ok: true, acknowledged: [] } });
    expect(calls).toEqual([]);
  });

  it('passes on what the ticket side decided (a second click: already)', async () => {
    answer = { kind: 'already', ack: { at: NOW, userId: 'U0DANA', userName: 'dana' }, zone: 'UTC' };
    const body = form(clickPayload());
    expect((await post(body, signed(body))).body).toEqual({ ok: true, acknowledged: ['already'] });
  });
});
