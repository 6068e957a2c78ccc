/**
 * The `severities` section: ordered, most severe first, unique ids, exactly one default.
 */
import type { SeverityRule } from '../sla/rules.js';
import { severitySchema } from './config-schema.js';
import type { IssueList } from './issue-list.js';

const SEVERITY_HELP = 'a severity { id, name?, default?, from? }';

export interface CompiledSeverities {
  rules: SeverityRule[];
  /** Every id written, in order, valid or not: references to a broken severity are not reported twice. */
  ids: string[];
}

/** Checks and compiles the severities; problems go to `issues`, notes to `warnings`. */
export function compileSeverities(raw: unknown[], issues: IssueList, warnings: IssueList): CompiledSeverities {
  const out: CompiledSeverities = { rules: [], ids: [] };
  if (raw.length === 0) {
    issues.add(['severities'], 'define at least one severity, e.g. - { id: normal, default: true }');
    return out;
  }
  const firstIndex = new Map<string, number>();
  const defaults: Array<{ index: number; id: string }> = [];
  raw.forEach((item, i) => {
    const problemsBefore = issues.items.length;
    const parsed = issues.parseFields(severitySchema.shape, item, ['severities', i], SEVERITY_HELP);
    const writtenId = (item as { id?: unknown } | null)?.id;
    if (typeof writtenId === 'string' && !out.ids.includes(writtenId)) out.ids.push(writtenId);
    if (parsed?.id === undefined) return;
    if (parsed.default === true) defaults.push({ index: i, id: parsed.id });
    const seen = firstIndex.get(parsed.id);
    if (seen !== undefined) {
      issues.add(['severities', i, 'id'], `"${parsed.id}" is already the id of severities[${seen}]; give each severity its own id`);
      return;
    }
    firstIndex.set(parsed.id, i);
    if (issues.items.length > problemsBefore) return;
    const from = parsed.from ?? {};
    const rule: SeverityRule = { id: parsed.id, name: parsed.name ?? parsed.id, isDefault: parsed.default === true, from: {} };
    if (from.priority) rule.from.priority = from.priority;
    if (from.tags_any) rule.from.tagsAny = from.tags_any;
    if (from.fields) rule.from.fields = from.fields;
    if (!rule.isDefault && Object.keys(rule.from).length === 0) {
      warnings.add(['severities', i], `severity "${rule.id}" has no from and is not the default, so no ticket ever gets it; add from: { priority: [...] }`);
    }
    out.rules.push(rule);
  });
  // A broken entry may be the intended default: only complain when none is even written.
  const defaultWritten = raw.some((item) => (item as { default?: unknown } | null)?.default === true);
  if (!defaultWritten) {
    const last = out.ids[out.ids.length - 1];
    const hint = last === undefined ? '' : ` (add default: true to "${last}")`;
    issues.add(['severities'], `no severity has default: true; mark the one a ticket gets when no from matches, usually the least severe${hint}`);
  }
  const [first, ...extra] = defaults;
  for (const d of extra) {
    issues.add(['severities', d.index, 'default'], `"${first!.id}" (severities[${first!.index}]) is already the default; exactly one severity may have default: true`);
  }
  return out;
}
