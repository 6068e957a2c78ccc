/**
 * Query strings, headers, paths and ticket data never reach a page as markup: the board and
 * the widget escape what they echo, and every other answer is JSON or fixed text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildRules, event, FakeTickets, startApp, stateFrom, stopApps } from '../app-harness.js';

afterEach(stopApps);

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const rules = buildRules();
const hostileTickets = () =>
  new FakeTickets().put(
    stateFrom(rules, [event('e1', '2026-11-23T09:30:00Z', { id: SCRIPT, subject: IMG, group: IMG, assignee: SCRIPT, tags: ['enterprise'] })]),
    stateFrom(rules, [event('e2', '2026-11-23T10:00:00Z', { id: 'T-2', group: 'Tier 2' })]),
  );

/** The page without its own (nonce-carrying) script and style elements, which are ours. */
function markupOf(page: string): string {
  return page.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/g, '').replace(/<script type="application\/json" id="[\w-]+">[\s\S]*?<\/script>/g, '');
}

function expectNoInjection(page: string): void {
  const markup = markupOf(page);
  expect(markup).not.toContain('<script>');
  expect(markup).not.toContain('<img');
  expect(markup).not.toContain('<svg');
  // JSON islands may carry the text, but never a tag that closes them.
  for (const [, json] of page.matchAll(/<script type="application\/json" id="[\w-]+">([\s\S]*?)<\/script>/g)) expect(json).not.toMatch(/<\/?script|<img/i);
}

describe('escaping of what pages echo', () => {
  it('/board?severity=<script> and other hostile filters are escaped, also when they match and are echoed as selected', async () => {
    const { base } = await startApp({ tickets: hostileTickets() });
    const query = new URLSearchParams({ severity: SCRIPT, policy: IMG, group: IMG, assignee: SCRIPT, metric: '<svg onload=alert(1)>', wall: SCRIPT });
    const res = await fetch(`${base}/board?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await res.text();
    expectNoInjection(page);
    // The hostile group is a real option here: echoed as selected, escaped.
    expect(page).toContain('<option value="&#34;&#62;&#60;img src=x onerror=alert(1)&#62;" selected>');
  });

  it('the board fragment (JSON for the page script) carries rows as escaped HTML', async () => {
    const { base } = await startApp({ tickets: hostileTickets() });
    const res = await fetch(`${base}/board/fragment?group=${encodeURIComponent(IMG)}`);
    const fragment = (await res.json()) as { rows: string; counts: string };
    expect(fragment.rows).not.toContain('<img');
    expect(fragment.rows).not.toContain('<script>');
    expect(fragment.rows).toContain('&#60;script&#62;');
  });

  it('the widget escapes a hostile ticket id, subject and query', async () => {
    const { base } = await startApp({ tickets: hostileTickets() });
    const res = await fetch(`${base}/widget/generic/${encodeURIComponent(SCRIPT)}?exp=${encodeURIComponent(SCRIPT)}&x=${encodeURIComponent(IMG)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'nonce-/);
    const page = await res.text();
    expectNoInjection(page);
    expect(page).toContain('&#34;&#62;&#60;img src=x onerror=alert(1)&#62;');
  });

  it('answers errors about hostile paths, ids and headers as JSON, and never echoes a hostile request id', async () => {
    const { base } = await startApp({ tickets: hostileTickets() });
    for (const path of [`/${encodeURIComponent(SCRIPT)}`, `/widget/generic/${encodeURIComponent(IMG)}`, `/api/tickets/generic/${encodeURIComponent(IMG)}`]) {
      const res = await fetch(`${base}${path}`, { headers: { 'x-request-id': '<script>alert(1)</script>' } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('the sign-in page for a wrong ?token= is fixed text that echoes nothing', async () => {
    const { base } = await startApp({ tickets: hostileTickets(), apiToken: 't0ken' });
    const res = await fetch(`${base}/board?token=${encodeURIComponent(SCRIPT)}&severity=${encodeURIComponent(SCRIPT)}`);
    expect(res.status).toBe(401);
    const page = await res.text();
    expect(page).not.toContain('alert(1)');
  });
});
