/**
 * Small valid configs for the config tests, and helpers that load YAML text and return the
 * problems (or the loaded config) without touching the file system.
 */
import { stringify } from 'yaml';
import type { ZodType } from 'zod';
import { ConfigError, loadConfigText, type ConfigIssue, type LoadedConfig } from '../../../src/config/index.js';

/** A minimal valid config as data: two calendars, two severities, one catch-all policy. */
export function baseConfig(): Record<string, any> {
  return {
    calendars: {
      always: { timezone: 'UTC', hours: '24x7' },
      office: { timezone: 'Europe/Berlin', hours: { 'mon-fri': ['09:00-17:00'] } },
    },
    severities: [
      { id: 'sev1', from: { priority: ['urgent'] } },
      { id: 'sev2', default: true },
    ],
    policies: [
      {
        id: 'main',
        calendar: 'office',
        targets: { sev1: { first_response: '1h' }, sev2: { first_response: '4h' } },
      },
    ],
  };
}

/** The base config with `patch` applied, as YAML text. */
export function yamlWith(patch: (c: Record<string, any>) => void): string {
  const c = baseConfig();
  patch(c);
  return stringify(c);
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  integrationSchemas?: ReadonlyMap<string, ZodType>;
}

/** Loads YAML text as `test.yaml`; throws when it does not load. */
export function load(text: string, options: LoadOptions = {}): LoadedConfig {
  return loadConfigText(text, 'test.yaml', { env: {}, ...options });
}

/** The ConfigError the text produces; fails the test when it loads. */
export function configError(text: string, options: LoadOptions = {}): ConfigError {
  try {
    load(text, options);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

/** The problems the text produces. */
export function issuesOf(text: string, options: LoadOptions = {}): ConfigIssue[] {
  return configError(text, options).issues;
}

/** The single problem at `path`; fails when there is none or several. */
export function issueAt(issues: ConfigIssue[], path: string): ConfigIssue {
  const found = issues.filter((i) => i.path === path);
  if (found.length !== 1) throw new Error(`expected one issue at ${path}, got ${found.length}: ${JSON.stringify(issues, null, 2)}`);
  return found[0]!;
}
