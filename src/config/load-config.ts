/**
 * Loads the SLA config: YAML → `${ENV}` interpolation → validation → compiled rules. Every
 * problem in the file is reported at once in one `ConfigError`, each with its line, path and fix.
 */
import { readFileSync } from 'node:fs';
import type { ZodType } from 'zod';
import type { CalendarSpec } from '../clock/index.js';
import type { SlaRules } from '../sla/rules.js';
import { compileConfig, type SlackSettings, type WidgetSettings } from './compile-config.js';
import type { RateLimitSettings } from './compile-rate-limits.js';
import type { ResyncSettings, ResyncSupport } from './compile-resync.js';
import { ConfigError, formatConfigIssue, type ConfigIssue } from './config-error.js';
import { formatPath, type PathSegment } from './config-path.js';
import { interpolateEnv, type DefaultUsed } from './interpolate-env.js';
import { IssueList, type RawIssue } from './issue-list.js';
import { readYaml } from './yaml-source.js';

/** A valid config, compiled. */
export interface LoadedConfig {
  /** The path the config was read from, as given. */
  file: string;
  rules: SlaRules;
  /** Integration name → its block, validated by that integration's schema when schemas were given. */
  integrations: Record<string, unknown>;
  /** Webhook rate limit per configured source (`integrations.<name>.rate_limit`, else the default); absent when `off`. */
  rateLimits?: Record<string, RateLimitSettings>;
  /** Resync settings of the sources that turn it on (`integrations.<name>.resync`); absent or empty: resync is off. */
  resync?: Record<string, ResyncSettings>;
  /** Things that are legal but probably not meant, each as `file:line: path: message`. */
  warnings: string[];
  /** The calendars as written (after interpolation), for tools that describe the config. */
  calendarSpecs: ReadonlyMap<string, CalendarSpec>;
  /** The ticket widget's link secret and framing rules, when configured. */
  widget: WidgetSettings | undefined;
  /** The Slack app's signing secret, when Slack actions (buttons) are configured. */
  slack?: SlackSettings | undefined;
}

export interface LoadConfigOptions {
  /** Where `${NAME}` references are looked up; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Integration name → schema of its config block; unknown integrations are errors when given. */
  integrationSchemas?: ReadonlyMap<string, ZodType>;
  /** Says why a source cannot resync (no reader or no credentials); without it `resync` blocks are checked for shape only. */
  resyncSupport?: ResyncSupport;
}

/** Reads and compiles the config file; throws `ConfigError` listing every problem. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    throw new ConfigError(file, [{ path: '', message: `cannot read the config file (${reason}); check the path` }]);
  }
  return loadConfigText(text, file, options);
}

/** Compiles config text; `file` names it in messages. */
export function loadConfigText(text: string, file: string, options: LoadConfigOptions = {}): LoadedConfig {
  const source = readYaml(text);
  if (source.issues.length > 0) throw new ConfigError(file, located(source.issues, source.lineOf));
  const interpolated = interpolateEnv(source.data, options.env ?? process.env);
  const issues = new IssueList();
  issues.items.push(...interpolated.issues);
  const warnings = new IssueList();
  const compiled = compileConfig(interpolated.data, issues, warnings, options.integrationSchemas, options.resyncSupport);
  for (const d of interpolated.defaults) if (isSecretPath(d.path)) warnings.add(d.path, defaultSecretWarning(d));
  if (issues.items.length > 0) throw new ConfigError(file, located(dedupe(issues.items), source.lineOf));
  return {
    file,
    rules: compiled.rules,
    integrations: compiled.integrations,
    rateLimits: compiled.rateLimits,
    resync: compiled.resync,
    warnings: located([...source.warnings, ...warnings.items], source.lineOf).map((w) => formatConfigIssue(file, w)),
    calendarSpecs: compiled.calendarSpecs,
    widget: compiled.widget,
    slack: compiled.slack,
  };
}

/** Adds lines and sorts by them, so problems read top to bottom like the file. */
function located(items: readonly RawIssue[], lineOf: (path: readonly PathSegment[]) => number | undefined): ConfigIssue[] {
  const out = items.map((i): ConfigIssue => {
    const line = i.line ?? lineOf(i.path);
    return line === undefined ? { path: formatPath(i.path), message: i.message } : { path: formatPath(i.path), message: i.message, line };
  });
  return out.map((issue, order) => ({ issue, order })).sort((a, b) => (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) || a.order - b.order).map((x) => x.issue);
}

/** The same text at the same path once (e.g. an aliased block checked twice). */
function dedupe(items: readonly RawIssue[]): RawIssue[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${formatPath(i.path)}\n${i.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const SECRET_KEY_RE = /secret|token|password|passwd|api_?key|private_?key|signing_?key|credential/i;

function isSecretPath(path: readonly PathSegment[]): boolean {
  const last = [...path].reverse().find((s): s is string => typeof s === 'string');
  return last !== undefined && SECRET_KEY_RE.test(last);
}

function defaultSecretWarning(d: DefaultUsed): string {
  return d.setInEnv
    ? `${d.variable} is set to the default written in the config, which anyone with the file knows; set ${d.variable} to a real secret in production`
    : `${d.variable} is not set, so the default written in the config is used; set ${d.variable} in production`;
}
