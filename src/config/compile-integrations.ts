/**
 * The `integrations` section: each block is validated by its integration's own zod schema.
 * The loader never names a tool; the caller passes the schemas of the registry it built.
 */
import type { ZodType } from 'zod';
import { RATE_LIMIT_KEY } from './compile-rate-limits.js';
import { RESYNC_KEY } from './compile-resync.js';
import { withoutKeys } from './integration-block.js';
import { didYouMean } from './did-you-mean.js';
import type { IssueList } from './issue-list.js';

/** Validates each integration block; without `schemas` the blocks are kept as written. */
export function compileIntegrations(raw: Record<string, unknown>, schemas: ReadonlyMap<string, ZodType> | undefined, issues: IssueList): Record<string, unknown> {
  if (schemas === undefined) return { ...raw };
  const out: Record<string, unknown> = {};
  const known = [...schemas.keys()];
  for (const [name, block] of Object.entries(raw)) {
    const schema = schemas.get(name);
    if (schema === undefined) {
      issues.add(['integrations', name], `unknown integration "${name}"${didYouMean(name, known)}; known integrations: ${known.join(', ') || '(none)'}`);
      continue;
    }
    // `rate_limit` and `resync` are the service's, not the tool's: compile-rate-limits and compile-resync read them.
    const parsed = issues.parse(schema, withoutKeys(block, [RATE_LIMIT_KEY, RESYNC_KEY]), ['integrations', name]);
    if (parsed !== undefined) out[name] = parsed;
  }
  return out;
}
