// A day timeline to act on: lanes for entries, tracked windows (by category colour) and away time (gaps between
// windows), zoom, hover details, and a drag across the windows that becomes an entry covering the windows touched.
import { h } from './dom.js';
import { clockText, duration, hourLabel } from './format.js';

const DAY_MS = 86400000;
const HOUR_MS = 3600000;
const AWAY_MIN_MS = 5 * 60000;
const ZOOMS = [1, 2, 4, 8];
const UNCATEGORIZED = '#9e9e9e';
const DRAG_THRESHOLD_PX = 4;

/** Gaps of five minutes or more between the windows of the day: time away from the computer. */
function awayGaps(spans) {
  const gaps = [];
  for (let i = 1; i < spans.length; i += 1) {
    const from = Date.parse(spans[i - 1].end);
    const to = Date.parse(spans[i].start);
    if (to - from >= AWAY_MIN_MS) gaps.push({ start: from, end: to });
  }
  return gaps;
}

/** The [start, end] (ms) covering every window that overlaps [from, to]; null when none does. */
function coveredBySpans(spans, from, to) {
  const touched = spans.filter((s) => Date.parse(s.start) < to && Date.parse(s.end) > from);
  if (!touched.length) return null;
  return [Math.min(...touched.map((s) => Date.parse(s.start))), Math.max(...touched.map((s) => Date.parse(s.end)))];
}

export function dayLanes(app, { day, activities, spans, onCreate }) {
  const dayStart = new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime();
  const inDay = spans.filter((s) => Date.parse(s.end) > dayStart && Date.parse(s.start) < dayStart + DAY_MS);
  const percent = (ms) => `${((ms - dayStart) / DAY_MS) * 100}%`;
  const width = (from, to) => `${Math.max(0.05, ((to - from) / DAY_MS) * 100)}%`;
  const clock = (ms) => clockText(new Date(ms).toISOString(), app.hour12);
  const details = h('p', { class: 'lanes-details', role: 'status', 'aria-live': 'polite', text: 'Point at a window for its details; drag across windows to make an entry of them.' });
  const piece = (cls, from, to, color, text) => h('div', { class: cls, 'data-details': text, title: text,
    style: { left: percent(from), width: width(from, to), background: color } });

  const entryLane = h('div', { class: 'lane lane-entries' }, ...activities.map((a) => {
    const from = Date.parse(a.startTime);
    const to = a.endTime ? Date.parse(a.endTime) : Date.now();
    return piece('lane-piece', from, to, app.catalogs.projectColor(a.projectId), `${a.name}: ${clock(from)} – ${clock(to)}, ${duration(to - from)}`);
  }));
  const windowLane = h('div', { class: 'lane lane-windows' }, ...inDay.map((s) => {
    const from = Date.parse(s.start);
    const to = Date.parse(s.end);
    return piece('lane-piece', from, to, app.catalogs.category(s.category)?.color || UNCATEGORIZED,
      `${s.app || 'Unknown app'} — ${s.title || ''}: ${clock(from)} – ${clock(to)}, ${duration(to - from)}`);
  }));
  const awayLane = h('div', { class: 'lane lane-away' }, ...awayGaps(inDay).map((g) => piece('lane-piece away', g.start, g.end, '',
    `Away: ${clock(g.start)} – ${clock(g.end)}, ${duration(g.end - g.start)}`)));
  const ticks = h('div', { class: 'lane-ticks', 'aria-hidden': 'true' },
    ...Array.from({ length: 24 }, (_, hour) => h('span', { style: { left: percent(dayStart + hour * HOUR_MS) }, text: hourLabel(hour, app.hour12),
      class: hour % 3 ? 'minor' : '' })));
  const track = h('div', { class: 'lanes-track' }, ticks, entryLane, windowLane, awayLane);
  const scroller = h('div', { class: 'lanes-scroll' }, track);

  let zoom = 1;
  const zoomLabel = h('span', { class: 'lanes-zoom', text: '1×' });
  const setZoom = (next) => {
    const centre = (scroller.scrollLeft + scroller.clientWidth / 2) / track.offsetWidth;
    zoom = next;
    track.style.width = `${zoom * 100}%`;
    track.classList.toggle('zoomed', zoom > 1); // every hour labelled once there is room
    zoomLabel.textContent = `${zoom}×`;
    scroller.scrollLeft = centre * track.offsetWidth - scroller.clientWidth / 2;
  };
  const zoomBy = (direction) => () => setZoom(ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(zoom) + direction))]);

  track.addEventListener('pointermove', (event) => {
    const text = event.target.closest('[data-details]')?.dataset.details;
    if (text) details.textContent = text;
  });

  // drag across the windows lane: the entry covers every window touched
  const msAt = (x) => dayStart + ((x - track.getBoundingClientRect().left) / track.offsetWidth) * DAY_MS;
  windowLane.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    const startX = event.clientX;
    const band = h('div', { class: 'lane-selection', 'aria-hidden': 'true' });
    let moved = false;
    let covered = null;
    windowLane.setPointerCapture(event.pointerId);
    const move = (e) => {
      if (!moved && Math.abs(e.clientX - startX) < DRAG_THRESHOLD_PX) return;
      if (!moved) windowLane.append(band);
      moved = true;
      const [from, to] = [msAt(Math.min(startX, e.clientX)), msAt(Math.max(startX, e.clientX))];
      covered = coveredBySpans(inDay, from, to);
      const [left, right] = covered || [from, to];
      Object.assign(band.style, { left: percent(left), width: width(left, right) });
      details.textContent = covered ? `New entry ${clock(left)} – ${clock(right)}, ${duration(right - left)}` : 'No windows here.';
    };
    const up = () => {
      windowLane.removeEventListener('pointermove', move);
      windowLane.removeEventListener('pointerup', up);
      windowLane.removeEventListener('pointercancel', up);
      band.remove();
      if (moved && covered) onCreate(covered[0], covered[1]);
    };
    windowLane.addEventListener('pointermove', move);
    windowLane.addEventListener('pointerup', up);
    windowLane.addEventListener('pointercancel', up);
  });

  const labels = h('div', { class: 'lane-labels', 'aria-hidden': 'true' },
    h('span'), h('span', { text: 'Entries' }), h('span', { text: 'Windows' }), h('span', { text: 'Away' }));
  const root = h('section', { class: 'card day-lanes', 'aria-label': 'Day timeline' },
    h('div', { class: 'lanes-toolbar' }, h('h2', { text: 'Day timeline' }),
      h('button', { type: 'button', class: 'small', id: 'lanes-zoom-out', 'aria-label': 'Zoom out', text: '−', onclick: zoomBy(-1) }),
      zoomLabel,
      h('button', { type: 'button', class: 'small', id: 'lanes-zoom-in', 'aria-label': 'Zoom in', text: '+', onclick: zoomBy(1) })),
    h('div', { class: 'lanes-body' }, labels, scroller), details);
  requestAnimationFrame(() => {
    if (inDay.length) scroller.scrollLeft = ((Date.parse(inDay[0].start) - dayStart) / DAY_MS) * track.offsetWidth - 20;
  });
  return root;
}
