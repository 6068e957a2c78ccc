/**
 * Who used the CPU during a measured span (Linux /proc): each named process, and everything
 * else on the machine. The benches share a small machine with other work; this says how much.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): utime is the 14th field, stime the 15th.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return NaN;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = line.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (line[3] ?? 0) + (line[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuShares {
  seconds: number;
  cores: number;
  /** Percent of one core, per named process. */
  processes: Record<string, number>;
  /** Percent of one core used by every other process on the machine. */
  others: number;
  /** Percent of all cores busy. */
  machineBusy: number;
}

export function watchCpu(pids: Record<string, number>): { stop(): CpuShares } {
  const start = Date.now();
  const m0 = machineTicks();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processTicks(pid)]));
  return {
    stop() {
      const seconds = (Date.now() - start) / 1000;
      const m1 = machineTicks();
      const processes: Record<string, number> = {};
      let ours = 0;
      for (const [k, pid] of Object.entries(pids)) {
        const d = processTicks(pid) - (p0[k] ?? NaN);
        processes[k] = (100 * d) / TICKS_PER_SECOND / seconds;
        if (Number.isFinite(d)) ours += d;
      }
      const busy = m1.busy - m0.busy;
      return {
        seconds,
        cores: os.cpus().length,
        processes,
        others: Math.max(0, (100 * (busy - ours)) / TICKS_PER_SECOND / seconds),
        machineBusy: (100 * busy) / (m1.total - m0.total),
      };
    },
  };
}

export function describeCpu(c: CpuShares): string {
  const parts = Object.entries(c.processes).map(([k, v]) => `${k} ${v.toFixed(0)} %`);
  return `${parts.join(', ')}, other processes ${c.others.toFixed(0)} % (of one core; ${c.cores} cores, machine ${c.machineBusy.toFixed(0)} % busy over ${c.seconds.toFixed(0)} s)`;
}
