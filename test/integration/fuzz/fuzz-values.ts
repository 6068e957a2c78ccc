/**
 * Hostile JSON values and header text for the webhook fuzz: wrong types, unicode (lone
 * surrogates included), huge strings, nesting thousands of levels deep, prototype-ish keys.
 * Deep nesting is carried as a `Deep` marker and written out as raw text, since building it
 * as objects would overflow JSON.stringify before the service ever saw it.
 */
import fc from 'fast-check';

/** `depth` nested arrays or objects, spliced into the JSON text in place of the marker. */
export class Deep {
  constructor(readonly depth: number, readonly kind: 'array' | 'object') {}
  text(): string {
    return this.kind === 'array' ? `${'['.repeat(this.depth)}${']'.repeat(this.depth)}` : `${'{"a":'.repeat(this.depth)}null${'}'.repeat(this.depth)}`;
  }
}

/** JSON text of a value that may hold `Deep` markers. */
export function toJsonText(value: unknown): string {
  const deep: Deep[] = [];
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Deep ? `@@deep-${nonce}-${deep.push(v) - 1}@@` : v)) ?? 'null';
  if (deep.length === 0) return text;
  return text.replace(new RegExp(`"@@deep-${nonce}-(\\d+)@@"`, 'g'), (_m, i: string) => deep[Number(i)]!.text());
}

export const deepArb: fc.Arbitrary<Deep> = fc
  .tuple(fc.oneof({ arbitrary: fc.integer({ min: 50, max: 2_000 }), weight: 9 }, { arbitrary: fc.integer({ min: 2_000, max: 20_000 }), weight: 1 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
  .map(([depth, kind]) => new Deep(depth, kind));

/** 1 KB to 128 KB (mostly under 16 KB) of one repeated snippet (ASCII, accents, emoji or control characters). */
export const hugeStringArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('x', 'é', '🙂', '\u0000', '\u202e', '"\\', '<script>', 'a\u0301'),
    fc.oneof({ arbitrary: fc.integer({ min: 1_000, max: 16_000 }), weight: 9 }, { arbitrary: fc.integer({ min: 16_000, max: 128_000 }), weight: 1 }),
  )
  .map(([snippet, length]) => snippet.repeat(Math.ceil(length / snippet.length)));

/** Text that looks like the values tools send, but broken. */
const nearMissArb = fc.constantFrom(
  '', ' ', 'null', 'undefined', 'NaN', '-0', '1e309', '0x1F', '٣', '２０２６-１１-２４',
  '2026-11-24', '2026-13-45T99:99:99Z', '2026-11-24T09:00:00', '2026-11-24T09:00:00+99:00', '+275760-09-13T00:00:00.001Z', '1795510800', '-1', '99999999999999999999',
  'open', 'OPEN', 'urgent', 'solved ', 'Waiting on Customer', 'zen:event-type:ticket.created', 'jira:issue_updated', 'conversation.user.created',
  'javascript:alert(1)', '<img src=x onerror=alert(1)>', '${ENV}', '../../etc/passwd', '\u2028', '\ud800', '\udfff\ud800',
);

/**
 * Any code point, or a lone surrogate. (fast-check's `unit: 'binary'` is the same, but takes
 * seconds to build its first time: it maps every code point for shrinking.)
 */
export const anyCharArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), weight: 4 },
  { arbitrary: fc.integer({ min: 0x80, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), weight: 2 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
);

export const scalarArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(null, true, false, 0, -1, 1, 1.5, -0, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e-308), weight: 9 },
  { arbitrary: fc.double(), weight: 3 },
  { arbitrary: fc.integer(), weight: 3 },
  { arbitrary: nearMissArb, weight: 9 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }), weight: 6 },
  // Lone surrogates survive JSON as \ud800 escapes.
  { arbitrary: fc.string({ unit: anyCharArb, maxLength: 30 }), weight: 3 },
  // Rare, since every value may be one: they cost the most to send.
  { arbitrary: hugeStringArb, weight: 1 },
  { arbitrary: deepArb, weight: 1 },
);

export const keyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'type', 'status', 'ticket', '', ' ', '$ref', '0', 'é'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** An object with own keys as given, `__proto__` included (assignment would set the prototype instead). */
export function objectOf(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  return Object.fromEntries(entries) as Record<string, unknown>;
}

/** Any JSON value: mostly scalars, sometimes small arrays and objects of them, nested a few levels. */
export const junkArb: fc.Arbitrary<unknown> = fc.letrec<{ junk: unknown }>((tie) => ({
  junk: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: scalarArb, weight: 6 },
    { arbitrary: fc.array(tie('junk'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(keyArb, tie('junk')), { maxLength: 4 }).map(objectOf), weight: 1 },
  ),
})).junk;

/**
 * A value no required field takes: absence, a boolean, or a non-empty container. Object keys
 * start with `~`, which no payload uses: `{ "id": -1 }` would be a perfectly good object.
 */
export type WrongValue = { absent: true } | { value: unknown };
export const wrongValueArb: fc.Arbitrary<WrongValue> = fc.oneof(
  fc.constant({ absent: true as const }),
  fc.boolean().map((value) => ({ value })),
  fc.array(junkArb, { minLength: 1, maxLength: 3 }).map((value) => ({ value })),
  fc.array(fc.tuple(keyArb.map((k) => `~${k}`), junkArb), { minLength: 1, maxLength: 3 }).map((entries) => ({ value: objectOf(entries) })),
  deepArb.map((value) => ({ value })),
);

/** Characters Node's HTTP client lets into a header value (visible ASCII, tab, Latin-1). */
const headerCharArb = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 8 },
  { arbitrary: fc.integer({ min: 0xa0, max: 0xff }), weight: 1 },
  { arbitrary: fc.constant(0x09), weight: 1 },
).map((c) => String.fromCharCode(c));

export const headerValueArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: headerCharArb, maxLength: 80 }), weight: 10 },
  { arbitrary: fc.string({ unit: headerCharArb, minLength: 1_000, maxLength: 6_000 }), weight: 1 },
);

const NOISE_NAMES = ['content-type', 'x-request-id', 'user-agent', 'accept', 'x-forwarded-for', 'x-forwarded-proto', 'cookie', 'origin', 'referer'] as const;

/** Extra request headers; names never collide with authentication or framing headers. */
export const noiseHeadersArb: fc.Arbitrary<Array<[string, string]>> = fc.array(
  fc.tuple(
    fc.oneof(fc.constantFrom(...NOISE_NAMES), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/).map((n) => `x-fz-${n}`)),
    fc.oneof(headerValueArb, fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', '*/*')),
  ),
  { maxLength: 5 },
);

/** A query string (with its `?`), sometimes with broken percent-encoding. */
export const queryArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant(''), weight: 3 },
  {
    arbitrary: fc
      .array(fc.tuple(fc.oneof(keyArb, fc.constantFrom('token', 'secret', 'sig', 'exp')), fc.string({ unit: 'grapheme', maxLength: 40 })), { minLength: 1, maxLength: 4 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('?%', '?a=%zz', '?%E0%A4%A', '?a[b][c]=1&a=2', '?__proto__[x]=1', '?severity=%3Cscript%3E', '?&&&=&'), weight: 1 },
);
