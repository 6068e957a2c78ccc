/**
 * Maps a tool's own status or priority value onto a canonical one: defaults in code,
 * overridable per integration in the config. An unknown value is a 400 that names the
 * value and the config key that would map it, so an admin can fix it without a release.
 */
import type { FieldError } from '../integration.js';

export interface ValueMapping<T extends string> {
  /** The tool's values (compared case-insensitively, trimmed) → canonical. */
  defaults: Readonly<Record<string, T>>;
  /** From the config: same shape, wins over the defaults. */
  overrides?: Readonly<Record<string, T>> | undefined;
  /** JSON path of the value in the payload, for the error. */
  field: string;
  /** The config key that maps values, e.g. `integrations.zendesk.statuses`. */
  configKey: string;
  /** The canonical values, for the error's example. */
  canonical: readonly T[];
}

export type MapResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** The canonical value of `raw`, or a field error naming it and the config key that maps it. */
export function mapValue<T extends string>(raw: string | number, mapping: ValueMapping<T>): MapResult<T> {
  const key = normalizeKey(raw);
  const found = lookup(mapping.overrides, key) ?? lookup(mapping.defaults, key);
  if (found !== undefined) return { ok: true, value: found };
  const known = Object.keys({ ...mapping.defaults, ...mapping.overrides }).join(', ');
  return {
    ok: false,
    error: {
      field: mapping.field,
      message: `unknown value ${JSON.stringify(String(raw))} (known: ${known}); map it in the config under ${mapping.configKey}, e.g. ${mapping.configKey}: { ${JSON.stringify(String(raw))}: ${mapping.canonical[0]} } (one of ${mapping.canonical.join(', ')})`,
    },
  };
}

function lookup<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  if (table === undefined) return undefined;
  for (const [k, v] of Object.entries(table)) if (normalizeKey(k) === key) return v;
  return undefined;
}

function normalizeKey(value: string | number): string {
  return String(value).trim().toLowerCase();
}
