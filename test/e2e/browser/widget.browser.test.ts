/**
 * The ticket widget in a real browser (Debian's Chromium through playwright-core) against the
 * real service: a link minted with the API token opens one ticket's clocks in a sidebar-sized
 * page that loads nothing from anywhere (inline script and styles under a nonce), ticks, and
 * follows server-sent events; its CSP names the configured frame ancestors; an expired,
 * tampered or borrowed link is refused.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWidgetLink } from '../../../src/http/widget/widget-link.js';
import { genericTicket, type GenericTicket } from '../../support/generic-webhook.js';
import { sleep, startServiceHarness, type ServiceHarness } from '../../support/service-harness.js';
import { launchChromium, parseLeft, shownCounts, shownRows, watchPage } from './browser-support.js';

const WIDGET_SECRET = 'widget-browser-secret-0123456789';

const CONFIG = `
version: widget-browser
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: support
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 10m, resolution: 1h }
      sev3: { first_response: 30m, resolution: 8h }
widget:
  secret: ${WIDGET_SECRET}
  frame_ancestors: ["https://*.zendesk.com", "https://help.example.com"]
  link_ttl: 1h
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

let h: ServiceHarness;
let browser: Browser;
/** Sidebar-sized, no session cookie: only the signed link opens the widget. */
let ctx: BrowserContext;
let mine: GenericTicket;

beforeAll(async () => {
  h = await startServiceHarness({ name: 'widget-browser', config: CONFIG });
  mine = genericTicket('W-1', { status: 'open', priority: 'urgent', subject: 'Checkout is down' });
  const late = genericTicket('W-3', { status: 'open', priority: 'urgent', subject: 'Long overdue', createdAt: Date.now() - 3 * 3_600_000 });
  await h.sendBatch([mine.event(), genericTicket('W-2', { status: 'open', subject: 'Someone else' }).event(), late.event({ at: late.createdAt })]);
  await h.waitForIdle('events');
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 360, height: 420 }, locale: 'en-US', timezoneId: 'UTC' });
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

async function mintLink(id: string): Promise<string> {
  const res = await h.get<{ url: string; expires_at: string }>(`/api/widget-link/generic/${id}`);
  expect(res.status).toBe(200);
  expect(Date.parse(res.body.expires_at) - Date.now()).toBeGreaterThan(59 * 60_000);
  return res.body.url;
}

describe('the ticket widget in Chromium', () => {
  it("opens one ticket's clocks from a signed link, ticks, follows live changes and loads nothing from elsewhere", async () => {
    const link = await mintLink('W-1');
    expect(link.startsWith(`${h.url}/widget/generic/W-1?exp=`)).toBe(true);
    const page = await ctx.newPage();
    const watch = watchPage(page);
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);

    const csp = res!.headers()['content-security-policy']!;
    expect(csp).toContain('frame-ancestors https://*.zendesk.com https://help.example.com');
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    expect(await page.$$eval('script:not([type])', (els) => els.map((el) => el.nonce))).toEqual([nonce]);
    // The inline stylesheet and script arrive as written (not HTML-escaped): the font stack
    // with its quoted names applies, and the script runs (it opens the live stream below).
    expect(await page.$eval('html', (el) => el.ownerDocument.defaultView.getComputedStyle(el).fontFamily)).toContain('"Segoe UI"');

    // This ticket's timers only, with their state in words.
    expect((await shownRows(page)).map((r) => [r.key, r.state, r.metric])).toEqual([
      ['generic/W-1/first_response/1', 'On track', 'First response'],
      ['generic/W-1/resolution/1', 'On track', 'Resolution'],
    ]);
    expect(await page.title()).toContain('Checkout is down');
    expect(await page.locator('td.ticket').first().isVisible()).toBe(false);
    expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await page.locator('#board-status', { hasText: /^Live/ }).waitFor({ timeout: 5_000 });

    // The countdown ticks: read right after a tick, then 2.5 s later.
    const cell = page.locator('tr[data-key="generic/W-1/first_response/1"] [data-countdown]');
    const before = (await cell.textContent())!;
    await expect.poll(() => cell.textContent(), { interval: 20, timeout: 2_000 }).not.toBe(before);
    const first = (await cell.textContent())!;
    await sleep(2_500);
    const dropped = parseLeft(first) - parseLeft((await cell.textContent())!);
    expect(dropped).toBeGreaterThanOrEqual(1_000);
    expect(dropped).toBeLessThanOrEqual(3_000);

    // Live: another ticket's change does nothing; this ticket's first response moves to "Done".
    await h.send(genericTicket('W-2', { status: 'open' }).event({ status: 'pending', eventId: 'W-2-pending' }));
    await h.send(mine.event({ comment: 'agent' }));
    await page.locator('tr[data-key="generic/W-1/first_response/1"]').waitFor({ state: 'detached', timeout: 2_500 });
    await page.locator('.ended li', { hasText: /First response: .*met/ }).waitFor({ timeout: 2_500 });
    expect((await shownRows(page)).map((r) => r.key)).toEqual(['generic/W-1/resolution/1']);
    expect(await shownCounts(page)).toEqual({ breached: 0, warning: 0, on_track: 1, paused: 0, total: 1 });

    // Every request stayed on the service's origin (the favicon is a data: URL), under the link.
    expect(watch.requests.length).toBeGreaterThanOrEqual(3);
    expect(watch.requests.filter((u) => !u.startsWith(`${h.url}/`) && !u.startsWith('data:'))).toEqual([]);
    const query = new URL(link).search;
    for (const u of watch.requests.filter((x) => x.startsWith(h.url))) expect(u, u).toContain(query);
    expect(watch.requests.some((u) => u.includes('/widget/generic/W-1/stream?'))).toBe(true);
    expect(watch.requests.some((u) => u.includes('/widget/generic/W-1/fragment?'))).toBe(true);
    expect(watch.problems()).toEqual([]);
    expect(watch.navigations).toEqual([]);
    await page.close();
  });

  it('fits a 360 px sidebar even when its clocks are hours overdue', async () => {
    const page = await ctx.newPage();
    const watch = watchPage(page);
    expect((await page.goto(await mintLink('W-3')))?.status()).toBe(200);
    await page.locator('#board-status', { hasText: /^Live/ }).waitFor({ timeout: 5_000 });
    const rows = await shownRows(page);
    expect(rows.map((r) => [r.state, r.metric])).toEqual([
      ['Breached', 'First response'],
      ['Breached', 'Resolution'],
    ]);
    expect(rows[0]!.left).toMatch(/^2h \d\dm \d\ds overdue$/);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    for (const cell of await page.locator('#rows td.metric, #rows td.left, #rows .badge').all()) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(360);
    }
    expect(watch.problems()).toEqual([]);
    await page.close();
  });

  it('refuses an expired, tampered or borrowed link, and a bare widget URL', async () => {
    const link = new URL(await mintLink('W-1'));
    const exp = link.searchParams.get('exp')!;
    const sig = link.searchParams.get('sig')!;
    const expired = signWidgetLink(WIDGET_SECRET, 'generic', 'W-1', Date.now() - 1_000);
    const flipped = `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`;
    const cases: Record<string, string> = {
      expired: `/widget/generic/W-1?exp=${expired.exp}&sig=${expired.sig}`,
      'tampered signature': `/widget/generic/W-1?exp=${exp}&sig=${flipped}`,
      'later expiry': `/widget/generic/W-1?exp=${Number(exp) + 3600}&sig=${sig}`,
      'another ticket': `/widget/generic/W-2?exp=${exp}&sig=${sig}`,
      'no link': '/widget/generic/W-1',
      'fragment of another ticket': `/widget/generic/W-2/fragment?exp=${exp}&sig=${sig}`,
    };
    const page = await ctx.newPage();
    for (const [name, path] of Object.entries(cases)) {
      const res = await page.goto(`${h.url}${path}`);
      expect(res?.status(), name).toBe(401);
      expect(await page.textContent('body'), name).toMatch(/invalid or has expired/);
      expect(await page.locator('#rows tr').count(), name).toBe(0);
    }
    // The genuine link still opens.
    expect((await page.goto(link.href))?.status()).toBe(200);
    await page.close();
  });
});
