/**
 * The kinds of delivery the fuzz sends to one source, as plain data (so a failure prints a
 * readable counterexample), and how each becomes a request with the answer it must get:
 *
 * - `invalid`: a real delivery, correctly signed, with one required field missing or of a
 *   wrong type, plus junk keys: must be 400 naming that field.
 * - `mutated`: a real delivery, correctly signed, with random fields deleted, replaced or
 *   added: 400, or 202 only when the integration itself finds the body valid.
 * - `garbage`: any bytes or JSON (huge, deep, binary), mostly signed: 4xx (413 above 1 MB),
 *   or 202 only when the body is in fact valid.
 * - `forged`: a real (or junk) delivery with missing, wrong, stale or misplaced credentials: 401.
 * - `valid`: a real delivery signed with the current or previous secret: 202.
 */
import fc from 'fast-check';
import { formatFieldPath } from '../../../integrations/shared/field-errors.js';
import { authHeaderNames, authHeaders, basicAuth, NOW, zendeskTimestamp, type FuzzSource } from './fuzz-sources.js';
import { anyCharArb, Deep, headerValueArb, junkArb, keyArb, noiseHeadersArb, queryArb, toJsonText, wrongValueArb, type WrongValue } from './fuzz-values.js';
import type { FuzzRequest } from './fuzz-app.js';

/** The body limit of the app (createApp's default). */
const BODY_LIMIT = 1024 * 1024;

/** Credentials as the tool would send them. */
interface ValidAuth {
  previous: boolean;
  /** Zendesk: how far the signed timestamp is from our clock (inside the 5-minute window). */
  skewMs: number;
  tsFormat: 'iso' | 's' | 'ms';
  /** Shared secret: basic auth rather than X-SLA-Token. */
  basic: boolean;
}

type Forgery =
  | { kind: 'none' }
  | { kind: 'wrong-secret'; secret: string }
  | { kind: 'other-body'; suffix: string }
  | { kind: 'garbage'; header: number; value: string }
  | { kind: 'wrong-scheme' }
  | { kind: 'misplaced' }
  | { kind: 'stale'; skewMs: number }
  | { kind: 'bad-timestamp'; timestamp: string }
  | { kind: 'wrong-user'; user: string };

type Mutation = { path: number; op: 'delete' } | { path: number; op: 'set'; value: unknown } | { path: number; op: 'add'; key: string; value: unknown };

type GarbageBody =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'text'; text: string }
  | { kind: 'json'; value: unknown }
  | { kind: 'too-large'; extra: number };

export type FuzzCase =
  | { kind: 'invalid'; pick: number; wrong: WrongValue; extra: Array<[string, unknown]>; auth: ValidAuth; noise: Array<[string, string]>; query: string }
  | { kind: 'mutated'; fixture: number; mutations: Mutation[]; auth: ValidAuth; noise: Array<[string, string]>; query: string }
  | { kind: 'garbage'; body: GarbageBody; auth: ValidAuth | null; encoding: string | null; noise: Array<[string, string]>; query: string }
  | { kind: 'forged'; fixture: number; junkBody: unknown; forgery: Forgery; noise: Array<[string, string]>; query: string }
  | { kind: 'valid'; fixture: number; auth: ValidAuth; noise: Array<[string, string]>; query: string };

/** What the answer must be. `field` is the path a 400 must name; `valid` means the integration accepts the body. */
export type Expectation =
  | { status: 400; field: string }
  | { status: 401 }
  | { status: 413 }
  | { status: 202 }
  /** A Content-Encoding the body does not have (or nobody supports): 400 or 415, 413 when too large, 401 when it happens to decode. */
  | { status: 'unreadable' }
  | { status: 'refused-unless-valid' };

export interface BuiltCase {
  request: FuzzRequest;
  expect: Expectation;
}

const validAuthArb: fc.Arbitrary<ValidAuth> = fc.record({
  previous: fc.boolean(),
  skewMs: fc.integer({ min: -290_000, max: 290_000 }),
  tsFormat: fc.constantFrom<ValidAuth['tsFormat']>('iso', 's', 'ms'),
  basic: fc.boolean(),
});

function forgeryArb(source: FuzzSource): fc.Arbitrary<Forgery> {
  const secretArb = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s !== source.secret && s !== source.previousSecret);
  const common: Array<fc.Arbitrary<Forgery>> = [
    fc.constant({ kind: 'none' as const }),
    secretArb.map((secret) => ({ kind: 'wrong-secret' as const, secret })),
    fc.string({ minLength: 1, maxLength: 20 }).map((suffix) => ({ kind: 'other-body' as const, suffix })),
    fc.tuple(fc.nat(), headerValueArb).map(([header, value]) => ({ kind: 'garbage' as const, header, value })),
    fc.constant({ kind: 'wrong-scheme' as const }),
    fc.constant({ kind: 'misplaced' as const }),
  ];
  if (source.auth.kind === 'zendesk') {
    common.push(
      // Past the 300 s window even after the timestamp loses its milliseconds.
      fc.oneof(fc.integer({ min: 301_000, max: 10 * 365 * 86_400_000 }), fc.integer({ min: -10 * 365 * 86_400_000, max: -301_000 })).map((skewMs) => ({ kind: 'stale' as const, skewMs })),
      headerValueArb.filter((t) => t.trim() !== '').map((timestamp) => ({ kind: 'bad-timestamp' as const, timestamp })),
    );
  }
  if (source.auth.kind === 'shared-secret') {
    common.push(fc.string({ maxLength: 20 }).filter((u) => u !== 'sla-timer' && !u.includes(':')).map((user) => ({ kind: 'wrong-user' as const, user })));
  }
  return fc.oneof(...common);
}

const garbageArb: fc.Arbitrary<GarbageBody> = fc.oneof(
  { arbitrary: fc.uint8Array({ maxLength: 2_048 }).map((bytes) => ({ kind: 'bytes' as const, bytes })), weight: 30 },
  { arbitrary: fc.oneof(fc.string({ unit: anyCharArb, maxLength: 300 }), fc.constantFrom('', ' ', '\uFEFF', '\uFEFF{}', '{', '[', '"', 'nul', '{"a":1,}', '[1,]', '1e999', '{"__proto__":{"x":1}}')).map((text) => ({ kind: 'text' as const, text })), weight: 30 },
  { arbitrary: junkArb.map((value) => ({ kind: 'json' as const, value })), weight: 60 },
  { arbitrary: fc.array(junkArb, { minLength: 1, maxLength: 600 }).map((value) => ({ kind: 'json' as const, value })), weight: 10 },
  { arbitrary: fc.integer({ min: 1, max: 65_536 }).map((extra) => ({ kind: 'too-large' as const, extra })), weight: 1 },
);

/** Every path into a value (the root first), objects' own keys and array indexes. */
export function pathsOf(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  // A deep-nesting marker is one value: its own fields are not the payload's.
  if (value instanceof Deep) return out;
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** The cases for one source, weighted so that every kind is well represented. */
export function caseArb(source: FuzzSource): fc.Arbitrary<FuzzCase> {
  const common = { noise: noiseHeadersArb, query: queryArb };
  const fixtureArb = fc.nat({ max: source.fixtures.length - 1 });
  const requiredCount = source.fixtures.reduce((n, f) => n + f.required.length, 0);
  return fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('invalid' as const), pick: fc.nat({ max: requiredCount - 1 }), wrong: wrongValueArb, extra: fc.array(fc.tuple(keyArb, junkArb), { maxLength: 3 }), auth: validAuthArb, ...common }), weight: 25 },
    {
      arbitrary: fc.record({
        kind: fc.constant('mutated' as const),
        fixture: fixtureArb,
        mutations: fc.array(
          fc.oneof(
            fc.record({ path: fc.nat(), op: fc.constant('delete' as const) }),
            fc.record({ path: fc.nat(), op: fc.constant('set' as const), value: junkArb }),
            fc.record({ path: fc.nat(), op: fc.constant('add' as const), key: keyArb, value: junkArb }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        auth: validAuthArb,
        ...common,
      }),
      weight: 30,
    },
    {
      arbitrary: fc.record({
        kind: fc.constant('garbage' as const),
        body: garbageArb,
        auth: fc.option(validAuthArb, { freq: 6 }),
        encoding: fc.option(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'GZIP', 'gzip, deflate', 'x-fuzz'), { freq: 8 }),
        ...common,
      }),
      weight: 15,
    },
    { arbitrary: fc.record({ kind: fc.constant('forged' as const), fixture: fixtureArb, junkBody: fc.option(junkArb, { freq: 3 }), forgery: forgeryArb(source), ...common }), weight: 25 },
    { arbitrary: fc.record({ kind: fc.constant('valid' as const), fixture: fixtureArb, auth: validAuthArb, ...common }), weight: 5 },
  );
}

/** The request a case describes, and the answer it must get. */
export function buildCase(source: FuzzSource, c: FuzzCase): BuiltCase {
  const built = buildRequest(source, c);
  // The size is checked while the body is read, before anything else looks at it.
  const tooLarge = built.request.body.length > BODY_LIMIT && built.expect.status !== 'unreadable';
  return tooLarge ? { request: built.request, expect: { status: 413 } } : built;
}

function buildRequest(source: FuzzSource, c: FuzzCase): BuiltCase {
  const path = `/webhooks/${source.name}${c.query}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const [name, value] of c.noise) headers[name] = value;

  switch (c.kind) {
    case 'valid': {
      const f = source.fixtures[c.fixture]!;
      const raw = Buffer.from(JSON.stringify(f.body));
      return { request: { path, headers: { ...headers, ...f.headers, ...signed(source, raw, c.auth) }, body: raw }, expect: { status: 202 } };
    }
    case 'invalid': {
      const [f, required] = requiredPick(source, c.pick);
      const body = withValue(structuredClone(f.body), required, c.wrong);
      for (const [key, value] of c.extra) Object.defineProperty(body, `fuzz_${key}`, { value, enumerable: true, writable: true, configurable: true });
      const raw = Buffer.from(toJsonText(body));
      return { request: { path, headers: { ...headers, ...f.headers, ...signed(source, raw, c.auth) }, body: raw }, expect: { status: 400, field: formatFieldPath(required) } };
    }
    case 'mutated': {
      const f = source.fixtures[c.fixture]!;
      let body: unknown = structuredClone(f.body);
      for (const m of c.mutations) body = mutate(body, m);
      const raw = Buffer.from(toJsonText(body));
      return { request: { path, headers: { ...headers, ...f.headers, ...signed(source, raw, c.auth) }, body: raw }, expect: { status: 'refused-unless-valid' } };
    }
    case 'garbage': {
      const raw = garbageBytes(c.body);
      const h = { ...headers, ...(source.fixtures[0]!.headers), ...(c.auth ? signed(source, raw, c.auth) : {}), ...(c.encoding ? { 'content-encoding': c.encoding } : {}) };
      // The body is read (and decoded) before the signature is checked: a broken encoding comes first.
      const expect: Expectation = c.encoding !== null && c.encoding !== 'identity' ? { status: 'unreadable' } : c.auth === null ? { status: 401 } : { status: 'refused-unless-valid' };
      return { request: { path, headers: h, body: raw }, expect };
    }
    case 'forged': {
      const f = source.fixtures[c.fixture]!;
      const raw = Buffer.from(c.junkBody === null ? JSON.stringify(f.body) : toJsonText(c.junkBody));
      return { request: { path, headers: { ...headers, ...f.headers, ...forged(source, raw, c.forgery) }, body: raw }, expect: { status: 401 } };
    }
  }
}

function requiredPick(source: FuzzSource, pick: number): [FuzzSource['fixtures'][number], Array<string | number>] {
  let n = pick;
  for (const f of source.fixtures) {
    if (n < f.required.length) return [f, f.required[n]!];
    n -= f.required.length;
  }
  throw new Error(`no required path number ${pick}`);
}

function signed(source: FuzzSource, raw: Buffer, auth: ValidAuth): Record<string, string> {
  const at = NOW + auth.skewMs;
  const timestamp = auth.tsFormat === 'iso' ? zendeskTimestamp(at) : auth.tsFormat === 's' ? String(Math.floor(at / 1000)) : String(at);
  return authHeaders(source.auth, raw, auth.previous ? source.previousSecret : source.secret, { timestamp, basic: auth.basic });
}

function forged(source: FuzzSource, raw: Buffer, forgery: Forgery): Record<string, string> {
  const scheme = source.auth;
  switch (forgery.kind) {
    case 'none':
      return {};
    case 'wrong-secret':
      return authHeaders(scheme, raw, forgery.secret);
    case 'other-body':
      // A shared secret signs nothing: the near miss is a secret with something appended.
      return scheme.kind === 'shared-secret'
        ? authHeaders(scheme, raw, source.secret + forgery.suffix)
        : authHeaders(scheme, Buffer.concat([raw, Buffer.from(forgery.suffix)]), source.secret);
    case 'garbage': {
      const names = authHeaderNames(scheme);
      const name = names[forgery.header % names.length]!;
      // Zendesk: a correct signature over an absent timestamp is still no signature.
      return { ...(scheme.kind === 'zendesk' ? authHeaders(scheme, raw, source.secret) : {}), [name]: forgery.value };
    }
    case 'wrong-scheme':
      if (scheme.kind === 'hmac') {
        // The right secret, but another algorithm and encoding than the tool's.
        const other = { ...scheme, algorithm: scheme.algorithm === 'sha1' ? 'sha256' as const : 'sha1' as const, encoding: scheme.encoding === 'hex' ? 'base64' as const : 'hex' as const };
        return authHeaders(other, raw, source.secret);
      }
      if (scheme.kind === 'zendesk') return { ...authHeaders(scheme, raw, source.secret), 'x-zendesk-webhook-signature': hexOfBase64(authHeaders(scheme, raw, source.secret)['x-zendesk-webhook-signature']!) };
      return { authorization: `Bearer ${source.secret}` };
    case 'misplaced': {
      const good = authHeaders(scheme, raw, source.secret);
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(good)) out[`x-fz-${name}`] = value;
      return out;
    }
    case 'stale':
      return authHeaders(scheme, raw, source.secret, { timestamp: zendeskTimestamp(NOW + forgery.skewMs) });
    case 'bad-timestamp':
      return authHeaders(scheme, raw, source.secret, { timestamp: forgery.timestamp });
    case 'wrong-user':
      return { authorization: basicAuth(forgery.user, source.secret) };
  }
}

function hexOfBase64(b64: string): string {
  return Buffer.from(b64, 'base64').toString('hex');
}

/** Sets (or removes) a value at a path; own properties even for `__proto__`. */
function withValue<T>(root: T, path: ReadonlyArray<string | number>, wrong: WrongValue): T {
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], root);
  const last = path[path.length - 1]!;
  if ('absent' in wrong) delete parent[last];
  else Object.defineProperty(parent, last, { value: wrong.value, enumerable: true, writable: true, configurable: true });
  return root;
}

function mutate(body: unknown, m: Mutation): unknown {
  const all = pathsOf(body);
  const path = all[m.path % all.length]!;
  if (path.length === 0) {
    if (m.op === 'delete') return {};
    if (m.op === 'set') return m.value;
  }
  if (m.op === 'delete') return withValue(body, path, { absent: true });
  if (m.op === 'set') return withValue(body, path, { value: m.value });
  const node = path.reduce<any>((n, key) => n[key], body);
  if (Array.isArray(node)) node.push(m.value);
  else if (node !== null && typeof node === 'object') Object.defineProperty(node, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  return body;
}

function garbageBytes(g: GarbageBody): Buffer {
  switch (g.kind) {
    case 'bytes':
      return Buffer.from(g.bytes);
    case 'text':
      return Buffer.from(g.text, 'utf8');
    case 'json':
      return Buffer.from(toJsonText(g.value));
    case 'too-large':
      return Buffer.from(JSON.stringify({ padding: 'x'.repeat(BODY_LIMIT + g.extra) }));
  }
}
