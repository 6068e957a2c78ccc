/**
 * Debian's Chromium driven by playwright-core, for the board and widget tests: launch it
 * (failing, never skipping, when it is not installed), watch a page for console errors,
 * failed requests and requests that leave the service's origin, and read the board's rows.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Starts headless Chromium; throws with the install command when it is missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it: apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** What went wrong on a page, and every request it made. */
export interface PageWatch {
  /** Console errors (CSP violations land here too) and uncaught exceptions. */
  errors: string[];
  /** Requests that failed at the network level. */
  failed: string[];
  /** Responses with a 4xx or 5xx status. */
  badResponses: string[];
  /** Every request URL, in order. */
  requests: string[];
  /** Document loads after the first (reloads or navigations; `history.replaceState` is none). */
  navigations: string[];
  /** Everything above that is not allowed, as lines for an assertion message. */
  problems(): string[];
}

/**
 * Records what `page` does from now on. Requests aborted by closing the page or by the
 * browser replacing an open event stream are not failures; everything else is.
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = {
    errors: [],
    failed: [],
    badResponses: [],
    requests: [],
    navigations: [],
    problems: () => [...watch.errors.map((e) => `console: ${e}`), ...watch.failed.map((f) => `failed: ${f}`), ...watch.badResponses.map((r) => `response: ${r}`)],
  };
  let loaded = false;
  page.on('console', (msg) => {
    if (msg.type() === 'error') watch.errors.push(msg.text());
  });
  page.on('pageerror', (err) => void watch.errors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => void watch.requests.push(req.url()));
  page.on('requestfailed', (req) => void watch.failed.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText ?? '?'}`));
  page.on('response', (res) => {
    if (res.status() >= 400) watch.badResponses.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('load', () => {
    if (loaded) watch.navigations.push(page.url());
    loaded = true;
  });
  return watch;
}

/** One board row as the browser shows it. */
export interface ShownRow {
  key: string;
  /** The words of the state badge (`Breached`, `Warning`, `On track`, `Paused`). */
  state: string;
  /** The `level-*` class of the row. */
  level: string;
  left: string;
  ticket: string;
  severity: string;
  metric: string;
}

/** The rows of `#rows`, top to bottom. */
export async function shownRows(page: Page): Promise<ShownRow[]> {
  return page.$$eval('#rows tr[data-key]', (trs) =>
    trs.map((tr) => ({
      key: tr.getAttribute('data-key') ?? '',
      state: tr.querySelector('.badge-text')?.textContent?.trim() ?? '',
      level: [...tr.classList].find((c) => c.startsWith('level-'))?.slice('level-'.length) ?? '',
      left: tr.querySelector('[data-countdown]')?.textContent?.trim() ?? '',
      ticket: tr.querySelector('.ticket-id')?.textContent?.trim() ?? '',
      severity: tr.querySelector('td.severity')?.textContent?.trim() ?? '',
      metric: tr.querySelector('td.metric')?.textContent?.trim() ?? '',
    })),
  );
}

/** The numbers of the count chips, by level (`breached`, …) and `total`. */
export async function shownCounts(page: Page): Promise<Record<string, number>> {
  return page.$$eval('#counts .count', (chips) =>
    Object.fromEntries(chips.map((c) => [c.getAttribute('data-level') ?? 'total', Number(c.querySelector('b')?.textContent ?? 'NaN')])),
  );
}

/**
 * A countdown's text (`1h 05m 09s`, `4m 02s`, `12s overdue`, `3m 10s (paused)`, or the
 * server's first rendering `1h 05m`) as signed ms left: negative when overdue.
 */
export function parseLeft(text: string): number {
  const m = /^(?:(\d+)h\s*)?(?:(\d+)m\s*)?(?:(\d+)s)?(\s+overdue)?/.exec(text.trim());
  if (m === null || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) throw new Error(`not a countdown: ${JSON.stringify(text)}`);
  const ms = (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000;
  return m[4] === undefined ? ms : -ms;
}
