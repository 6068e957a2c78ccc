/**
 * Regenerates the README's pictures: `docs/board.png` (the board at 1280×720 with a few
 * tickets in each state) and `docs/widget.png` (one ticket's widget at 360×420).
 *
 *     npx tsx docs/screenshot.ts
 *
 * Needs Redis (REDIS_URL, default redis://127.0.0.1:6379) and Debian's Chromium at
 * /usr/bin/chromium (`apt-get install -y chromium`). It starts the service in-process with
 * the demo config below on a fresh key prefix, posts signed generic webhooks whose
 * `created_at` and comments are backdated so the clocks are breached, warning, on track or
 * paused (pending, with `pause_on: [pending]`), takes the pictures, and deletes its keys.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/e2e/browser/browser-support.js';
import { genericTicket, type GenericEventJson } from '../test/support/generic-webhook.js';
import { startServiceHarness } from '../test/support/service-harness.js';

const DOCS = dirname(fileURLToPath(import.meta.url));
const MIN = 60_000;
const HOUR = 60 * MIN;

const DEMO_CONFIG = `
version: demo
calendars:
  support: { timezone: Europe/Berlin, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev2, name: High, from: { priority: [high] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: enterprise
    match: { tags_any: [enterprise] }
    calendar: support
    pause_on: [pending]
    targets:
      sev1: { first_response: 15m, resolution: 4h }
      sev2: { first_response: 1h, resolution: 8h }
      sev3: { first_response: 4h, resolution: 24h }
  - id: standard
    calendar: support
    pause_on: [pending]
    targets:
      sev2: { first_response: 2h, resolution: 16h }
      sev3: { first_response: 8h, resolution: 40h }
widget:
  secret: demo-widget-secret-0123456789
  frame_ancestors: ["https://*.zendesk.com"]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

interface DemoTicket {
  id: string;
  subject: string;
  priority: string | null;
  tags?: string[];
  group: string;
  assignee: string | null;
  /** How long ago it was created. */
  age: number;
  /** Agent's first public reply, this long after creation. */
  repliedAfter?: number;
  /** Set to pending (waiting on the customer) this long after creation. */
  pendingAfter?: number;
}

/**
 * Each ticket's clocks, first response (FR) and resolution (RES), in 24x7 business time:
 * 9 rows, 2 breached, 2 warning, 2 on track, 3 paused, all on a 1280×720 screen.
 */
const TICKETS: DemoTicket[] = [
  // RES 8h: 1h overdue (FR met after 20m).
  { id: '4698', subject: 'Invoice export times out', priority: 'high', tags: ['enterprise'], group: 'Billing', assignee: 'Priya', age: 9 * HOUR, repliedAfter: 20 * MIN },
  // FR 15m: 10m overdue. RES 4h: on track.
  { id: '4711', subject: 'Checkout is down', priority: 'urgent', tags: ['enterprise'], group: 'Tier 2', assignee: 'Dana', age: 25 * MIN },
  // FR 15m: 2m left (warning). RES 4h: on track.
  { id: '4714', subject: 'SSO login loops', priority: 'urgent', tags: ['enterprise'], group: 'Tier 2', assignee: 'Sam', age: 13 * MIN },
  // RES 8h: 1h 40m left (warning; FR met after 10m).
  { id: '4709', subject: 'API rate limit too low', priority: 'high', tags: ['enterprise'], group: 'Tier 2', assignee: 'Lee', age: 6 * HOUR + 20 * MIN, repliedAfter: 10 * MIN },
  // Pending after the first reply: RES paused.
  { id: '4682', subject: 'Dark mode for reports', priority: null, group: 'Tier 1', assignee: 'Lee', age: 26 * HOUR, repliedAfter: 2 * HOUR, pendingAfter: 2 * HOUR },
  // Pending before any reply: FR and RES paused.
  { id: '4702', subject: 'Refund a duplicate charge', priority: 'high', group: 'Billing', assignee: 'Priya', age: 80 * MIN, pendingAfter: 30 * MIN },
];

const WIDGET_TICKET = '4698';

async function main(): Promise<void> {
  const h = await startServiceHarness({ name: 'screenshot', config: DEMO_CONFIG, apiToken: null });
  const browser = await launchChromium().catch(async (err: unknown) => {
    await h.stop();
    throw err;
  });
  try {
    const now = Date.now();
    const events: GenericEventJson[] = [];
    for (const d of TICKETS) {
      const created = now - d.age;
      const t = genericTicket(d.id, {
        createdAt: created,
        status: 'open',
        priority: d.priority,
        tags: d.tags ?? [],
        subject: d.subject,
        url: `https://acme.example.com/tickets/${d.id}`,
        group: d.group,
        assignee: d.assignee,
      });
      events.push(t.event({ at: created }));
      if (d.repliedAfter !== undefined) events.push(t.event({ at: created + d.repliedAfter, comment: 'agent' }));
      if (d.pendingAfter !== undefined) events.push(t.event({ at: created + d.pendingAfter, status: 'pending' }));
    }
    await h.sendBatch(events);
    await h.waitForIdle('events');

    const board = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'en-US', timezoneId: 'Europe/Berlin', colorScheme: 'light' });
    const page = await board.newPage();
    await page.goto(`${h.url}/board`);
    await page.locator('#board-status', { hasText: /^Live/ }).waitFor();
    await page.waitForTimeout(1_100);
    await page.screenshot({ path: join(DOCS, 'board.png') });
    const counts = await page.$$eval('#counts .count', (chips) => chips.map((c) => c.textContent?.replace(/\s+/g, ' ').trim()).join(' · '));
    console.log(`docs/board.png: ${counts}`);

    const link = await h.get<{ url: string }>(`/api/widget-link/generic/${WIDGET_TICKET}`);
    if (link.status !== 200) throw new Error(`widget link: HTTP ${link.status}`);
    const widget = await browser.newContext({ viewport: { width: 360, height: 420 }, locale: 'en-US', timezoneId: 'Europe/Berlin', colorScheme: 'light' });
    const sidebar = await widget.newPage();
    await sidebar.goto(link.body.url);
    await sidebar.locator('#board-status', { hasText: /^Live/ }).waitFor();
    await sidebar.waitForTimeout(1_100);
    await sidebar.screenshot({ path: join(DOCS, 'widget.png') });
    console.log(`docs/widget.png: ticket generic/${WIDGET_TICKET}`);
  } finally {
    await browser.close();
    await h.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
