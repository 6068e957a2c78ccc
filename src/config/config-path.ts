/**
 * Paths into the config document, kept as segments while checking (so the YAML line can be
 * looked up) and shown as people write them: `policies[1].targets.sev2.first_response`.
 */

/** One step into the document: a map key or a list index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_$-][A-Za-z0-9_$,@/-]*$/;

/** Formats segments as `a.b[2].c`; keys that are not plain words are quoted: `fields["Customer tier"]`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Reads a dotted path back into segments (`hours.mon-fri`, `holidays[1].date`): the calendar
 * checks in the clock report paths as text, and the loader needs segments to find lines.
 */
export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|([^.[\]]+)/g;
  for (const m of text.matchAll(re)) {
    if (m[1] !== undefined) segments.push(Number(m[1]));
    else if (m[2] !== undefined) segments.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) segments.push(m[3]);
  }
  return segments;
}
