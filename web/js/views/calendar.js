// Calendar: a week of entries as blocks per day over the tracked windows, shown faintly. Drag on a day to create,
// drag a block to move it, drag its lower edge to resize; times snap to 5 minutes and to neighbouring entries.
// Every drag has a keyboard way: arrows move a focused block by 5 minutes (left/right by a day), Shift+arrows
// resize it, Enter edits, Delete deletes; on a focused day, arrows move a slot and N or Enter creates there.
import { h, replaceChildren } from '../dom.js';
import { openEditor, worked } from '../entries.js';
import { addDays, clockText, duration, hourLabel, localDay, weekdayDate, weekStart } from '../format.js';
import { showError } from '../ui.js';
import { deleteWithUndo } from '../undo.js';
import { dayLanes } from '../daylanes.js';

const PX_PER_MINUTE = 0.8;
const WINDOW_LABEL_PX = 16; // a tracked window's band this tall names its app
const DAY_MINUTES = 1440;
const SNAP_MINUTES = 5;
const NEIGHBOUR_SNAP_PX = 8;
const DRAG_THRESHOLD_PX = 4;
const NEW_ENTRY_MINUTES = 30;
const SLOT_STEP_MINUTES = 15;
const FIRST_VISIBLE_HOUR = 7;
const NEW_ENTRY_NAME = 'New entry';
const UNCATEGORIZED = '#9e9e9e';
const MINUTE_MS = 60000;

const minutesOf = (dayStart, iso) => (Date.parse(iso) - dayStart.getTime()) / MINUTE_MS;
/** The instant `minutes` after the local midnight of `day`, fractions kept (the inverse of minutesOf). */
const atMinute = (day, minutes) => new Date(new Date(day.getFullYear(), day.getMonth(), day.getDate()).getTime() + Math.round(minutes * MINUTE_MS));
const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

/** Round to 5 minutes unless an edge of another entry that day is within a few pixels: then that edge. */
function snapMinute(minute, edges) {
  const near = edges.filter((edge) => Math.abs(edge - minute) * PX_PER_MINUTE <= NEIGHBOUR_SNAP_PX)
    .sort((a, b) => Math.abs(a - minute) - Math.abs(b - minute));
  return near.length ? near[0] : Math.round(minute / SNAP_MINUTES) * SNAP_MINUTES;
}

/** Side-by-side columns for entries that overlap: [{activity, column, columns}]. */
function layOut(items) {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed = [];
  let cluster = [];
  let clusterEnd = -Infinity;
  const close = () => {
    const columns = Math.max(1, ...cluster.map((p) => p.column + 1));
    for (const p of cluster) p.columns = columns;
    cluster = [];
  };
  for (const item of sorted) {
    if (item.start >= clusterEnd) { close(); clusterEnd = -Infinity; }
    const used = new Set(cluster.filter((p) => p.end > item.start).map((p) => p.column));
    let column = 0;
    while (used.has(column)) column += 1;
    const entry = { ...item, column };
    cluster.push(entry);
    placed.push(entry);
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  close();
  return placed;
}

export function createCalendarView(app) {
  const view = { id: 'calendar', title: 'Calendar' };
  const heading = h('h1', { id: 'calendar-heading', text: 'Calendar' });
  const range = h('p', { class: 'subtitle', id: 'calendar-range' });
  const grid = h('div', { class: 'cal-grid', role: 'grid', 'aria-labelledby': heading.id });
  const scroller = h('div', { class: 'cal-scroll' }, grid);
  const lanes = h('div', { class: 'cal-lanes' });
  const hint = h('p', { class: 'field-hint cal-hint', text: 'Drag on a day to add an entry; drag a block to move it or its lower edge to resize. '
    + 'Keyboard: arrows move a block by 5 minutes (left/right by a day), Shift+arrows resize, Enter edits; on a day, arrows pick a time and N adds an entry. '
    + 'The faint bands behind are the windows LightTrack tracked, in their category’s colour.' });
  let weekFrom = weekStart(new Date(), app.weekStartsOn());
  let mode = 'week';
  let activities = [];
  let spans = [];
  let focusAfter = null;
  let dragging = false; // a redraw waits for the drop: it would take the block from under the pointer
  let drawLater = false;
  let windowLayers = new Map(); // day key → its window layer for the spans read last
  const slots = new Map(); // day key → focused slot minute

  const days = () => (mode === 'day' ? [weekFrom] : Array.from({ length: 7 }, (_, i) => addDays(weekFrom, i)));
  const entriesOn = (day) => activities.filter((a) => localDay(new Date(a.startTime)) === localDay(day));
  const edgesOn = (day, exceptId) => entriesOn(day).filter((a) => a.id !== exceptId && a.endTime)
    .flatMap((a) => [minutesOf(day, a.startTime), minutesOf(day, a.endTime)]);

  // -- writing ------------------------------------------------------------------------------
  let writes = Promise.resolve(null);
  const unsaved = new Map(); // id → { activity as shown, writes still to go }: a read meanwhile must not undo a move

  /** One write after another, in the order the user made them (each quick arrow press sends one). */
  function save(channel, ...args) {
    writes = writes.then(() => write(channel, args));
    return writes;
  }

  async function write(channel, args) {
    try {
      const saved = await app.bridge.invoke(channel, ...args);
      app.store.applySaved(saved);
      await app.activitiesChanged();
      return saved;
    } catch (err) {
      showError(err, 'The calendar could not save that');
      unsaved.clear(); // what the app holds is what happened
      await view.refresh();
      return null;
    }
  }

  function remember(moved) {
    const pending = unsaved.get(moved.id);
    unsaved.set(moved.id, { activity: moved, writes: (pending?.writes || 0) + 1 });
  }

  function settle(id) {
    const pending = unsaved.get(id);
    if (pending && pending.writes > 1) pending.writes -= 1;
    else unsaved.delete(id);
  }

  async function createAt(day, fromMinute, toMinute) {
    const saved = await save('activity:add', { name: NEW_ENTRY_NAME, projectId: 'default', tags: [],
      startTime: atMinute(day, fromMinute).toISOString(), endTime: atMinute(day, toMinute).toISOString() });
    if (saved) openEditor(app, saved);
  }

  /** Shown at once (so quick arrow presses add up), then stored. A dropped block already sits where it goes: it
   * stays as it is until the read after the save redraws the week. */
  function moveTo(activity, day, fromMinute, toMinute, dropped = null) {
    const times = { startTime: atMinute(day, fromMinute).toISOString(), endTime: atMinute(day, toMinute).toISOString() };
    const moved = { ...activity, ...times, duration: Date.parse(times.endTime) - Date.parse(times.startTime) - (activity.pausedDuration || 0) };
    activities = activities.map((a) => (a.id === activity.id ? moved : a));
    remember(moved);
    if (dropped) {
      dropped.classList.remove('dragging');
      dropped.dataset.day = localDay(day);
    } else {
      focusAfter = activity.id;
      draw();
    }
    return save('activity:update', activity.id, times).finally(() => settle(activity.id));
  }

  // -- drawing ------------------------------------------------------------------------------
  function blockFor(day, placed) {
    const { activity, start, end, column, columns } = placed;
    const running = !activity.endTime;
    const project = app.catalogs.project(activity.projectId);
    const label = `${activity.name}, ${clockText(activity.startTime, app.hour12)} to ${running ? 'now' : clockText(activity.endTime, app.hour12)}`;
    const block = h('button', { type: 'button', class: `cal-block${running ? ' running' : ''}`, 'aria-label': label, title: label,
      dataset: { id: activity.id, day: localDay(day) },
      style: { top: `${start * PX_PER_MINUTE}px`, height: `${Math.max(12, (end - start) * PX_PER_MINUTE)}px`,
        left: `calc(${(column / columns) * 100}% + 2px)`, width: `calc(${100 / columns}% - 6px)`,
        '--project': app.catalogs.projectColor(activity.projectId) } },
    h('span', { class: 'cal-block-name', text: activity.name }),
    h('span', { class: 'cal-block-meta', text: `${project?.name || 'No project'} · ${duration(worked(activity))}` }),
    running ? null : h('span', { class: 'cal-resize', 'aria-hidden': 'true' }));
    return block;
  }

  /** A day's faint window layer, built once per read of the timeline and moved into each redrawn column. */
  function windowsFor(day) {
    const key = localDay(day);
    if (!windowLayers.has(key)) windowLayers.set(key, buildWindows(day));
    return windowLayers.get(key);
  }

  function buildWindows(day) {
    const layer = h('div', { class: 'cal-windows', 'aria-hidden': 'true' });
    for (const span of spans) {
      const from = clamp(minutesOf(day, span.start), 0, DAY_MINUTES);
      const to = clamp(minutesOf(day, span.end), 0, DAY_MINUTES);
      if (to <= from) continue;
      const height = Math.max(1, (to - from) * PX_PER_MINUTE);
      const color = app.catalogs.category(span.category)?.color || UNCATEGORIZED;
      layer.append(h('div', { class: 'cal-window', style: { top: `${from * PX_PER_MINUTE}px`, height: `${height}px`,
        background: `color-mix(in srgb, ${color} 16%, transparent)` } },
      height >= WINDOW_LABEL_PX ? h('span', { class: 'cal-window-label', text: span.app }) : null));
    }
    return layer;
  }

  function dayColumn(day) {
    const key = localDay(day);
    const now = Date.now();
    const items = entriesOn(day).map((activity) => ({ activity, start: Math.max(0, minutesOf(day, activity.startTime)),
      end: Math.min(DAY_MINUTES, minutesOf(day, activity.endTime || new Date(now).toISOString())) }));
    const slot = h('div', { class: 'cal-slot', 'aria-hidden': 'true' });
    const column = h('div', { class: 'cal-day', role: 'gridcell', tabindex: '0', dataset: { day: key },
      'aria-label': `${weekdayDate(day)}: ${items.length} ${items.length === 1 ? 'entry' : 'entries'}, ${duration(items.reduce((s, i) => s + worked(i.activity), 0))}` },
    windowsFor(day), slot, ...layOut(items).map((placed) => blockFor(day, placed)));
    showSlot(column, slots.get(key) ?? FIRST_VISIBLE_HOUR * 60 + 120);
    return column;
  }

  function showSlot(column, minute) {
    slots.set(column.dataset.day, minute);
    const slot = column.querySelector('.cal-slot');
    slot.style.top = `${minute * PX_PER_MINUTE}px`;
    slot.style.height = `${NEW_ENTRY_MINUTES * PX_PER_MINUTE}px`;
    slot.dataset.time = clockText(atMinute(new Date(), minute).toISOString(), app.hour12);
  }

  /** What has the focus in the grid, to give it back after a redraw: a block by id, or a day. */
  function focusedInGrid() {
    const active = document.activeElement;
    if (!grid.contains(active)) return null;
    return active.classList.contains('cal-block') ? `.cal-block[data-id="${CSS.escape(active.dataset.id)}"]`
      : `.cal-day[data-day="${active.dataset.day}"]`;
  }

  function draw() {
    const refocus = focusAfter ? `.cal-block[data-id="${CSS.escape(focusAfter)}"]` : focusedInGrid();
    focusAfter = null;
    const shown = days();
    const total = activities.reduce((sum, a) => sum + worked(a), 0);
    range.textContent = `${weekdayDate(shown[0])}${shown.length > 1 ? ` – ${weekdayDate(shown[shown.length - 1])}` : ''} · ${duration(total)} tracked`;
    const gutter = h('div', { class: 'cal-gutter', 'aria-hidden': 'true' },
      ...Array.from({ length: 24 }, (_, hour) => h('span', { style: { top: `${hour * 60 * PX_PER_MINUTE}px` }, text: hourLabel(hour, app.hour12) })));
    const heads = h('div', { class: 'cal-heads', 'aria-hidden': 'true' }, h('span'),
      ...shown.map((d) => h('span', { class: localDay(d) === localDay(new Date()) ? 'today' : '', text: weekdayDate(d) })));
    grid.style.setProperty('--days', String(shown.length));
    grid.style.setProperty('--day-height', `${DAY_MINUTES * PX_PER_MINUTE}px`);
    replaceChildren(grid, heads, h('div', { class: 'cal-body' }, gutter, ...shown.map(dayColumn)));
    replaceChildren(lanes, mode === 'day' ? dayLanes(app, { day: weekFrom, activities, spans, onCreate: createFromSpans }) : null);
    if (refocus) grid.querySelector(refocus)?.focus({ preventScroll: true });
  }

  async function createFromSpans(fromMs, toMs) {
    const saved = await save('activity:add', { name: NEW_ENTRY_NAME, projectId: 'default', tags: [],
      startTime: new Date(fromMs).toISOString(), endTime: new Date(toMs).toISOString() });
    if (saved) openEditor(app, saved);
  }

  // -- pointer: create, move, resize --------------------------------------------------------
  const columnAt = (x) => [...grid.querySelectorAll('.cal-day')].find((c) => {
    const r = c.getBoundingClientRect();
    return x >= r.left && x < r.right;
  });
  const minuteIn = (column, y) => (y - column.getBoundingClientRect().top) / PX_PER_MINUTE;

  function startDrag(event) {
    if (event.button !== 0) return;
    const column = event.target.closest('.cal-day');
    if (!column) return;
    const block = event.target.closest('.cal-block');
    const activity = block && activities.find((a) => a.id === block.dataset.id);
    if (block && !activity?.endTime) return; // the running entry is moved by stopping it
    const kind = !block ? 'create' : event.target.closest('.cal-resize') ? 'resize' : 'move';
    const day = new Date(`${column.dataset.day}T00:00`);
    const pressed = minuteIn(column, event.clientY);
    const drag = { kind, activity, block, column, day, x: event.clientX, y: event.clientY, moved: false,
      grab: activity ? pressed - minutesOf(day, activity.startTime) : 0,
      length: activity ? (Date.parse(activity.endTime) - Date.parse(activity.startTime)) / MINUTE_MS : 0,
      from: snapMinute(pressed, edgesOn(day)), ghost: null };
    dragging = true;
    grid.setPointerCapture(event.pointerId);
    const move = (e) => track(drag, e);
    const up = (e) => {
      grid.removeEventListener('pointermove', move);
      grid.removeEventListener('pointerup', up);
      grid.removeEventListener('pointercancel', up);
      finish(drag, e);
    };
    grid.addEventListener('pointermove', move);
    grid.addEventListener('pointerup', up);
    grid.addEventListener('pointercancel', up);
  }

  function track(drag, event) {
    if (!drag.moved && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < DRAG_THRESHOLD_PX) return;
    drag.moved = true;
    if (drag.kind === 'create') {
      const to = snapMinute(minuteIn(drag.column, event.clientY), edgesOn(drag.day));
      drag.range = [Math.min(drag.from, to), Math.max(drag.from, to)];
      if (!drag.ghost) drag.ghost = drag.column.appendChild(h('div', { class: 'cal-ghost', 'aria-hidden': 'true' }));
      paint(drag.ghost, drag.range);
    } else if (drag.kind === 'resize') {
      const start = minutesOf(drag.day, drag.activity.startTime);
      const end = Math.max(start + SNAP_MINUTES, snapMinute(minuteIn(drag.column, event.clientY), edgesOn(drag.day, drag.activity.id)));
      drag.range = [start, Math.min(DAY_MINUTES, end)];
      paint(drag.block, drag.range);
    } else {
      const column = columnAt(event.clientX) || drag.column;
      const target = new Date(`${column.dataset.day}T00:00`);
      const edges = edgesOn(target, drag.activity.id);
      const rawStart = minuteIn(column, event.clientY) - drag.grab;
      const byStart = snapMinute(rawStart, edges);
      const byEnd = snapMinute(rawStart + drag.length, edges) - drag.length;
      const start = clamp(Math.abs(byEnd - rawStart) < Math.abs(byStart - rawStart) ? byEnd : byStart, 0, DAY_MINUTES - drag.length);
      drag.target = target;
      drag.range = [start, start + drag.length];
      if (drag.block.parentNode !== column) column.append(drag.block);
      paint(drag.block, drag.range);
    }
    drag.block?.classList.add('dragging');
  }

  function paint(el, [from, to]) {
    el.style.top = `${from * PX_PER_MINUTE}px`;
    el.style.height = `${Math.max(SNAP_MINUTES, to - from) * PX_PER_MINUTE}px`;
    el.dataset.time = `${clockText(atMinute(new Date(), from).toISOString(), app.hour12)} – ${clockText(atMinute(new Date(), to).toISOString(), app.hour12)}`;
  }

  async function finish(drag) {
    drag.ghost?.remove();
    dragging = false;
    const [from, to] = drag.range || [0, 0];
    const stored = drag.moved && (drag.kind !== 'create' || to - from >= SNAP_MINUTES);
    if (drawLater && !stored) draw(); // a store redraws after its save anyway
    drawLater = false;
    if (!drag.moved) {
      if (drag.activity) openEditor(app, drag.activity);
      return;
    }
    if (drag.kind === 'create') {
      if (stored) await createAt(drag.day, from, to);
    } else if (drag.kind === 'resize') {
      await moveTo(drag.activity, drag.day, from, to, drag.block);
    } else {
      await moveTo(drag.activity, drag.target, from, to, drag.block);
    }
  }

  // -- keyboard ------------------------------------------------------------------------------
  function blockKey(event, block) {
    const activity = activities.find((a) => a.id === block.dataset.id);
    if (!activity) return;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      deleteWithUndo(app, [activity]);
      return;
    }
    if (!activity.endTime || !event.key.startsWith('Arrow')) return;
    event.preventDefault();
    event.stopPropagation();
    const day = new Date(`${block.dataset.day}T00:00`);
    let from = minutesOf(day, activity.startTime);
    let to = minutesOf(day, activity.endTime);
    const step = event.key === 'ArrowUp' ? -SNAP_MINUTES : event.key === 'ArrowDown' ? SNAP_MINUTES : 0;
    if (event.shiftKey && step) to = Math.max(from + SNAP_MINUTES, to + step);
    else if (step) { from += step; to += step; }
    const target = event.key === 'ArrowLeft' ? addDays(day, -1) : event.key === 'ArrowRight' ? addDays(day, 1) : day;
    if (from < 0 || to > DAY_MINUTES) return;
    moveTo(activity, target, from, to);
  }

  function dayKey(event, column) {
    const key = event.key.toLowerCase();
    const minute = slots.get(column.dataset.day);
    if (key === 'arrowup' || key === 'arrowdown') {
      event.preventDefault();
      showSlot(column, clamp(minute + (key === 'arrowup' ? -SLOT_STEP_MINUTES : SLOT_STEP_MINUTES), 0, DAY_MINUTES - NEW_ENTRY_MINUTES));
      column.querySelector('.cal-slot').scrollIntoView({ block: 'nearest' });
    } else if (key === 'arrowleft' || key === 'arrowright') {
      event.preventDefault();
      const next = key === 'arrowleft' ? column.previousElementSibling : column.nextElementSibling;
      if (next?.classList.contains('cal-day')) next.focus();
    } else if (key === 'n' || key === 'enter') {
      event.preventDefault();
      event.stopPropagation();
      createAt(new Date(`${column.dataset.day}T00:00`), minute, minute + NEW_ENTRY_MINUTES);
    }
  }

  grid.addEventListener('pointerdown', startDrag);
  grid.addEventListener('click', (event) => event.detail && event.target.closest('.cal-block') && event.preventDefault());
  grid.addEventListener('keydown', (event) => {
    const block = event.target.closest('.cal-block');
    if (block) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        const activity = activities.find((a) => a.id === block.dataset.id);
        if (activity) openEditor(app, activity);
      } else blockKey(event, block);
    } else if (event.target.classList.contains('cal-day')) dayKey(event, event.target);
  });

  // -- navigation ----------------------------------------------------------------------------
  const shift = (direction) => () => {
    weekFrom = mode === 'day' ? addDays(weekFrom, direction) : addDays(weekFrom, 7 * direction);
    view.refresh();
  };
  const modeButton = h('button', { type: 'button', id: 'calendar-mode', 'aria-pressed': 'false', text: 'Day',
    onclick: () => {
      mode = mode === 'week' ? 'day' : 'week';
      weekFrom = mode === 'day' ? new Date(new Date().setHours(0, 0, 0, 0)) : weekStart(new Date(), app.weekStartsOn());
      modeButton.setAttribute('aria-pressed', String(mode === 'day'));
      view.el.classList.toggle('day-mode', mode === 'day');
      view.refresh();
    } });
  const toolbar = h('div', { class: 'cal-toolbar' },
    h('button', { type: 'button', id: 'calendar-prev', 'aria-label': 'Earlier', text: '‹', onclick: shift(-1) }),
    h('button', { type: 'button', id: 'calendar-today', text: 'Today', onclick: () => {
      weekFrom = mode === 'day' ? new Date(new Date().setHours(0, 0, 0, 0)) : weekStart(new Date(), app.weekStartsOn());
      view.refresh();
    } }),
    h('button', { type: 'button', id: 'calendar-next', 'aria-label': 'Later', text: '›', onclick: shift(1) }),
    modeButton);

  let scrolled = false;
  let reads = 0;
  view.refresh = async () => {
    const read = ++reads;
    const last = addDays(weekFrom, mode === 'day' ? 0 : 6);
    const [found, tracked] = await Promise.all([
      app.bridge.invoke('activity:getFiltered', { startDate: localDay(weekFrom), endDate: localDay(last), limit: 10000, sortOrder: 'asc' }),
      app.optional('timeline:get', weekFrom.toISOString(), addDays(last, 1).toISOString())]);
    if (read !== reads) return; // a later read (another week, another change) draws instead
    activities = found.map((a) => unsaved.get(a.id)?.activity || app.store.latest(a));
    spans = tracked || [];
    windowLayers = new Map();
    if (dragging) drawLater = true;
    else draw();
    if (!scrolled) {
      scroller.scrollTop = FIRST_VISIBLE_HOUR * 60 * PX_PER_MINUTE;
      scrolled = true;
    }
  };

  view.el = h('section', { class: 'view', id: 'view-calendar', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, toolbar, range), lanes, scroller, hint);
  return view;
}
