/**
 * An idle keep-alive connection outlives Node's default 5 s: a client that reuses it after a
 * pause (help desks post in bursts) gets its answer instead of a reset. Real sockets, a
 * pause of 7 s; the control server with Node's defaults shows the reset the setting prevents.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { applyServerTimeouts, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS } from '../../../src/http/server-timeouts.js';

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

async function serve(tune: boolean): Promise<number> {
  const server = http.createServer((_req, res) => res.end('ok'));
  if (tune) applyServerTimeouts(server);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Two requests over one keep-alive socket with a pause between; says whether the socket survived the pause. */
async function secondRequestAfter(port: number, pauseMs: number): Promise<{ sameSocket: boolean; closedWhileIdle: boolean }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise<{ socket: unknown }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ socket: req.socket }));
      });
      req.on('error', reject);
    });
  const first = await get();
  let closedWhileIdle = false;
  (first.socket as NodeJS.EventEmitter).once('close', () => (closedWhileIdle = true));
  await new Promise((resolve) => setTimeout(resolve, pauseMs));
  const second = await get();
  agent.destroy();
  return { sameSocket: second.socket === first.socket, closedWhileIdle };
}

describe('HTTP keep-alive timing', () => {
  it('keeps idle connections past load balancers’ 60 s idle timeouts, headers timeout above it', () => {
    const server = http.createServer();
    applyServerTimeouts(server);
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(HEADERS_TIMEOUT_MS).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
  });

  it('an idle keep-alive socket is still open after 7 s (Node’s default closes it after 5–6 s)', async () => {
    const [tuned, plain] = await Promise.all([serve(true), serve(false)]);
    const [kept, control] = await Promise.all([secondRequestAfter(tuned, 7_000), secondRequestAfter(plain, 7_000)]);
    expect(kept).toEqual({ sameSocket: true, closedWhileIdle: false });
    expect(control.closedWhileIdle).toBe(true);
    expect(control.sameSocket).toBe(false);
  }, 15_000);
});
