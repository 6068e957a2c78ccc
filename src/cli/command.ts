/**
 * What every `sla-timer` subcommand is: a name, its usage, and a `run` that returns the exit
 * code (0 ok, 1 the input is wrong, 2 usage). Commands read and write only through `CliIo`.
 */
import type { ZodType } from 'zod';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** For `${NAME}` references in the config and the `SLA_CONFIG` fallback. */
  env: NodeJS.ProcessEnv;
  /** Schemas of the known integrations; when given, `integrations` blocks are checked too. */
  integrationSchemas?: ReadonlyMap<string, ZodType>;
  /** Says why a source cannot resync; when given, `resync` blocks are checked against the integrations too. */
  resyncSupport?: (source: string, block: unknown) => string | undefined;
  /** Reads a file as UTF-8 text (replay's input); defaults to the file system. */
  readFile?: (path: string) => string;
}

/** One subcommand. */
export interface Command {
  name: string;
  /** Arguments, as shown in usage, e.g. `[FILE]`. */
  args: string;
  summary: string;
  /** Extra help lines for `sla-timer <name> --help`. */
  help: string[];
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** Thrown by a command for bad arguments: the dispatcher prints its usage and exits 2. */
export class UsageError extends Error {}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, badInput: 1, usage: 2 } as const;
