/**
 * The one error the loader throws: every problem of the file at once, each with where it is
 * (path and, when known, YAML line) and what would be valid, so one edit fixes them all.
 */

/** One problem in the config: `path` as in `policies[1].targets.sev2.first_response` ('' = the whole file). */
export interface ConfigIssue {
  path: string;
  message: string;
  /** 1-based line in the YAML file, when the path could be located. */
  line?: number;
}

/** Thrown by `loadConfig` for an unreadable or invalid config; `issues` lists every problem found. */
export class ConfigError extends Error {
  readonly code = 'sla_config_invalid';

  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${file} has ${count}:\n${issues.map((i) => formatConfigIssue(file, i)).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `file:line: path: message`, leaving out what is unknown, like a compiler diagnostic. */
export function formatConfigIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line === undefined ? file : `${file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}
