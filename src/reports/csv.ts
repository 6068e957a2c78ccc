/**
 * CSV as RFC 4180 writes it: CRLF line ends; a field is quoted when it holds a comma, a quote,
 * CR or LF (quotes doubled inside). Null and undefined are empty fields. A field that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, on text) gets a leading `'`:
 * group and assignee names come from help desks, not from us.
 */

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field as CSV text. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and the rows, each line ending in CRLF. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  let out = `${header.map(csvField).join(',')}\r\n`;
  for (const row of rows) out += `${row.map(csvField).join(',')}\r\n`;
  return out;
}
