/**
 * The built service as child processes for fault tests. The build goes to a private folder
 * (`node_modules/.cache/sla-timer-faults/<hash of the sources>`), once per source state and
 * under a lock, so parallel test files and `dist/` (the e2e test's) never race each other.
 *
 * ```ts
 * const main = await buildService();
 * const api = await launchService(main, 'api', { SLA_ROLES: 'api', PORT: '0', ... });
 * api.kill('SIGKILL');
 * ```
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, spawnNode, type ExitStatus } from '../../../support/node-process.js';
import { sleep, waitFor } from '../../../support/service-harness.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const CACHE = join(ROOT, 'node_modules/.cache/sla-timer-faults');

/** Builds the service (tsc and the page assets, as `npm run build` does) unless this source state was built; returns its main.js. */
export async function buildService(): Promise<string> {
  const out = join(CACHE, sourceHash());
  const main = join(out, 'src/main.js');
  const done = join(out, '.done');
  const lock = `${out}.lock`;
  mkdirSync(CACHE, { recursive: true });
  for (const end = Date.now() + 180_000; !existsSync(done); ) {
    if (takeLock(lock)) {
      try {
        if (existsSync(done)) break;
        await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', out, '--tsBuildInfoFile', join(out, '.tsbuildinfo')], { cwd: ROOT }).catch((err: { stdout?: string; message: string }) => {
          // Type errors still emit JavaScript; `npm run typecheck` is the gate for them. No output at all is fatal.
          if (!existsSync(main)) throw new Error(`the build failed: ${err.stdout || err.message}`);
          console.warn(`fault tests: the build reported errors (running what it emitted):\n${err.stdout ?? err.message}`);
        });
        cpSync(join(ROOT, 'src/http/assets'), join(out, 'src/http/assets'), { recursive: true });
        writeFileSync(done, new Date().toISOString());
        pruneOldBuilds(out);
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > end) throw new Error(`waited too long for the build lock ${lock}`);
    await sleep(200);
  }
  return main;
}

/** Removes builds of earlier source states finished over an hour ago (none can still be starting). */
function pruneOldBuilds(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    const dir = join(CACHE, name);
    if (dir === keep || name.endsWith('.lock')) continue;
    try {
      if (Date.now() - statSync(join(dir, '.done')).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Unfinished or gone: leave it.
    }
  }
}

/** A lock dir; one left by a crashed run over 3 minutes ago is taken over. */
function takeLock(lock: string): boolean {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    try {
      if (Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
    } catch {
      // Gone meanwhile: try again next round.
    }
    return false;
  }
}

/** A hash of everything the build reads. */
function sourceHash(): string {
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        hash.update(path);
        hash.update(readFileSync(path));
      }
    }
  };
  for (const dir of ['src', 'integrations']) walk(join(ROOT, dir));
  for (const file of ['tsconfig.json', 'tsconfig.build.json', 'package.json']) hash.update(readFileSync(join(ROOT, file)));
  return hash.digest('hex').slice(0, 16);
}

export interface ServiceProc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  stdout(): string;
  stderr(): string;
  /** Log lines (pino JSON) whose `msg` is `msg`. */
  logged(msg: string): Array<Record<string, unknown>>;
  readonly exited: Promise<ExitStatus>;
  readonly exit: ExitStatus | undefined;
  /** SIGKILL and wait for the exit. */
  killHard(): Promise<void>;
  /** SIGTERM, wait up to 10 s, then SIGKILL. */
  stop(): Promise<void>;
  /** The last lines of both streams, for failure messages. */
  diagnostics(): string;
}

export { freePort };

/** Spawns `node main` with exactly `env` (plus PATH and a free PORT) and waits for `/readyz`. */
export async function launchService(main: string, name: string, env: Record<string, string>, options: { readyTimeoutMs?: number } = {}): Promise<ServiceProc> {
  const port = await freePort();
  const spawned = spawnNode(main, ROOT, { LOG_LEVEL: 'info', ...env, PORT: String(port) });
  const { child } = spawned;
  const out = () => spawned.stdout();
  const err = () => spawned.stderr();
  const proc: ServiceProc = {
    name, child, port, url: `http://127.0.0.1:${port}`,
    stdout: out,
    stderr: err,
    logged: (msg) => out().split('\n').flatMap((line) => {
      if (!line.includes(msg)) return [];
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        return entry.msg === msg ? [entry] : [];
      } catch {
        return [];
      }
    }),
    get exit() {
      return spawned.exit;
    },
    exited: spawned.exited,
    async killHard() {
      if (proc.exit === undefined) child.kill('SIGKILL');
      await proc.exited;
    },
    async stop() {
      if (proc.exit !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await proc.exited;
      clearTimeout(timer);
    },
    diagnostics: () => `\n[${name}] stderr:\n${err().slice(-2_000)}\n[${name}] stdout (tail):\n${out().slice(-4_000)}`,
  };
  await waitFor(
    async () => {
      if (proc.exit !== undefined) throw new Error(`${name} exited with ${JSON.stringify(proc.exit)}${proc.diagnostics()}`);
      try {
        return (await fetch(`${proc.url}/readyz`)).status === 200;
      } catch {
        return false; // not listening yet
      }
    },
    { timeoutMs: options.readyTimeoutMs ?? 20_000, intervalMs: 50, message: () => `${name} never became ready${proc.diagnostics()}` },
  );
  return proc;
}
