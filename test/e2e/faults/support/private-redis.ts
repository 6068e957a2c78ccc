/**
 * A private redis-server for one test (never the shared one): its own free port and data
 * folder, append-only file on, no RDB snapshots. `restart()` shuts it down (SHUTDOWN, which
 * flushes the AOF) and starts it again on the same port and folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitFor } from '../../../support/service-harness.js';
import { freePort } from './service-process.js';

export class PrivateRedis {
  readonly dir = mkdtempSync(join(tmpdir(), 'sla-fault-redis-'));
  private child: ChildProcess | undefined;
  private log = '';
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => void (this.log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => void (this.log += d.toString()));
    this.child = child;
    const probe = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined); // refused until the server listens: expected
    try {
      await waitFor(async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited: ${this.log}`);
        try {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          probe.disconnect();
          return false;
        }
      }, { timeoutMs: 10_000, intervalMs: 50, message: () => `redis-server on ${this.port} never answered: ${this.log}` });
    } finally {
      probe.disconnect();
    }
  }

  /** SHUTDOWN (the AOF is flushed) and wait for the process to end. */
  async shutdown(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    const admin = new Redis(this.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.call('SHUTDOWN').catch(() => undefined); // the connection drops as it answers
    admin.disconnect();
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
