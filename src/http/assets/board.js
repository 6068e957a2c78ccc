/*
 * sla-timer countdowns, for the board and the ticket widget. The server renders every piece
 * of markup; this script only ticks each countdown in business time (using the calendar's
 * open intervals it was given), swaps in fresh rows when a timer changes (server-sent
 * events), keeps the filters in the URL and lets the keyboard move between rows.
 */
(() => {
  'use strict';
  const dataEl = document.getElementById('board-data');
  if (!dataEl) return;
  const root = document.body;
  const fragmentUrl = root.dataset.fragment || '/board/fragment';
  const streamUrl = root.dataset.stream || '/api/stream';
  const LABELS = { breached: ['✕', 'Breached'], warning: ['⚠', 'Warning'], on_track: ['✓', 'On track'], paused: ['‖', 'Paused'] };
  const WARNING_SHARE = 0.75;
  const localTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const shortTime = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

  let data;
  let anchor;
  let rowsByKey;
  function load(next) {
    data = next;
    // Count from the server's instant plus local elapsed time: the viewer's clock may be off.
    anchor = { perf: performance.now(), ms: data.asOf };
    rowsByKey = new Map(data.rows.map((r) => [r.key, r]));
  }
  load(JSON.parse(dataEl.textContent));
  const now = () => anchor.ms + (performance.now() - anchor.perf);

  /** Business time counted by a calendar between two instants. */
  function openBetween(open, from, to) {
    let sum = 0;
    for (const [a, b] of open) {
      if (b <= from) continue;
      if (a >= to) break;
      sum += Math.min(b, to) - Math.max(a, from);
    }
    return sum;
  }
  function isOpenAt(open, t) {
    return open.some(([a, b]) => a <= t && t < b);
  }
  function nextOpening(open, t) {
    const next = open.find(([a]) => a > t);
    return next ? next[0] : null;
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }
  function clock(ms) {
    const s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h}h ${pad(m)}m ${pad(s % 60)}s` : `${m}m ${pad(s % 60)}s`;
  }

  function levelOf(row, remaining) {
    if (remaining <= 0) return 'breached';
    if (row.paused) return 'paused';
    return 1 - remaining / row.targetMs >= WARNING_SHARE ? 'warning' : 'on_track';
  }

  function tick() {
    const t = now();
    const counts = { breached: 0, warning: 0, on_track: 0, paused: 0 };
    for (const tr of document.querySelectorAll('tr[data-key]')) {
      const row = rowsByKey.get(tr.dataset.key);
      if (!row) continue;
      const cal = data.calendars[row.calendarId];
      const open = cal ? cal.open : [];
      const remaining = row.paused ? row.remainingMs : row.remainingMs - openBetween(open, data.asOf, t);
      const level = levelOf(row, remaining);
      counts[level]++;
      setLevel(tr, level);
      let text = remaining < 0 ? `${clock(remaining)} overdue` : clock(remaining);
      if (row.paused) text += ' (paused)';
      else if (cal && !isOpenAt(open, t)) {
        const opens = nextOpening(open, t);
        text += opens === null ? ' (closed)' : ` · resumes ${shortTime.format(opens)}`;
      }
      const cell = tr.querySelector('[data-countdown]');
      if (cell && cell.textContent !== text) cell.textContent = text;
    }
    if (data.truncated) return;
    for (const el of document.querySelectorAll('.count[data-level] b')) {
      const level = el.parentElement.dataset.level;
      if (el.textContent !== String(counts[level])) el.textContent = String(counts[level]);
    }
  }

  function setLevel(tr, level) {
    const current = [...tr.classList].find((c) => c.startsWith('level-'));
    if (current === `level-${level}`) return;
    if (current) tr.classList.remove(current);
    tr.classList.add(`level-${level}`);
    const badge = tr.querySelector('.badge');
    if (badge) {
      badge.className = `badge level-${level}`;
      badge.firstElementChild.textContent = LABELS[level][0];
      badge.lastElementChild.textContent = LABELS[level][1];
    }
  }

  /** Due instants in the viewer's own zone; the calendar's zone stays in the tooltip. */
  function localizeTimes() {
    for (const el of document.querySelectorAll('time[datetime][data-zone]')) {
      if (el.dataset.localized) continue;
      el.textContent = localTime.format(new Date(el.getAttribute('datetime')));
      el.dataset.localized = '1';
    }
  }

  const status = document.getElementById('board-status');
  function setStatus(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  let refreshing = null;
  let again = false;
  async function refresh() {
    if (refreshing) {
      again = true;
      return refreshing;
    }
    refreshing = (async () => {
      try {
        const res = await fetch(fragmentUrl + location.search, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const next = await res.json();
        document.getElementById('rows').innerHTML = next.rows;
        const counts = document.getElementById('counts');
        if (counts && next.counts) counts.innerHTML = next.counts;
        const ended = document.getElementById('ended');
        if (ended && typeof next.ended === 'string') ended.innerHTML = next.ended;
        const empty = document.getElementById('empty');
        if (empty) empty.hidden = next.data.rows.length > 0;
        load(next.data);
        localizeTimes();
        tick();
        setStatus(`Live · updated ${shortTime.format(new Date())}`);
      } catch (err) {
        setStatus(`Could not refresh (${err.message}); retrying`);
      }
    })();
    await refreshing;
    refreshing = null;
    if (again) {
      again = false;
      refresh();
    }
  }

  let soon = null;
  function refreshSoon() {
    clearTimeout(soon);
    soon = setTimeout(refresh, 150);
  }

  function connect() {
    if (!window.EventSource) return;
    const events = new EventSource(streamUrl + (root.dataset.streamQuery || ''));
    events.addEventListener('timer', refreshSoon);
    events.addEventListener('open', () => setStatus(`Live · updated ${shortTime.format(new Date())}`));
    events.addEventListener('error', () => setStatus('Reconnecting to live updates…'));
  }

  const filters = document.getElementById('filters');
  if (filters) {
    filters.addEventListener('change', () => {
      const params = new URLSearchParams();
      for (const [name, value] of new FormData(filters)) if (value !== '') params.set(name, String(value));
      const query = params.toString();
      history.replaceState(null, '', query ? `?${query}` : location.pathname);
      refresh();
    });
  }

  const tbody = document.getElementById('rows');
  if (tbody) {
    tbody.addEventListener('keydown', (e) => {
      const tr = e.target.closest('tr[data-key]');
      if (!tr) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const next = e.key === 'ArrowDown' ? tr.nextElementSibling : tr.previousElementSibling;
        if (next) next.focus();
        e.preventDefault();
      } else if (e.key === 'Enter' && e.target === tr) {
        const link = tr.querySelector('a[href]');
        if (link) link.click();
      }
    });
  }

  localizeTimes();
  tick();
  setInterval(tick, 1000);
  setInterval(refresh, 60_000);
  connect();
})();
