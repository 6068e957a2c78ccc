/** The yardstick of bench:ingest: a bare Express JSON endpoint (express.json(), answer 202 with a small JSON). */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveParent } from '../support/child.js';

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
app.post('/webhooks/:source', (req, res) => {
  res.status(202).json({ accepted: Array.isArray(req.body) ? req.body.length : 1, duplicates: 0 });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1');
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const cpuAtStart = process.cpuUsage();

serveParent({
  ready: { port: (server.address() as AddressInfo).port, pid: process.pid },
  ask: (what) => {
    if (what !== 'cpu') return undefined;
    const u = process.cpuUsage(cpuAtStart);
    return { userMs: u.user / 1000, systemMs: u.system / 1000 };
  },
  stop: async () => {
    const u = process.cpuUsage(cpuAtStart);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return { cpu: { userMs: u.user / 1000, systemMs: u.system / 1000 } };
  },
});
