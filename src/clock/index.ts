/**
 * The business clock: calendars of opening hours in a time zone, and durations.
 * The rest of the product, and outside tools, import the clock from here only.
 */
export { createCalendar, type BusinessCalendar } from './business-calendar.js';
export { CalendarSpecError, type CalendarSpec, type CalendarIssue, type HoursSpec, type HolidaySpec } from './calendar-spec.js';
export { parseDuration, formatDuration, DurationError } from './duration.js';
export { formatInZone, formatTimeInZone, localDateInZone } from './format-in-zone.js';
export { formatOffset, offsetChanges, type OffsetChange } from './zone-offsets.js';
