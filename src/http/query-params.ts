/**
 * Reading query parameters strictly: a bad value is a 400 `sla_query_invalid` that names
 * the parameter and what it accepts, never a silently ignored filter.
 */
import type { Request } from 'express';
import { HttpError } from './http-error.js';

/** Every value given for a parameter (repeats and comma lists), trimmed, empty ones dropped. */
export function values(req: Request, name: string): string[] {
  const raw = (req.query as Record<string, unknown>)[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function invalid(name: string, message: string): HttpError {
  return new HttpError(400, 'sla_query_invalid', `query parameter ${name} ${message}`, [{ field: name, message }]);
}

/** A positive integer up to `max`; `fallback` when absent. */
export function limitParam(req: Request, name: string, fallback: number, max: number): number {
  const given = values(req, name);
  if (given.length === 0) return fallback;
  const text = given.length === 1 ? given[0]! : given.join(',');
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw invalid(name, `must be an integer from 1 to ${max}; got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return Number(text);
}

/** A comma list of allowed values (undefined when absent); any other value is refused naming the choices. */
export function listParam<T extends string>(req: Request, name: string, allowed: readonly T[]): T[] | undefined {
  const given = values(req, name);
  if (given.length === 0) return undefined;
  const unknown = given.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0) {
    const choices = allowed.length > 0 ? allowed.join(', ') : '(none configured)';
    throw invalid(name, `has unknown ${unknown.length === 1 ? 'value' : 'values'} ${unknown.map((v) => JSON.stringify(v.slice(0, 40))).join(', ')}; use one or more of ${choices}`);
  }
  return [...new Set(given)] as T[];
}
