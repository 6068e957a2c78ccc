/**
 * Recorded events as JSON Lines: one generic-source event (the `POST /webhooks/generic` body,
 * or an array of them) per line, validated by the generic integration itself. Blank lines are
 * skipped; the first bad line stops the read with its line number and every bad field.
 */
import { normalizeGeneric } from '../../integrations/generic/generic-integration.js';
import type { TicketEvent } from '../events.js';

export type EventLines = { ok: true; events: TicketEvent[] } | { ok: false; problems: string[] };

/** Parses the text of a `.jsonl` file; `file` names it in problems (`events.jsonl:7: ticket.status: …`). */
export function parseEventLines(text: string, file: string): EventLines {
  const events: TicketEvent[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${file}:${i + 1}`;
    let body: unknown;
    try {
      body = JSON.parse(line);
    } catch (err) {
      return { ok: false, problems: [`${where}: not JSON (${err instanceof Error ? err.message : String(err)})`] };
    }
    const normalized = normalizeGeneric(body);
    if (!normalized.ok) return { ok: false, problems: normalized.errors.map((e) => `${where}: ${e.field}: ${e.message}`) };
    events.push(...normalized.events);
  }
  return { ok: true, events };
}
