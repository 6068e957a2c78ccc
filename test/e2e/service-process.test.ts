/**
 * The built service as a real process: `npm run build`, then `node dist/src/main.js` configured only through its environment (DESIGN.md
 * "Environment"), against real Redis and the fake Slack. What the README promises: a signed
 * POST answers 202, the API (behind API_TOKEN) counts down, the alert reaches Slack, a bad
 * config stops the start with file, line and path, and SIGTERM shuts down cleanly.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../support/fake-slack.js';
import { freePort, spawnNode, type NodeProcess } from '../support/node-process.js';
import { genericTicket, signGeneric } from '../support/generic-webhook.js';
import { connectTestRedis, deletePrefix, TEST_REDIS_URL, testPrefix } from '../support/redis.js';
import { noticeIdOf, sleep, tsMs, waitFor, type TicketJson } from '../support/service-harness.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const SECRET = 'e2e-generic-secret';
const API_TOKEN = 'e2e-api-token';

const CONFIG = `
version: e2e
calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: fast
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 4s }
      sev3: { first_response: 120s }
    alerts:
      - at: 25%
        notify: [{ slack: "#sla-alerts" }]
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

// Line 12 holds the bad target: the process must say so.
const BROKEN_CONFIG = `calendars:
  always: { timezone: UTC, hours: 24x7 }
severities:
  - { id: sev1, name: Critical, from: { priority: [urgent] } }
  - { id: sev3, name: Normal, default: true }
policies:
  - id: fast
    calendar: always
    pause_on: [pending]
    targets:
      sev1: { first_response: 4s }
      sev3: { first_response: 2x }
integrations:
  generic: { secret: "\${GENERIC_WEBHOOK_SECRET}" }
`;

type Proc = NodeProcess;
const launch = (env: Record<string, string>): Proc => spawnNode(MAIN, ROOT, env);

/** Resolves with the exit, or rejects after `ms`. */
function exitWithin(proc: Proc, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return Promise.race([
    proc.exited,
    sleep(ms).then(() => {
      throw new Error(`the process did not exit within ${ms} ms; stderr:\n${proc.stderr()}\nstdout:\n${proc.stdout().slice(-2_000)}`);
    }),
  ]);
}

describe('the built service as a process', () => {
  let redis: Redis;
  const prefix = testPrefix('e2e');
  const dir = mkdtempSync(join(tmpdir(), 'sla-timer-e2e-'));
  const slack = new FakeSlack({ token: 'xoxb-e2e' });
  let proc: Proc | undefined;
  let url = '';

  const diagnostics = () => `\nstderr:\n${proc?.stderr() ?? ''}\nstdout (tail):\n${proc?.stdout().slice(-3_000) ?? ''}`;
  const api = async <T>(path: string, token: string | null = API_TOKEN) => {
    const res = await fetch(`${url}${path}`, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    redis = await connectTestRedis();
    // The real build (compiler and the page assets it copies), as `npm start` runs it on a fresh clone.
    await promisify(execFile)('npm', ['run', 'build', '--silent'], { cwd: ROOT }).catch((err: { stdout?: string; message: string }) => {
      throw new Error(`the build failed: ${err.stdout || err.message}`);
    });
    await slack.start();
    const configFile = join(dir, 'sla.yaml');
    writeFileSync(configFile, CONFIG);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    proc = launch({
      PORT: String(port),
      REDIS_URL: TEST_REDIS_URL,
      KEY_PREFIX: prefix,
      SLA_CONFIG: configFile,
      GENERIC_WEBHOOK_SECRET: SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.apiUrl,
      API_TOKEN,
      LOG_LEVEL: 'info',
    });
    const running = proc;
    await waitFor(
      async () => {
        if (running.exit !== undefined) throw new Error(`the service exited with ${JSON.stringify(running.exit)}${diagnostics()}`);
        try {
          return (await fetch(`${url}/readyz`)).status === 200;
        } catch {
          return false; // not listening yet
        }
      },
      { timeoutMs: 15_000, intervalMs: 50, message: () => `the service never became ready${diagnostics()}` },
    );
  }, 60_000);

  afterAll(async () => {
    if (proc !== undefined && proc.exit === undefined) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await slack.stop();
    if (redis !== undefined) {
      await deletePrefix(redis, prefix);
      await redis.quit();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready, and answers a signed POST (as in the README) with 202, a repeat with a duplicate', async () => {
    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });

    const t0 = Date.now();
    const body = JSON.stringify(genericTicket('T-42', { createdAt: t0, priority: 'urgent', subject: 'Checkout is down' }).event({ eventId: 'evt-1001', at: t0 }));
    const post = (signature: string) =>
      fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': signature }, body });
    const first = await post(signGeneric(body, SECRET));
    expect(first.status, diagnostics()).toBe(202);
    expect(await first.json()).toEqual({ accepted: 1, duplicates: 0 });
    const again = await post(signGeneric(body, SECRET));
    expect(await again.json()).toEqual({ accepted: 0, duplicates: 1 });
    const forged = await post(signGeneric(body, 'not-the-secret'));
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { code: 'sla_signature_invalid' } });
  });

  it('shows the timer counting down behind the API token (401 without it)', async () => {
    await waitFor(async () => (await api('/api/tickets/generic/T-42')).status === 200, { message: () => `ticket never stored${diagnostics()}` });
    const first = await api<TicketJson>('/api/tickets/generic/T-42');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.body).toMatchObject({ ticket_id: 'T-42', status: 'new', severity: 'sev1', policy: 'fast', config_version: 'e2e' });
    const before = first.body.timers[0]!;
    expect(before).toMatchObject({ metric: 'first_response', state: 'running', target_seconds: 4 });
    await sleep(1_100);
    const after = (await api<TicketJson>('/api/tickets/generic/T-42')).body.timers[0]!;
    expect(after.remaining_seconds).toBeLessThan(before.remaining_seconds);
    expect(after.due_at).toBe(before.due_at);

    const anonymous = await api<{ error: { code: string } }>('/api/tickets/generic/T-42', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('sla_unauthorized');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await api('/api/tickets/generic/T-42', 'wrong-token')).status).toBe(401);
  });

  it('sends the alert to the fake Slack at its instant', async () => {
    const due = Date.parse((await api<TicketJson>('/api/tickets/generic/T-42')).body.timers[0]!.due_at!) - 3_000; // 25% of 4 s
    await waitFor(() => slack.messages('#sla-alerts').length > 0, { timeoutMs: 5_000, message: () => `no alert in Slack${diagnostics()}` });
    const [alert, ...more] = slack.messages('#sla-alerts');
    expect(more).toEqual([]);
    expect(noticeIdOf(alert!)).toBe('generic/T-42/first_response/1/percent:25');
    expect(alert!.text).toContain('Checkout is down');
    expect(tsMs(alert!.ts)).toBeGreaterThanOrEqual(due);
    expect(tsMs(alert!.ts) - due).toBeLessThan(1_000);
    expect(slack.calls.every((c) => c.token === slack.token)).toBe(true);
  });

  it('refuses to start with an invalid config: exit 1, naming the file, the line and the path', async () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, BROKEN_CONFIG);
    const broken = launch({ PORT: String(await freePort()), REDIS_URL: TEST_REDIS_URL, KEY_PREFIX: `${prefix}-broken`, SLA_CONFIG: file, GENERIC_WEBHOOK_SECRET: SECRET });
    const exit = await exitWithin(broken, 10_000);
    expect(exit.code, broken.stderr()).toBe(1);
    expect(broken.stderr()).toContain(`${file}:12: policies[0].targets.sev3.first_response: "2x" is not a duration`);
    expect(broken.stderr()).toContain('sla-timer did not start');
  });

  it('reloads the config on SIGHUP without a restart, and keeps it when the new one is invalid', async () => {
    const running = proc!;
    const configFile = join(dir, 'sla.yaml');
    // New version: normal tickets get 60 s instead of 120 s; new tickets take it at once.
    writeFileSync(configFile, CONFIG.replace('version: e2e', 'version: e2e-2').replace('sev3: { first_response: 120s }', 'sev3: { first_response: 60s }'));
    running.child.kill('SIGHUP');
    await waitFor(() => running.stdout().includes('"msg":"config reloaded"'), { timeoutMs: 5_000, message: () => `no reload logged${diagnostics()}` });
    const t0 = Date.now();
    const body = JSON.stringify(genericTicket('T-43', { createdAt: t0 }).event({ eventId: 'evt-1101', at: t0 }));
    const posted = await fetch(`${url}/webhooks/generic`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Signature': signGeneric(body, SECRET) }, body });
    expect(posted.status).toBe(202);
    await waitFor(async () => (await api('/api/tickets/generic/T-43')).status === 200, { message: () => `ticket never stored${diagnostics()}` });
    const reloaded = (await api<TicketJson>('/api/tickets/generic/T-43')).body;
    expect(reloaded).toMatchObject({ config_version: 'e2e-2' });
    expect(reloaded.timers[0]).toMatchObject({ metric: 'first_response', target_seconds: 60 });

    // A broken config is refused with the reason in the log; the running one stays in force.
    writeFileSync(configFile, BROKEN_CONFIG);
    running.child.kill('SIGHUP');
    await waitFor(() => running.stdout().includes('config reload refused'), { timeoutMs: 5_000, message: () => `no refusal logged${diagnostics()}` });
    expect(running.exit).toBeUndefined();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('exits 0 soon after SIGTERM, having stopped taking requests', async () => {
    const running = proc!;
    expect(running.exit).toBeUndefined();
    const sentAt = Date.now();
    running.child.kill('SIGTERM');
    const exit = await exitWithin(running, 5_000);
    expect(exit, diagnostics()).toEqual({ code: 0, signal: null });
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    expect(running.stdout()).toContain('shutting down');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
