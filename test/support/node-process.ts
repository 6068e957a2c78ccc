/**
 * A Node script as a child process with exactly the environment it is given (plus PATH), its
 * output captured; and a free loopback port to give it. Shared by the tests that run the built
 * service as a process (test/e2e/service-process.test.ts, the fault tests' launcher).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Settles when the process exits. */
  readonly exited: Promise<ExitStatus>;
  /** Set once the process has exited. */
  exit: ExitStatus | undefined;
}

/** Spawns `node script` in `cwd` with `env` and PATH only: nothing of the test's own environment leaks in. */
export function spawnNode(script: string, cwd: string, env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => void (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => void (err += d.toString()));
  const proc: NodeProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    exit: undefined,
    exited: new Promise((done) => child.once('exit', (code, signal) => done((proc.exit = { code, signal })))),
  };
  return proc;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}
