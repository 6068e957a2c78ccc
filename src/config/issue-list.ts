/**
 * Collects problems while the config is checked, as path segments (lines are looked up at the
 * end), and turns zod's issues into messages that name the path and the fix.
 */
import { z, type ZodType } from 'zod';
import type { PathSegment } from './config-path.js';
import { didYouMean } from './did-you-mean.js';

/** A problem found while checking: where (segments) and what to do. */
export interface RawIssue {
  path: PathSegment[];
  message: string;
  /** Known up front for YAML syntax errors, else looked up from the path. */
  line?: number;
}

/** The problems found so far; checkers add to it and carry on. */
export class IssueList {
  readonly items: RawIssue[] = [];

  add(path: readonly PathSegment[], message: string): void {
    this.items.push({ path: [...path], message });
  }

  /** Validates `value` at `path`; adds every problem and returns undefined when invalid. */
  parse<T extends ZodType>(schema: T, value: unknown, path: readonly PathSegment[]): z.output<T> | undefined {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of zodIssues(result.error, schema, path)) this.items.push(issue);
    return undefined;
  }

  /**
   * Checks a map field by field (unknown keys included), so valid fields can still be checked
   * against the rest of the file when a neighbour is wrong. Failed fields come back undefined.
   */
  parseFields<S extends Record<string, ZodType>>(
    shape: S,
    value: unknown,
    path: readonly PathSegment[],
    what: string,
  ): { [K in keyof S]?: z.output<S[K]> } | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.add(path, value === undefined || value === null ? `required: ${what}` : `expected ${what}`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    const allowed = Object.keys(shape);
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(shape, key)) this.add([...path, key], unknownKeyMessage(key, allowed));
    }
    const out: { [K in keyof S]?: z.output<S[K]> } = {};
    for (const key of allowed as Array<keyof S & string>) {
      const parsed = this.parse(shape[key]!, record[key], [...path, key]);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out;
  }
}

/** `unknown key "frist_response" (did you mean "first_response"?); allowed keys: …`. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  return `unknown key "${key}"${didYouMean(key, allowed)}; allowed keys: ${allowed.join(', ')}`;
}

/** zod issues as config problems under `prefix`; unknown keys become one problem per key, at the key. */
export function zodIssues(error: z.ZodError, schema: ZodType, prefix: readonly PathSegment[]): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues) {
    const at = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(schema, issue.path);
      for (const key of issue.keys) {
        out.push({ path: [...at, key], message: allowed ? unknownKeyMessage(key, allowed) : `unknown key "${key}"` });
      }
    } else {
      out.push({ path: at, message: plainMessage(issue.message) });
    }
  }
  return out;
}

/** zod's own wording (from integrations' schemas), made to read like ours. */
function plainMessage(message: string): string {
  return message.replace(/^Invalid input: expected (\w+), received undefined$/, 'required: $1').replace(/^Invalid input: expected (\w+), received (\w+)$/, 'expected $1, got $2');
}

/** The keys an object schema allows at `path` inside `schema`, found by walking its shape. */
function allowedKeysAt(schema: ZodType, path: readonly PropertyKey[]): string[] | undefined {
  let node: unknown = schema;
  for (const seg of [...path, undefined]) {
    node = unwrap(node);
    if (seg === undefined) break;
    if (node instanceof z.ZodObject) node = (node.shape as Record<string, unknown>)[String(seg)];
    else if (node instanceof z.ZodArray) node = node.element;
    else if (node instanceof z.ZodRecord) node = node.valueType;
    else return undefined;
  }
  return node instanceof z.ZodObject ? Object.keys(node.shape as object) : undefined;
}

/** Looks through optional/nullable/default/pipe wrappers to the schema that checks the value. */
function unwrap(node: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    if (node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault) node = node.unwrap();
    else if (node instanceof z.ZodPipe) node = node.in instanceof z.ZodTransform ? node.out : node.in;
    else break;
  }
  return node;
}

