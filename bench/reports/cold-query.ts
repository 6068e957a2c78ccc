/**
 * One report query in a fresh process (bench:reports runs it as a child for the cold figures):
 * connects, starts the route, then times its first request. Prints `{ ms, bytes, status }`.
 *
 *   tsx bench/reports/cold-query.ts <prefix> <query string>
 */
import { Redis } from 'ioredis';
import { startReportServer, timeQuery } from './bench-setup.js';

const [prefix, query] = process.argv.slice(2);
if (prefix === undefined || query === undefined) throw new Error('usage: cold-query.ts <prefix> <query>');
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
await redis.ping();
const server = await startReportServer(redis, prefix);
const result = await timeQuery(server.url, query);
process.stdout.write(`${JSON.stringify(result)}\n`);
await server.close();
await redis.quit();
