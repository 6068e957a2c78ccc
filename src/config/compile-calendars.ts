/**
 * The `calendars` section: each spec is built by the clock itself, whose `CalendarSpecError`
 * issues are re-rooted under `calendars.<id>` so they read like every other config problem.
 */
import { CalendarSpecError, createCalendar, type CalendarSpec } from '../clock/index.js';
import type { CalendarEntry } from '../sla/rules.js';
import { parsePath } from './config-path.js';
import { idSchema } from './config-schema.js';
import type { IssueList } from './issue-list.js';

export interface CompiledCalendars {
  entries: Map<string, CalendarEntry>;
  /** The specs as written (after `${ENV}` interpolation), for tools that describe the config. */
  specs: Map<string, CalendarSpec>;
  /** Every id written, valid or not: references to a broken calendar are not reported twice. */
  ids: Set<string>;
}

const ID = idSchema('calendar id');

/** Builds every calendar; problems go to `issues` under `calendars.<id>`. */
export function compileCalendars(raw: Record<string, unknown>, issues: IssueList): CompiledCalendars {
  const out: CompiledCalendars = { entries: new Map(), specs: new Map(), ids: new Set() };
  const ids = Object.keys(raw);
  if (ids.length === 0) {
    issues.add(['calendars'], 'define at least one calendar, e.g. always: { timezone: UTC, hours: 24x7 }');
    return out;
  }
  for (const id of ids) {
    out.ids.add(id);
    issues.parse(ID, id, ['calendars', id]);
    const spec = raw[id] as CalendarSpec;
    try {
      const calendar = createCalendar(spec);
      out.entries.set(id, { calendar, zone: spec.timezone });
      out.specs.set(id, spec);
    } catch (err) {
      if (!(err instanceof CalendarSpecError)) throw err;
      for (const issue of err.issues) issues.add(['calendars', id, ...parsePath(issue.path)], issue.message);
    }
  }
  return out;
}
