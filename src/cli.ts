#!/usr/bin/env node
/**
 * The `sla-timer` command line: a tiny dispatcher over subcommands (`src/cli/*-command.ts`).
 * Each command is one entry in `COMMANDS` with its usage and a `run` that returns the exit
 * code, so adding one touches nothing else. Exit codes: 0 ok, 1 the input is wrong, 2 usage.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ZodType } from 'zod';
import { integrations, resyncSupport } from '../integrations/registry.js';
import { checkConfigCommand } from './cli/check-config-command.js';
import { UsageError, type CliIo, type Command } from './cli/command.js';
import { previewCommand } from './cli/preview-command.js';
import { replayCommand } from './cli/replay-command.js';

export type { CliIo } from './cli/command.js';

const COMMANDS: readonly Command[] = [checkConfigCommand, previewCommand, replayCommand];

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

/** Commands whose usage is longer than this get their summary on the next line. */
const LISTED_WIDTH = 32;

function usage(): string {
  const heads = COMMANDS.map((c) => `${c.name} ${c.args}`);
  const width = Math.max(...heads.filter((h) => h.length <= LISTED_WIDTH).map((h) => h.length));
  const lines = COMMANDS.flatMap((c, i) => {
    const head = heads[i]!;
    return head.length <= LISTED_WIDTH ? [`  ${head.padEnd(width)}  ${c.summary}`] : [`  ${head}`, `  ${' '.repeat(width)}  ${c.summary}`];
  });
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
  const io: CliIo = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env, integrationSchemas, resyncSupport };
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
