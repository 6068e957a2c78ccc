/**
 * The board, widget and stream over HTTP with in-memory fakes: rendering and escaping,
 * fragments, API-token access for browsers (session cookie), signed widget links and CSP,
 * and server-sent events with Last-Event-ID resume.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { signWidgetLink } from '../../../../src/http/widget/widget-link.js';
import { at, buildRules, event, FakeTickets, MemoryFeed, startApp, stateFrom, stopApps } from '../app-harness.js';

afterEach(stopApps);

const NOW = '2026-11-23T10:15:30.500Z'; // the harness clock
const rules = buildRules();
const tickets = () =>
  new FakeTickets().put(
    stateFrom(rules, [event('e1', '2026-11-23T09:30:00Z', { id: 'T-1', priority: 'urgent', subject: 'Checkout <b>down</b> & out', tags: ['enterprise'] })]),
    stateFrom(rules, [event('e2', '2026-11-23T10:00:00Z', { id: 'T-2', group: 'Tier 2' })]),
  );
const WIDGET = { secret: 'widget-secret-0123456789', frameAncestors: ['https://*.zendesk.com'], linkTtlMs: 3_600_000 };

describe('GET /board', () => {
  it('renders every running timer with escaped text, words for state, and a strict CSP', async () => {
    const { base } = await startApp({ tickets: tickets() });
    const res = await fetch(`${base}/board`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await res.text();
    expect(page).toContain('Checkout &#60;b&#62;down&#60;/b&#62; &#38; out');
    expect(page).not.toContain('<b>down</b>');
    expect(page.match(/<tr class="row/g)).toHaveLength(4); // T-1: first response + resolution; T-2 likewise
    expect(page).toMatch(/class="badge-text">On track</);
    expect(page).toMatch(/<caption[^>]*>Running, paused and breached SLA timers/);
    const json = /<script type="application\/json" id="board-data">(.*?)<\/script>/s.exec(page)![1]!;
    const data = JSON.parse(json) as { asOf: number; rows: Array<{ key: string }> };
    expect(data.asOf).toBe(at(NOW));
    expect(data.rows.map((r) => r.key)).toContain('generic/T-1/first_response/1');
  });

  it('keeps filters from the URL and answers fragments for the script', async () => {
    const { base } = await startApp({ tickets: tickets() });
    const page = await (await fetch(`${base}/board?group=Tier%202`)).text();
    expect(page).toContain('<option value="Tier 2" selected>');
    expect(page.match(/<tr class="row/g)).toHaveLength(2);
    const fragment = (await (await fetch(`${base}/board/fragment?group=Tier%202`)).json()) as { rows: string; counts: string; data: { rows: unknown[] } };
    expect(fragment.data.rows).toHaveLength(2);
    expect(fragment.rows).toContain('data-key="generic/T-2/first_response/1"');
    expect(fragment.counts).toContain('Total <b>2</b>');
  });

  it('serves its own script and stylesheet', async () => {
    const { base } = await startApp();
    const js = await fetch(`${base}/assets/board.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toContain('EventSource');
    expect((await fetch(`${base}/assets/board.css`)).headers.get('content-type')).toMatch(/text\/css/);
  });
});

describe('API token for browsers', () => {
  it('asks for the token, then opens a session from ?token= and drops it from the URL', async () => {
    const { base } = await startApp({ tickets: tickets(), apiToken: 't0ken' });
    const denied = await fetch(`${base}/board`);
    expect(denied.status).toBe(401);
    expect(await denied.text()).toContain('/board?token=');
    const wrong = await fetch(`${base}/board?token=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const opened = await fetch(`${base}/board?group=Tier%201&token=t0ken`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/board?group=Tier+1');
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^sla_session=[0-9a-f]{64}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain('t0ken');
    const session = cookie.split(';')[0]!;
    expect((await fetch(`${base}/board`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${base}/api/timers`, { headers: { cookie: session } })).status).toBe(200);
    expect((await fetch(`${base}/api/timers`, { headers: { cookie: 'sla_session=forged' } })).status).toBe(401);
    expect((await fetch(`${base}/board`, { headers: { authorization: 'Bearer t0ken' } })).status).toBe(200);
  });
});

describe('widget', () => {
  it('opens one ticket by a signed link, inline assets under a nonce, framed only where allowed', async () => {
    const { base } = await startApp({ tickets: tickets(), apiToken: 't0ken', widget: WIDGET });
    const minted = await fetch(`${base}/api/widget-link/generic/T-1`, { headers: { authorization: 'Bearer t0ken' } });
    const { url, expires_at } = (await minted.json()) as { url: string; expires_at: string };
    expect(expires_at).toBe(new Date(Math.floor((at(NOW) + 3_600_000) / 1000) * 1000).toISOString());
    const path = new URL(url).pathname + new URL(url).search;
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('frame-ancestors https://*.zendesk.com');
    const page = await res.text();
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(page).not.toMatch(/<script src=|<link rel="stylesheet"/);
    expect(page.match(/<tr class="row/g)).toHaveLength(2);
    expect(page).not.toContain('T-2');
  });

  it('refuses an expired, tampered or other ticket\'s link', async () => {
    const { base } = await startApp({ tickets: tickets(), apiToken: 't0ken', widget: WIDGET });
    const expired = signWidgetLink(WIDGET.secret, 'generic', 'T-1', at(NOW) - 1_000);
    expect((await fetch(`${base}/widget/generic/T-1?exp=${expired.exp}&sig=${expired.sig}`)).status).toBe(401);
    const good = signWidgetLink(WIDGET.secret, 'generic', 'T-1', at(NOW) + 60_000);
    expect((await fetch(`${base}/widget/generic/T-1?exp=${good.exp + 1}&sig=${good.sig}`)).status).toBe(401);
    expect((await fetch(`${base}/widget/generic/T-2?exp=${good.exp}&sig=${good.sig}`)).status).toBe(401);
    expect((await fetch(`${base}/widget/generic/T-1?exp=${good.exp}&sig=${good.sig}`)).status).toBe(200);
    expect((await fetch(`${base}/widget/generic/NOPE?exp=${good.exp}&sig=${good.sig}`)).status).toBe(401);
  });

  it('says how to enable links when no secret is configured', async () => {
    const { base } = await startApp({ tickets: tickets() });
    const res = await fetch(`${base}/api/widget-link/generic/T-1`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'sla_widget_disabled', message: expect.stringContaining('widget: { secret') } });
  });
});

describe('GET /api/stream', () => {
  async function readEvents(res: Response, count: number): Promise<string[]> {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const blocks: string[] = [];
    while (blocks.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let i: number;
      while ((i = text.indexOf('\n\n')) >= 0) {
        const block = text.slice(0, i);
        text = text.slice(i + 2);
        if (block.includes('event: timer')) blocks.push(block);
      }
    }
    await reader.cancel();
    return blocks;
  }
  const change = (ticketId: string) => ({ source: 'generic', ticketId, recordedAt: at(NOW), changes: [{ kind: 'breached' as const, metric: 'first_response' as const, cycle: 1, at: at(NOW) }] });

  it('sends each change as a `timer` event with its id, and resumes after Last-Event-ID', async () => {
    const feed = new MemoryFeed();
    feed.publish(change('T-0'));
    const { base } = await startApp({ feed });
    const controller = new AbortController();
    const res = await fetch(`${base}/api/stream`, { headers: { 'last-event-id': '1-0' }, signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reading = readEvents(res, 2);
    while (feed.subscribers === 0) await new Promise((r) => setTimeout(r, 5));
    feed.publish(change('T-1'));
    feed.publish(change('T-2'));
    const events = await reading;
    expect(events[0]).toBe(`id: 2-0\nevent: timer\ndata: {"source":"generic","ticket_id":"T-1","recorded_at":"${NOW}","changes":[{"kind":"breached","metric":"first_response","cycle":1,"at":"${NOW}"}]}`);
    expect(events[1]).toMatch(/^id: 3-0\nevent: timer\ndata: .*"ticket_id":"T-2"/);
    controller.abort();
  });

  it('narrows to one ticket with ?ticket=', async () => {
    const feed = new MemoryFeed();
    const { base } = await startApp({ feed });
    const controller = new AbortController();
    const res = await fetch(`${base}/api/stream?ticket=generic:T-2`, { signal: controller.signal });
    const reading = readEvents(res, 1);
    while (feed.subscribers === 0) await new Promise((r) => setTimeout(r, 5));
    feed.publish(change('T-1'));
    feed.publish(change('T-2'));
    expect((await reading)[0]).toContain('"ticket_id":"T-2"');
    controller.abort();
  });

  it('marks the session cookie Secure behind a trusted TLS proxy (TRUST_PROXY), and only then', async () => {
    const open = (base: string) => fetch(`${base}/board?token=t0ken`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    const trusted = await startApp({ tickets: tickets(), apiToken: 't0ken', trustProxy: 'loopback' });
    expect((await open(trusted.base)).headers.get('set-cookie')).toMatch(/; Secure/);
    // Without trust, anyone could claim https in a header: the header is ignored.
    const untrusted = await startApp({ tickets: tickets(), apiToken: 't0ken' });
    expect((await open(untrusted.base)).headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('refuses a TRUST_PROXY that is no address list, naming the variable', async () => {
    await expect(startApp({ trustProxy: 'not-an-address' })).rejects.toThrow(/TRUST_PROXY="not-an-address" is not valid .*; give true, false, a number of hops/);
  });
});
