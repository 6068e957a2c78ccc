/** Small numeric helpers shared by the benches: percentiles, formatting, a seeded PRNG, CLI flags. */

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    count: sorted.length,
    min: sorted.length ? sorted[0]! : NaN,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    p999: percentile(sorted, 99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

/** `1,234` / `1,234.5`. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const bytes = (n: number): string => (Math.abs(n) >= 1024 * 1024 ? `${fmt(n / 1024 / 1024, 1)} MiB` : Math.abs(n) >= 1024 ? `${fmt(n / 1024, 2)} KiB` : `${fmt(n)} B`);

export const verdict = (ok: boolean): string => (ok ? 'met' : '**MISSED**');

/** mulberry32: a seeded PRNG so every run draws the same inputs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `--name value` / `--flag` from argv. */
export function flags(argv: string[] = process.argv.slice(2)): { num(name: string, def: number): number; str(name: string, def: string): string; has(name: string): boolean; opt(name: string): string | undefined } {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  return {
    num(name, def) {
      const v = get(name);
      if (v === undefined) return def;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new Error(`--${name} ${v}: expected a number`);
      return n;
    },
    str: (name, def) => get(name) ?? def,
    has: (name) => argv.includes(`--${name}`),
    opt: get,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; resolves whether it held. */
export async function pollUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 200): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= end) return false;
    await sleep(everyMs);
  }
}
