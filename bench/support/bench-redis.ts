/**
 * Redis helpers of the benches: a private key prefix, deleting exactly the keys under it (never
 * FLUSHALL/FLUSHDB: the Redis is shared), `hz`, memory and command counters.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** `bench-<6 hex>`: as short as the brief allows (key names count in the memory per ticket). */
export function benchPrefix(): string {
  return `bench-${randomBytes(3).toString('hex')}`;
}

export function connect(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/** SCAN + UNLINK of the keys matching `{prefix}*` only. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Every key under `{prefix}`. */
export async function keysOf(redis: Redis, prefix: string, pattern = '*'): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}${pattern}`, 'COUNT', 2000);
    cursor = next;
    out.push(...keys);
  } while (cursor !== '0');
  return out;
}

export async function getHz(redis: Redis): Promise<number> {
  const r = (await redis.config('GET', 'hz')) as string[];
  return Number(r[1]);
}

export async function setHz(redis: Redis, hz: number): Promise<void> {
  await redis.config('SET', 'hz', String(hz));
}

/** Fields of one INFO section as numbers where they parse. */
export async function info(redis: Redis, section: string): Promise<Record<string, string>> {
  const text = await redis.info(section);
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

export async function usedMemory(redis: Redis): Promise<number> {
  return Number((await info(redis, 'memory')).used_memory);
}

/** Counters that say how much work Redis did: commands processed and CPU seconds. */
export interface RedisWork {
  commands: number;
  cpuSec: number;
  /** calls per command name (INFO commandstats). */
  perCommand: Map<string, number>;
}

export async function redisWork(redis: Redis): Promise<RedisWork> {
  const [stats, cpu, cmd] = await Promise.all([info(redis, 'stats'), info(redis, 'cpu'), info(redis, 'commandstats')]);
  const perCommand = new Map<string, number>();
  for (const [k, v] of Object.entries(cmd)) {
    const m = /calls=(\d+)/.exec(v);
    if (m) perCommand.set(k.replace(/^cmdstat_/, ''), Number(m[1]));
  }
  return {
    commands: Number(stats.total_commands_processed),
    cpuSec: Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys),
    perCommand,
  };
}

export function workDelta(a: RedisWork, b: RedisWork): RedisWork {
  const perCommand = new Map<string, number>();
  for (const [k, v] of b.perCommand) {
    const d = v - (a.perCommand.get(k) ?? 0);
    if (d > 0) perCommand.set(k, d);
  }
  return { commands: b.commands - a.commands, cpuSec: b.cpuSec - a.cpuSec, perCommand };
}
