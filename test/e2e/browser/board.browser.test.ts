/**
 * The countdown board in a real browser (Debian's Chromium through playwright-core) against
 * the real service, real Redis and signed webhooks: it loads cleanly under its CSP, orders
 * and counts rows, tells state in words, ticks countdowns in business time by itself, swaps
 * rows on server-sent events without reloading, keeps filters in the URL, moves between rows
 * with the keyboard, shows due times in the viewer's zone, fits a laptop and a wall display,
 * and lets a browser in with `?token=` without keeping the token in the URL.
 *
 * Each concern has its own policy (matched by tag) and the board is opened filtered to it,
 * so the tests do not see each other's tickets.
 */
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericTicket, type GenericTicket } from '../../support/generic-webhook.js';
import { sleep, startServiceHarness, type ServiceHarness } from '../../support/service-harness.js';
import { launchChromium, parseLeft, shownCounts, shownRows, watchPage, type PageWatch } from './browser-support.js';

const MIN = 60_000;

const CONFIG = `
version: board-browser
calendars:
  always: { timezone: UTC, hours: 24x7 }
  berlin: { timezone: Europe/Berlin, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev2, name: High, from: { priority: [high] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: crossing
    match: { tags_any: [crossing] }
    calendar: always
    targets:
      sev3: { first_response: 3s }
  - id: live
    match: { tags_any: [live] }
    calendar: always
    pause_on: [pending]
    targets:
      sev3: { first_response: 10m }
  - id: berlin
    match: { tags_any: [berlin] }
    calendar: berlin
    targets:
      sev3: { first_response: 2h }
  - id: board
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 10m }
      sev2: { first_response: 10m }
      sev3: { first_response: 10m }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

/** The `board` policy's rows, soonest due first, and the state each must show. */
const BOARD_ROWS: Array<{ id: string; priority: string | null; ageMs: number; pending?: boolean; level: string; words: string; severity: string }> = [
  { id: 'B1', priority: 'urgent', ageMs: 15 * MIN, level: 'breached', words: 'Breached', severity: 'Critical' },
  { id: 'B2', priority: 'high', ageMs: 12 * MIN, level: 'breached', words: 'Breached', severity: 'High' },
  { id: 'W1', priority: 'high', ageMs: 8.5 * MIN, level: 'warning', words: 'Warning', severity: 'High' },
  { id: 'W2', priority: null, ageMs: 8 * MIN, level: 'warning', words: 'Warning', severity: 'Normal' },
  { id: 'O1', priority: 'urgent', ageMs: 1 * MIN, level: 'on_track', words: 'On track', severity: 'Critical' },
  { id: 'O2', priority: null, ageMs: 0, level: 'on_track', words: 'On track', severity: 'Normal' },
  { id: 'P1', priority: null, ageMs: 3 * MIN, pending: true, level: 'paused', words: 'Paused', severity: 'Normal' },
];
const keyOf = (id: string) => `generic/${id}/first_response/1`;

let h: ServiceHarness;
let browser: Browser;
/** Laptop-sized, UTC, signed in once through `?token=`. */
let ctx: BrowserContext;
const live: Record<string, GenericTicket> = {};

beforeAll(async () => {
  h = await startServiceHarness({ name: 'board-browser', config: CONFIG });
  const now = Date.now();
  const events: object[] = [];
  for (const r of BOARD_ROWS) {
    const t = genericTicket(r.id, { createdAt: now - r.ageMs, priority: r.priority, status: 'open', subject: `Board ${r.id}`, group: 'Tier 1', assignee: 'Dana' });
    events.push(t.event({ at: now - r.ageMs }));
    if (r.pending) events.push(t.event({ status: 'pending' }));
  }
  for (const id of ['L1', 'L2']) {
    live[id] = genericTicket(id, { status: 'open', tags: ['live'], subject: `Live ${id}` });
    events.push(live[id].event());
  }
  events.push(genericTicket('Z1', { status: 'open', tags: ['berlin'], subject: 'Berlin Z1' }).event());
  await h.sendBatch(events);
  await h.waitForIdle('events');
  browser = await launchChromium();
  ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'UTC', colorScheme: 'light' });
  const login = await ctx.newPage();
  const res = await login.goto(`${h.url}/board?token=${h.apiToken}`);
  expect(res?.status()).toBe(200);
  await login.close();
});

afterAll(async () => {
  await browser?.close();
  await h?.stop();
});

/** Opens the board (a path under it) in a new page of `context` and waits until the live stream is open. */
async function openBoard(path: string, context: BrowserContext = ctx): Promise<{ page: Page; watch: PageWatch }> {
  const page = await context.newPage();
  const watch = watchPage(page);
  const res = await page.goto(`${h.url}${path}`);
  expect(res?.status(), `GET ${path}`).toBe(200);
  await page.locator('#board-status', { hasText: /^Live/ }).waitFor({ timeout: 5_000 });
  return { page, watch };
}

/** The page had no console errors, failed requests or error responses, and asked nothing of another origin. */
function expectClean(watch: PageWatch): void {
  expect(watch.problems()).toEqual([]);
  expect(watch.requests.filter((u) => !u.startsWith(`${h.url}/`) && !u.startsWith('data:'))).toEqual([]);
}

describe('the board in Chromium', () => {
  it('loads under its CSP with rows soonest due first, counts per state, state in words and an accessible table', async () => {
    const { page, watch } = await openBoard('/board?policy=board');
    const rows = await shownRows(page);
    expect(rows.map((r) => r.key)).toEqual(BOARD_ROWS.map((r) => keyOf(r.id)));
    for (const [i, expected] of BOARD_ROWS.entries()) {
      const row = rows[i]!;
      expect({ id: expected.id, level: row.level, state: row.state, severity: row.severity }).toEqual({ id: expected.id, level: expected.level, state: expected.words, severity: expected.severity });
    }
    expect(rows[0]!.left).toMatch(/overdue$/);
    expect(rows.at(-1)!.left).toMatch(/\(paused\)$/);
    expect(await shownCounts(page)).toEqual({ breached: 2, warning: 2, on_track: 2, paused: 1, total: 7 });

    // Not colour alone: every badge has words, its icon is hidden from screen readers, and the
    // accessible name of the badge is the word.
    expect(await page.$$eval('#rows .badge [aria-hidden="true"]', (els) => els.length)).toBe(7);
    await expect.poll(() => page.getByRole('cell', { name: 'Paused', exact: true }).count()).toBe(1);
    const caption = await page.locator('table#timers caption').textContent();
    expect(caption).toMatch(/soonest due first/);
    const headers = await page.$$eval('table#timers thead th[scope="col"]', (ths) => ths.map((th) => th.textContent?.trim()));
    expect(headers).toEqual(['State', 'Time left', 'Ticket', 'Severity', 'Metric', 'Due', 'Assignee', 'Group', 'Policy']);
    await expect.poll(() => page.getByRole('table', { name: /SLA timers/ }).count()).toBe(1);
    for (const label of ['Severity', 'Policy', 'Group', 'Assignee', 'Metric']) expect(await page.getByLabel(label).count(), label).toBe(1);
    expect(await page.getByRole('status').textContent()).toMatch(/^Live/);

    const csp = (await page.request.get(`${h.url}/board?policy=board`)).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expectClean(watch);
    await page.close();
  });

  it('ticks a running countdown down in business time, and leaves a paused one alone', async () => {
    const { page, watch } = await openBoard('/board?policy=board');
    const running = page.locator(`tr[data-key="${keyOf('O2')}"] [data-countdown]`);
    const paused = page.locator(`tr[data-key="${keyOf('P1')}"] [data-countdown]`);
    const due = Date.parse((await h.ticket('O2')).timers.find((t) => t.metric === 'first_response')!.due_at!);

    // Read right after a tick, then again 2.5 s later: two ticks apart.
    const before = (await running.textContent())!;
    await expect.poll(() => running.textContent(), { interval: 20, timeout: 2_000 }).not.toBe(before);
    const first = (await running.textContent())!;
    const readAt = Date.now();
    const pausedFirst = await paused.textContent();
    await sleep(2_500);
    const second = (await running.textContent())!;
    const pausedSecond = await paused.textContent();

    expect(first).toMatch(/^\d+m \d\ds$/);
    const dropped = parseLeft(first) - parseLeft(second);
    expect(dropped, `${first} → ${second}`).toBeGreaterThanOrEqual(1_000);
    expect(dropped, `${first} → ${second}`).toBeLessThanOrEqual(3_000);
    // 24x7: business time is real time, so the countdown is the time to the due instant.
    expect(Math.abs(parseLeft(first) - (due - readAt))).toBeLessThanOrEqual(1_500);
    expect(pausedFirst).toMatch(/\(paused\)$/);
    expect(pausedSecond).toBe(pausedFirst);
    expectClean(watch);
    await page.close();
  });

  it('swaps rows on server-sent events when a webhook arrives, without reloading the page', async () => {
    const { page, watch } = await openBoard('/board?policy=live');
    expect((await shownRows(page)).map((r) => r.key)).toEqual([keyOf('L1'), keyOf('L2')]);
    await page.evaluate('window.__marker = "same page"');

    // First response given: the timer is achieved and leaves the board.
    let sent = Date.now();
    await h.send(live.L1!.event({ comment: 'agent' }));
    await page.locator(`tr[data-key="${keyOf('L1')}"]`).waitFor({ state: 'detached', timeout: 2_500 });
    const achievedAfter = Date.now() - sent;

    // Waiting on the customer: the clock pauses and says so.
    sent = Date.now();
    await h.send(live.L2!.event({ status: 'pending' }));
    const l2 = page.locator(`tr[data-key="${keyOf('L2')}"]`);
    await l2.locator('.badge-text', { hasText: 'Paused' }).waitFor({ timeout: 2_500 });
    const pausedAfter = Date.now() - sent;
    expect(await l2.locator('[data-countdown]').textContent()).toMatch(/\(paused\)$/);
    expect(await shownCounts(page)).toEqual({ breached: 0, warning: 0, on_track: 0, paused: 1, total: 1 });

    // Solved: the board is empty and says so.
    await h.send(live.L2!.event({ status: 'solved', comment: 'agent' }));
    await page.locator('#empty').waitFor({ state: 'visible', timeout: 2_500 });
    expect(await page.locator('#empty').textContent()).toMatch(/No running timers match these filters/);
    expect(await shownRows(page)).toEqual([]);

    expect(await page.evaluate<string | undefined>('window.__marker')).toBe('same page');
    expect(watch.navigations).toEqual([]);
    expect(achievedAfter).toBeLessThan(2_500);
    expect(pausedAfter).toBeLessThan(2_500);
    expectClean(watch);
    await page.close();
  });

  it('turns a row Breached by itself when it crosses its due instant, before any server event', async () => {
    const t = genericTicket('X1', { status: 'open', tags: ['crossing'], subject: 'Crossing X1' });
    await h.send(t.event());
    const ticket = await h.waitForTicket('X1', (x) => x.timers.length > 0);
    const due = Date.parse(ticket.timers[0]!.due_at!);

    const page = await ctx.newPage();
    const watch = watchPage(page);
    // Hold every fragment request: whatever the server says, the rows cannot be swapped.
    const held: Route[] = [];
    await page.route('**/board/fragment*', (route) => void held.push(route));
    try {
      await page.goto(`${h.url}/board?policy=crossing`);
      const tr = await page.$(`tr[data-key="${keyOf('X1')}"]`);
      expect(tr).not.toBeNull();
      expect(await tr!.$eval('.badge-text', (el) => el.textContent)).not.toBe('Breached');
      expect(Date.now()).toBeLessThan(due);

      await page.waitForFunction((el) => el.querySelector('.badge-text')?.textContent === 'Breached', tr, { timeout: 8_000, polling: 50 });
      const seenAt = Date.now();
      expect(seenAt).toBeGreaterThanOrEqual(due - 50);
      expect(seenAt - due).toBeLessThan(1_600);
      // The very row the server rendered, changed in place by the page's own clock.
      expect(await tr!.evaluate((el) => el.isConnected && el.classList.contains('level-breached'))).toBe(true);
      await expect.poll(() => tr!.$eval('[data-countdown]', (el) => el.textContent), { timeout: 1_500 }).toMatch(/overdue$/);
      expect((await shownCounts(page)).breached).toBe(1);
    } finally {
      await page.unroute('**/board/fragment*');
      for (const route of held) await route.continue().catch(() => undefined);
    }
    // The server agrees.
    expect((await h.ticket('X1')).timers[0]!.state).toBe('breached');
    expect((await shownRows(page)).map((r) => r.state)).toEqual(['Breached']);
    expectClean(watch);
    await page.close();
  });

  it('filters by severity through the select, keeps the filter in the URL and pre-selects it from the URL', async () => {
    const { page, watch } = await openBoard('/board?policy=board');
    const severity = page.getByLabel('Severity');
    await severity.selectOption('sev1');
    await page.waitForURL((url) => url.searchParams.get('severity') === 'sev1');
    expect(new URL(page.url()).searchParams.get('policy')).toBe('board');
    await expect.poll(async () => (await shownRows(page)).map((r) => r.key)).toEqual([keyOf('B1'), keyOf('O1')]);
    expect((await shownRows(page)).every((r) => r.severity === 'Critical')).toBe(true);
    expect((await shownCounts(page)).total).toBe(2);

    await severity.selectOption('');
    await page.waitForURL((url) => !url.searchParams.has('severity'));
    await expect.poll(async () => (await shownRows(page)).length).toBe(7);
    expect(watch.navigations).toEqual([]);
    expectClean(watch);
    await page.close();

    const direct = await openBoard('/board?severity=sev2&policy=board');
    expect(await direct.page.getByLabel('Severity').inputValue()).toBe('sev2');
    expect((await shownRows(direct.page)).map((r) => [r.key, r.severity])).toEqual([
      [keyOf('B2'), 'High'],
      [keyOf('W1'), 'High'],
    ]);
    expectClean(direct.watch);
    await direct.page.close();
  });

  it('moves focus between rows with the arrow keys and opens the ticket with Enter', async () => {
    const { page, watch } = await openBoard('/board?policy=board');
    await ctx.route('https://help.example.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>ticket</title>' }));
    try {
      const focused = () => page.evaluate<string | undefined>('document.activeElement?.getAttribute("data-key") ?? document.activeElement?.tagName');
      await page.locator('#rows tr').first().focus();
      expect(await focused()).toBe(keyOf('B1'));
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(keyOf('B2'));
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toBe(keyOf('W1'));
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toBe(keyOf('B2'));
      // Rows are reachable with Tab after the filters.
      await page.getByLabel('Metric').focus();
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(keyOf('B1'));

      const [popup] = await Promise.all([ctx.waitForEvent('page'), page.keyboard.press('Enter')]);
      await popup.waitForLoadState();
      expect(popup.url()).toBe('https://help.example.com/B1');
      await popup.close();
    } finally {
      await ctx.unroute('https://help.example.com/**');
    }
    expect(watch.navigations).toEqual([]);
    expectClean(watch);
    await page.close();
  });

  it("shows due times in the viewer's zone, with the calendar's zone on hover", async () => {
    const ny = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York' });
    await ny.addCookies(await ctx.cookies());
    const { page, watch } = await openBoard('/board?policy=berlin', ny);
    const time = page.locator(`tr[data-key="${keyOf('Z1')}"] td.due time`);
    const iso = (await time.getAttribute('datetime'))!;
    const text = (await time.textContent())!;
    const title = (await time.getAttribute('title'))!;
    const due = DateTime.fromISO(iso, { zone: 'UTC' });
    expect(Math.abs(due.toMillis() - Date.parse((await h.ticket('Z1')).timers[0]!.due_at!))).toBeLessThan(1_000);

    const inNewYork = due.setZone('America/New_York');
    const inBerlin = due.setZone('Europe/Berlin');
    // en-US, 12-hour clock: "Tue, Nov 24, 04:15 AM".
    expect(text).toContain(inNewYork.toFormat('hh:mm'));
    expect(text).toContain(inNewYork.toFormat('a'));
    expect(text).toContain(inNewYork.setLocale('en-US').toFormat('ccc'));
    expect(text).not.toContain(inBerlin.toFormat('HH:mm'));
    expect(title).toContain('Europe/Berlin');
    expect(title).toContain(inBerlin.toFormat('HH:mm'));
    expect(title).toMatch(/CES?T/);
    expectClean(watch);
    await ny.close();
  });

  it('fits a laptop screen, and enlarges for a wall display with ?wall=1', async () => {
    const fits = async (page: Page) => ({
      table: await page.$eval('.table-wrap', (wrap) => wrap.scrollWidth <= wrap.clientWidth),
      page: await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth'),
    });
    const fontSize = (page: Page) => page.$eval('td.left', (el) => parseFloat(el.ownerDocument.defaultView.getComputedStyle(el).fontSize));
    const laptop = await openBoard('/board?policy=board');
    expect(await fits(laptop.page)).toEqual({ table: true, page: true });
    expect(await laptop.page.locator('#filters').isVisible()).toBe(true);
    const laptopFont = await fontSize(laptop.page);
    await laptop.page.close();

    const wallCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US', timezoneId: 'UTC' });
    await wallCtx.addCookies(await ctx.cookies());
    const wall = await openBoard('/board?wall=1&policy=board', wallCtx);
    expect(await wall.page.$eval('body', (body) => body.classList.contains('wall'))).toBe(true);
    expect(await wall.page.locator('#filters').isVisible()).toBe(false);
    expect(await fontSize(wall.page)).toBeGreaterThan(laptopFont * 1.4);
    expect(await fits(wall.page)).toEqual({ table: true, page: true });
    // Every row is on screen at once, without scrolling.
    expect(await wall.page.$eval('#rows tr:last-child', (tr) => tr.getBoundingClientRect().bottom <= tr.ownerDocument.defaultView.innerHeight)).toBe(true);
    // A refresh keeps the wall layout: the fragment is asked with the page's own query.
    const fragment = wall.page.waitForResponse((r) => r.url().includes('/board/fragment'));
    await wall.page.$eval('#filters', (form) => form.dispatchEvent(new Event('change')));
    expect(new URL((await fragment).url()).searchParams.get('wall')).toBe('1');
    expect(new URL(wall.page.url()).searchParams.get('wall')).toBe('1');
    expectClean(wall.watch);
    await wallCtx.close();
  });

  it('with API_TOKEN: 401 without it, ?token= opens a session and leaves the URL, and the cookie serves fragments and the stream', async () => {
    const fresh = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
    const page = await fresh.newPage();
    const denied = await page.goto(`${h.url}/board?policy=board`);
    expect(denied?.status()).toBe(401);
    expect(await page.locator('h1').textContent()).toMatch(/needs the API token/);
    expect((await page.goto(`${h.url}/board?token=wrong-token`))?.status()).toBe(401);
    expect(await shownRows(page)).toEqual([]);

    const watch = watchPage(page);
    const stream = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/stream');
    const res = await page.goto(`${h.url}/board?token=${h.apiToken}&policy=board`);
    expect(res?.status()).toBe(200);
    expect(res?.request().redirectedFrom()?.url()).toContain('token=');
    expect(page.url()).toBe(`${h.url}/board?policy=board`);
    expect(await page.evaluate<string>('location.href')).not.toContain(h.apiToken!);
    expect((await shownRows(page)).length).toBe(7);
    expect((await stream).status()).toBe(200);
    await page.locator('#board-status', { hasText: /^Live/ }).waitFor({ timeout: 5_000 });

    const cookies = await fresh.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'sla_session', httpOnly: true, sameSite: 'Strict' });
    expect(cookies[0]!.value).not.toContain(h.apiToken!);
    expect(await page.evaluate<string>('document.cookie')).toBe('');

    const fragment = page.waitForResponse((r) => new URL(r.url()).pathname === '/board/fragment');
    await page.getByLabel('Severity').selectOption('sev3');
    expect((await fragment).status()).toBe(200);
    await expect.poll(async () => (await shownRows(page)).map((r) => r.key)).toEqual([keyOf('W2'), keyOf('O2'), keyOf('P1')]);
    expectClean(watch);
    await fresh.close();
  });
});
