/**
 * An `integrations.<tool>` block holds the tool's own settings (checked by its schema) and a
 * few the service reads itself (`rate_limit`, `resync`), which the tool's schema never sees.
 */

/** The block with `keys` left out (the same object when it has none of them). */
export function withoutKeys(block: unknown, keys: readonly string[]): unknown {
  if (!isMap(block) || !keys.some((k) => Object.hasOwn(block, k))) return block;
  return Object.fromEntries(Object.entries(block).filter(([k]) => !keys.includes(k)));
}

/** A service setting turned off in the block: `off` (YAML 1.2 reads it as text) or `false`. */
export function isOff(value: unknown): boolean {
  return value === 'off' || value === false;
}

/** A YAML mapping as parsed (not null, not a list). */
export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
