/**
 * `${NAME}` and `${NAME:-default}` in string values, replaced from the environment after the
 * YAML is parsed: a problem then has a path, and a secret can never break the YAML syntax.
 * `$${` writes a literal `${`. Keys are never interpolated.
 */
import type { PathSegment } from './config-path.js';
import type { RawIssue } from './issue-list.js';

/** A `${NAME:-default}` whose value ended up equal to its default. */
export interface DefaultUsed {
  path: PathSegment[];
  variable: string;
  /** False when the variable was unset or empty (the default filled in); true when it was set to the same text. */
  setInEnv: boolean;
}

export interface Interpolated {
  data: unknown;
  issues: RawIssue[];
  defaults: DefaultUsed[];
}

const REF_RE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FORMS = 'write ${NAME} or ${NAME:-default} (NAME: letters, digits and _), or $${ for a literal ${';

/** Returns a copy of `data` with every reference in string values replaced; lists each problem by path. */
export function interpolateEnv(data: unknown, env: NodeJS.ProcessEnv): Interpolated {
  const issues: RawIssue[] = [];
  const defaults: DefaultUsed[] = [];

  const inString = (text: string, path: PathSegment[]): string => {
    if (!text.includes('${')) return text;
    return text.replace(REF_RE, (match, body: string | undefined) => {
      if (match === '$${') return '${';
      if (body === undefined) {
        issues.push({ path, message: `"\${" is not closed; ${FORMS}` });
        return match;
      }
      const sep = body.indexOf(':-');
      const name = (sep === -1 ? body : body.slice(0, sep)).trim();
      const fallback = sep === -1 ? undefined : body.slice(sep + 2);
      if (!NAME_RE.test(name)) {
        issues.push({ path, message: `"\${${body}}" is not an environment reference; ${FORMS}` });
        return match;
      }
      // Like the shell's `:-`: an empty variable counts as unset. Compose files pass `NAME=`
      // through as empty, and an empty secret is never what was meant.
      const value = env[name];
      if (value !== undefined && value !== '') {
        if (fallback !== undefined && value === fallback) defaults.push({ path, variable: name, setInEnv: true });
        return value;
      }
      if (fallback !== undefined) {
        defaults.push({ path, variable: name, setInEnv: false });
        return fallback;
      }
      issues.push({ path, message: `environment variable ${name} is not set (or empty); set ${name}, or write \${${name}:-default} to give a default` });
      return match;
    });
  };

  const walk = (value: unknown, path: PathSegment[]): unknown => {
    if (typeof value === 'string') return inString(value, path);
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (typeof value === 'object' && value !== null && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return value;
  };

  return { data: walk(data, []), issues, defaults };
}
