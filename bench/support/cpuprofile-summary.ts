/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): self time by area (our src/ folders,
 * each npm package, Node internals, GC, idle) and the top functions by self and total time.
 *
 *   tsx bench/support/cpuprofile-summary.ts bench/profiles/<file>.cpuprofile [top=25]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return '(gc)';
  if (fn === '(idle)') return '(idle)';
  if (fn === '(program)') return '(program)';
  if (url === '') return '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const ours = /\/work\/main\/(.+)\/[^/]+$/.exec(url.replace(/^file:\/\//, ''));
  if (ours) return ours[1]!;
  return url;
}

export function summarizeProfile(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const a = area(n.callFrame.url, n.callFrame.functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const key = `${n.callFrame.functionName || '(anonymous)'} ${a}:${n.callFrame.lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    // Inclusive time: once per distinct function on the stack.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = byId.get(cur)!;
      const k = `${c.callFrame.functionName || '(anonymous)'} ${area(c.callFrame.url, c.callFrame.functionName)}:${c.callFrame.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
  const busy = total - (byArea.get('(idle)') ?? 0);
  const out: string[] = [];
  out.push(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled, busy ${(busy / 1e6).toFixed(2)} s (${pct(busy)})`, '', '| area | self | share |', '|---|---:|---:|');
  for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) out.push(`| ${a} | ${(us / 1000).toFixed(0)} ms | ${pct(us)} |`);
  out.push('', '| function (self) | ms | share |', '|---|---:|---:|');
  for (const [k, us] of [...byFn].sort((x, y) => y[1] - x[1]).slice(0, top)) out.push(`| ${k} | ${(us / 1000).toFixed(0)} | ${pct(us)} |`);
  out.push('', '| function (inclusive) | ms | share |', '|---|---:|---:|');
  for (const [k, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, top * 2)) out.push(`| ${k} | ${(us / 1000).toFixed(0)} | ${pct(us)} |`);
  return out.join('\n');
}

if (process.argv[1]?.endsWith('cpuprofile-summary.ts')) {
  console.log(summarizeProfile(process.argv[2] ?? '', Number(process.argv[3] ?? 25)));
}
