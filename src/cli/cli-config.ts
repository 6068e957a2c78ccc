/** Loading the config for a command: `--config FILE`, else `$SLA_CONFIG`, else `config/sla.yaml`. */
import { ConfigError, formatConfigIssue, loadConfig, type LoadedConfig } from '../config/index.js';
import type { CliIo } from './command.js';

/** The file a command reads its config from. */
export function configFile(io: CliIo, given: string | undefined): string {
  return given ?? (io.env['SLA_CONFIG'] || 'config/sla.yaml');
}

/** Loads and compiles the config; prints every problem and returns undefined (exit 1) when it is invalid. */
export function loadConfigFor(io: CliIo, file: string): LoadedConfig | undefined {
  try {
    return loadConfig(file, {
      env: io.env,
      ...(io.integrationSchemas === undefined ? {} : { integrationSchemas: io.integrationSchemas }),
      ...(io.resyncSupport === undefined ? {} : { resyncSupport: io.resyncSupport }),
    });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const count = err.issues.length === 1 ? '1 problem' : `${err.issues.length} problems`;
    io.stderr(`${file}: ${count}\n${err.issues.map((i) => `  ${formatConfigIssue(file, i)}`).join('\n')}\n`);
    return undefined;
  }
}
