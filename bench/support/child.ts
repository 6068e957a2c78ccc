/**
 * Runs a bench server in its own Node process (`node --import tsx file.ts`), talking over IPC:
 * the child says `{ type: 'ready', ... }` once listening, answers `{ type: 'ask', id, what }`
 * with `{ type: 'answer', id, value }`, and on `{ type: 'stop' }` closes what it started,
 * replies `{ type: 'stopped', ... }` and exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildOptions {
  env?: Record<string, string | undefined>;
  /** Extra node flags, e.g. `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs?: string[];
  /** Show the child's stdout (logs); default: discarded, like a service whose logs go to a file. */
  showStdout?: boolean;
  readyTimeoutMs?: number;
}

export interface BenchChild<Ready = Record<string, unknown>> {
  readonly process: ChildProcess;
  readonly ready: Ready;
  ask<T = unknown>(what: string, args?: unknown): Promise<T>;
  /** Asks it to close gracefully; kills it (by its pid) if it has not exited in `timeoutMs`. */
  stop<T = Record<string, unknown>>(timeoutMs?: number): Promise<T | undefined>;
}

export function benchFile(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

export async function startChild<Ready = Record<string, unknown>>(file: string, options: ChildOptions = {}): Promise<BenchChild<Ready>> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', file], {
    stdio: ['ignore', options.showStdout ? 'inherit' : 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  let nextId = 0;
  const pending = new Map<number, (v: unknown) => void>();
  let onStopped: ((msg: unknown) => void) | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not get ready in time`)), options.readyTimeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}) before it was ready`));
    });
    child.on('message', (raw) => {
      const msg = raw as { type: string; id?: number; value?: unknown };
      if (msg.type === 'ready') {
        clearTimeout(timer);
        resolve(msg as Ready);
      } else if (msg.type === 'answer' && msg.id !== undefined) {
        pending.get(msg.id)?.(msg.value);
        pending.delete(msg.id);
      } else if (msg.type === 'stopped') {
        onStopped?.(msg);
      }
    });
  });
  return {
    process: child,
    ready,
    ask<T>(what: string, args?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve) => {
        pending.set(id, resolve as (v: unknown) => void);
        child.send({ type: 'ask', id, what, args });
      });
    },
    async stop<T>(timeoutMs = 30_000) {
      if (child.exitCode !== null) return undefined;
      const stopped = new Promise<T | undefined>((resolve) => {
        onStopped = (msg) => resolve(msg as T);
        void exited.then(() => resolve(undefined));
      });
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await stopped;
      await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/** The child's side: say ready, answer questions, stop on request. */
export function serveParent(handlers: { ready: Record<string, unknown>; ask?: (what: string, args: unknown) => unknown; stop: () => Promise<Record<string, unknown> | void> }): void {
  const send = (msg: unknown) => process.send?.(msg);
  process.on('message', (raw) => {
    const msg = raw as { type: string; id?: number; what?: string; args?: unknown };
    if (msg.type === 'ask') {
      Promise.resolve(handlers.ask?.(msg.what ?? '', msg.args)).then(
        (value) => send({ type: 'answer', id: msg.id, value }),
        (err: unknown) => send({ type: 'answer', id: msg.id, value: { error: String(err) } }),
      );
    } else if (msg.type === 'stop') {
      void handlers.stop().then(
        (extra) => {
          // Exit only once the (possibly large) answer is handed to the channel; a normal exit
          // also lets --cpu-prof write its file.
          process.send?.({ type: 'stopped', ...(extra ?? {}) }, undefined, {}, () => {
            process.disconnect?.();
            setTimeout(() => process.exit(0), 50);
          });
        },
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    }
  });
  // The parent went away (Ctrl-C, crash): do not linger.
  process.on('disconnect', () => setTimeout(() => process.exit(0), 2_000).unref());
  send({ type: 'ready', ...handlers.ready });
}
