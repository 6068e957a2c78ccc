/**
 * Reads the YAML text into plain data and keeps the document, so a problem found later at a
 * path (`policies[1].targets.sev2`) can be pinned to its line.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { PathSegment } from './config-path.js';
import type { RawIssue } from './issue-list.js';

/** The parsed file: its data (undefined when the YAML is broken), syntax problems, and a line finder. */
export interface YamlSource {
  data: unknown;
  /** YAML syntax errors, each with its line. */
  issues: RawIssue[];
  /** YAML warnings (e.g. unresolved tags), each with its line. */
  warnings: RawIssue[];
  /** The 1-based line of the deepest node on `path` that exists in the document. */
  lineOf(path: readonly PathSegment[]): number | undefined;
}

/** Parses YAML text. Merge keys (`<<: *defaults`) are allowed: shared alert lists are common. */
export function readYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  const issues: RawIssue[] = doc.errors.map((e) => ({ path: [], message: `YAML syntax: ${firstLine(e.message)}`, line: lineAt(e.pos[0]) ?? 1 }));
  const warnings = doc.warnings.map((w): RawIssue => ({ path: [], message: `YAML: ${firstLine(w.message)}`, line: lineAt(w.pos[0]) ?? 1 }));
  let data: unknown;
  if (issues.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      issues.push({ path: [], message: `YAML: ${err instanceof Error ? err.message : String(err)}`, line: 1 });
    }
  }
  return { data, issues, warnings, lineOf: (path) => lineAt(offsetOf(doc, path)) };
}

/** Start offset of the deepest node on the path; for a map entry, its key (where the reader looks). */
function offsetOf(doc: Document, path: readonly PathSegment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(seg));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else break;
  }
  return offset;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0] ?? undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
