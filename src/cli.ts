#!/usr/bin/env node
/**
 * The `sla-timer` command line: a tiny dispatcher over subcommands. Each command is one entry
 * in `COMMANDS` with its usage and a `run` that returns the exit code, so adding one (e.g.
 * `preview`, `replay`) touches nothing else. Exit codes: 0 ok, 1 the input is wrong, 2 usage.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ZodType } from 'zod';
import { integrations } from '../integrations/registry.js';
import { ConfigError, formatConfigIssue, loadConfig, summarizeConfig } from './config/index.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** For `${NAME}` references in the config and the `SLA_CONFIG` fallback. */
  env: NodeJS.ProcessEnv;
  /** Schemas of the known integrations; when given, `integrations` blocks are checked too. */
  integrationSchemas?: ReadonlyMap<string, ZodType>;
}

/** One subcommand. */
interface Command {
  name: string;
  /** Arguments, as shown in usage, e.g. `[FILE]`. */
  args: string;
  summary: string;
  /** Extra help lines for `sla-timer <name> --help`. */
  help: string[];
  run(args: string[], io: CliIo): Promise<number> | number;
}

/** Thrown by a command for bad arguments: the dispatcher prints its usage and exits 2. */
class UsageError extends Error {}

const checkConfig: Command = {
  name: 'check-config',
  args: '[FILE]',
  summary: 'validate a config file and summarize what it does',
  help: [
    'FILE defaults to $SLA_CONFIG, else config/sla.yaml. ${NAME} references are read from the',
    'environment. Prints every problem (exit 1) or a summary and any warnings (exit 0).',
  ],
  run(args, io) {
    const options = args.filter((a) => a.startsWith('-'));
    if (options.length > 0) throw new UsageError(`unknown option ${options[0]}`);
    if (args.length > 1) throw new UsageError(`expected one FILE, got ${args.length}`);
    const file = args[0] ?? (io.env['SLA_CONFIG'] || 'config/sla.yaml');
    try {
      const config = loadConfig(file, io.integrationSchemas === undefined ? { env: io.env } : { env: io.env, integrationSchemas: io.integrationSchemas });
      io.stdout(summarizeConfig(config).join('\n') + '\n');
      return 0;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      const count = err.issues.length === 1 ? '1 problem' : `${err.issues.length} problems`;
      io.stderr(`${file}: ${count}\n${err.issues.map((i) => `  ${formatConfigIssue(file, i)}`).join('\n')}\n`);
      return 1;
    }
  },
};

const COMMANDS: readonly Command[] = [checkConfig];

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout(command === undefined ? usage() : commandUsage(command));
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`sla-timer: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandUsage(command));
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`sla-timer ${command.name}: ${err.message}\n\n${commandUsage(command)}`);
    return 2;
  }
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => `${c.name} ${c.args}`.length));
  const lines = COMMANDS.map((c) => `  ${`${c.name} ${c.args}`.padEnd(width)}  ${c.summary}`);
  return ['usage: sla-timer <command> [args]', '', 'commands:', ...lines, '', 'Run "sla-timer <command> --help" for more.', ''].join('\n');
}

function commandUsage(c: Command): string {
  return [`usage: sla-timer ${c.name} ${c.args}`, '', `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`, ...c.help, ''].join('\n');
}

/** True when this module is the program being run (also through the npm bin symlink). */
function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  // The same integration schemas as the service, so a file that passes here also starts.
  const integrationSchemas = new Map([...integrations].map(([name, integration]) => [name, integration.configSchema as ZodType]));
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, integrationSchemas };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : err);
      process.exitCode = 1;
    },
  );
}
