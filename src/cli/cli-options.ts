/**
 * A small, strict option parser: `--name value`, `--name=value`, repeatable options and
 * flags. Anything it does not know is a `UsageError` (exit 2), never silently ignored.
 */
import { UsageError } from './command.js';

/** Option name (without `--`) → whether it takes a value and may be repeated. */
export type OptionSpec = Record<string, { value: boolean; repeat?: boolean }>;

export interface ParsedArgs {
  /** Values of value options, in the order given. */
  values: Map<string, string[]>;
  flags: Set<string>;
  positional: string[];
}

/** Parses `args` against `spec`; `--` ends the options. */
export function parseArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { values: new Map(), flags: new Set(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq === -1 ? arg : arg.slice(0, eq)).replace(/^--?/, '');
    const option = spec[name];
    if (option === undefined || !arg.startsWith('--')) throw new UsageError(`unknown option ${eq === -1 ? arg : arg.slice(0, eq)}`);
    if (!option.value) {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    const list = out.values.get(name) ?? [];
    if (list.length > 0 && option.repeat !== true) throw new UsageError(`--${name} is given more than once`);
    list.push(value);
    out.values.set(name, list);
  }
  return out;
}

/** The one value of a required option; a `UsageError` naming it when absent. */
export function required(parsed: ParsedArgs, name: string): string {
  const value = parsed.values.get(name)?.[0];
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
