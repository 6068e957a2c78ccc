import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../support/fake-slack.js';

let fake: FakeSlack;
afterEach(async () => fake?.stop());

async function start(options: ConstructorParameters<typeof FakeSlack>[0] = {}): Promise<FakeSlack> {
  fake = new FakeSlack({ token: 'xoxb-t', ...options });
  await fake.start();
  return fake;
}

async function form(method: string, args: Record<string, string>, token = 'xoxb-t'): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${token}` },
    body: new URLSearchParams(args).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function json(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: 'Bearer xoxb-t' }, body: JSON.stringify(args) });
  return (await res.json()) as Record<string, unknown>;
}

describe('FakeSlack', () => {
  it('checks the bearer token', async () => {
    await start();
    expect((await form('auth.test', {}, 'xoxb-wrong')).body).toEqual({ ok: false, error: 'invalid_auth' });
    const res = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
    expect((await form('auth.test', {})).body).toMatchObject({ ok: true });
    expect(fake.calls.map((c) => c.outcome)).toEqual(['invalid_auth', 'not_authed', 'ok']);
  });

  it('stores posts per channel with threads, broadcasts and metadata; history shows metadata only on request', async () => {
    await start({ now: () => 1_700_000_000_000, channels: ['ops'] });
    const meta = JSON.stringify({ event_type: 'sla_alert', event_payload: { notice_id: 'n1' } });
    const root = (await form('chat.postMessage', { channel: '#ops', text: 'root', metadata: meta })).body;
    expect(root).toMatchObject({ ok: true, channel: fake.channelId('ops'), ts: '1700000000.000000' });
    await json('chat.postMessage', { channel: fake.channelId('#ops'), text: 'quiet', thread_ts: root.ts });
    await form('chat.postMessage', { channel: '#ops', text: 'loud', thread_ts: String(root.ts), reply_broadcast: 'true' });
    expect(fake.messages('ops').map((m) => [m.text, m.thread_ts ?? null, m.reply_broadcast ?? null])).toEqual([
      ['root', null, null],
      ['quiet', root.ts, false],
      ['loud', root.ts, true],
    ]);
    const history = (await form('conversations.history', { channel: String(root.channel) })).body as { messages: Array<Record<string, unknown>> };
    expect(history.messages.map((m) => m.text)).toEqual(['loud', 'root']);
    expect(history.messages[1]?.metadata).toBeUndefined();
    const withMeta = (await form('conversations.history', { channel: String(root.channel), include_all_metadata: 'true', limit: '1', cursor: '1' })).body;
    expect(withMeta).toMatchObject({ messages: [{ text: 'root', metadata: { event_type: 'sla_alert', event_payload: { notice_id: 'n1' } } }], has_more: false });
    const replies = (await form('conversations.replies', { channel: String(root.channel), ts: String(root.ts), oldest: '1700000000.000001', inclusive: 'true' })).body as { messages: Array<{ text: string }> };
    expect(replies.messages.map((m) => m.text)).toEqual(['quiet', 'loud']);
    const newer = (await form('conversations.replies', { channel: String(root.channel), ts: String(root.ts), oldest: '1700000000.000001' })).body as { messages: Array<{ text: string }> };
    expect(newer.messages.map((m) => m.text)).toEqual(['loud']);
    expect((await form('chat.postMessage', { channel: '#ops', text: 'x', thread_ts: '1.000000' })).body).toEqual({ ok: false, error: 'thread_not_found' });
  });

  it('updates by channel id only, like Slack', async () => {
    await start({ channels: ['ops'] });
    const posted = (await form('chat.postMessage', { channel: '#ops', text: 'v1' })).body;
    expect((await form('chat.update', { channel: '#ops', ts: String(posted.ts), text: 'v2' })).body).toEqual({ ok: false, error: 'channel_not_found' });
    expect((await form('chat.update', { channel: String(posted.channel), ts: String(posted.ts), text: 'v2' })).body).toMatchObject({ ok: true });
    expect(fake.messages('#ops')[0]).toMatchObject({ text: 'v2', edits: 1 });
    expect((await form('conversations.list', {})).body).toMatchObject({ channels: [{ id: posted.channel, name: 'ops' }] });
  });

  it('refuses unknown channels when strict', async () => {
    await start({ strictChannels: true, channels: ['ops'] });
    expect((await form('chat.postMessage', { channel: '#nope', text: 'x' })).body).toEqual({ ok: false, error: 'channel_not_found' });
  });

  it('fails the next calls as told: 429 with Retry-After, 500, platform errors, per method', async () => {
    await start({ channels: ['ops'] });
    fake.failNext(1, 'rate_limited', { retryAfterSec: 12 });
    fake.failNext(1, 'server_error', { method: 'chat.postMessage' });
    fake.failNext(1, { error: 'not_in_channel' });
    const limited = await form('auth.test', {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('12');
    expect((await form('chat.postMessage', { channel: '#ops', text: 'x' })).status).toBe(500);
    expect((await form('auth.test', {})).body).toEqual({ ok: false, error: 'not_in_channel' });
    expect((await form('chat.postMessage', { channel: '#ops', text: 'x' })).body).toMatchObject({ ok: true });
    expect(fake.messages('#ops')).toHaveLength(1);
  });

  it('hangs, with or without performing the call', async () => {
    await start({ channels: ['ops'] });
    fake.failNext(1, 'hang_after_commit');
    fake.failNext(1, 'hang');
    const timeout = (p: Promise<unknown>) => Promise.race([p.then(() => 'answered', () => 'failed'), new Promise((r) => setTimeout(() => r('hung'), 100))]);
    expect(await timeout(form('chat.postMessage', { channel: '#ops', text: 'stored' }))).toBe('hung');
    expect(await timeout(form('chat.postMessage', { channel: '#ops', text: 'lost' }))).toBe('hung');
    expect(fake.messages('#ops').map((m) => m.text)).toEqual(['stored']);
  });
});
