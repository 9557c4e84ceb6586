// The entry list: days with day totals, weeks with week totals, entries with the same description grouped,
// read-only rows that open the editor; ▶ continue on every row; a context menu with edit, duplicate and delete.
import { Component, html, render, useEffect, useLayoutEffect, useRef, useState, useValue } from './lib.js';
import { EntryEditor } from './entryeditor.js';
import { clockText, duration, localDay, weekdayDate, weekStart } from './format.js';
import { syncState } from './jira.js';
import { showError } from './ui.js';
import { deleteWithUndo } from './undo.js';
import { plural } from './words.js';

export const worked = (a, now = Date.now()) => (a.endTime ? a.duration || 0
  : Math.max(0, now - Date.parse(a.startTime) - (a.pausedDuration || 0)
    - (a.isPaused && a.pauseStartTime ? now - Date.parse(a.pauseStartTime) : 0)));

const groupKey = (a) => `${a.name}\u0000${a.projectId}\u0000${(a.tags || []).join(',')}`;

/** Days (newest first), each with its groups of same-description entries (newest first). */
export function groupByDay(activities, weekStartsOn = 'monday') {
  const days = new Map();
  for (const activity of [...activities].sort((a, b) => b.startTime.localeCompare(a.startTime))) {
    const start = new Date(activity.startTime);
    const key = localDay(start);
    if (!days.has(key)) days.set(key, { key, date: start, week: localDay(weekStart(start, weekStartsOn)), groups: new Map(), total: 0 });
    const day = days.get(key);
    const gkey = groupKey(activity);
    if (!day.groups.has(gkey)) day.groups.set(gkey, []);
    day.groups.get(gkey).push(activity);
    day.total += worked(activity);
  }
  const weekTotals = new Map();
  for (const day of days.values()) weekTotals.set(day.week, (weekTotals.get(day.week) || 0) + day.total);
  return [...days.values()].map((day) => ({ ...day, groups: [...day.groups.values()], weekTotal: weekTotals.get(day.week) }));
}

export async function continueActivity(app, activity) {
  try {
    await app.bridge.invoke('activity:start', { name: activity.name, projectId: activity.projectId, tags: activity.tags || [] });
    await app.activitiesChanged();
  } catch (err) {
    showError(err, 'Could not start');
  }
}

function LiveDuration({ activity }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return html`<span class="entry-duration">${duration(worked(activity))}</span>`;
}

function SyncNote({ app, activity }) {
  const state = syncState(app, activity);
  if (!state) return null;
  return html`<p class=${`row-sync sync-${activity.syncStatus}`} data-sync-status=${activity.syncStatus}>
    <span class="sync-key">${state.key ? `Jira ${state.key}` : 'Jira'}</span> · ${state.text}</p>`;
}

function ProjectDot({ app, projectId }) {
  return html`<span class="dot" aria-hidden="true" style=${`background:${app.catalogs.projectColor(projectId)}`}></span>`;
}

function Row({ app, activity, count, expanded, onExpand, selection, onOpen, onMenu, child }) {
  const running = !activity.endTime;
  const project = app.catalogs.project(activity.projectId);
  const selected = selection?.has(activity.id);
  const range = `${clockText(activity.startTime, app.hour12)} – ${running ? 'now' : clockText(activity.endTime, app.hour12)}`;
  return html`<li class=${`entry${running ? ' running' : ''}${child ? ' child' : ''}${selected ? ' selected' : ''}`}
      data-id=${activity.id} onContextMenu=${(e) => { e.preventDefault(); onMenu(activity, e); }}>
    ${selection ? html`<input type="checkbox" class="select" checked=${selected} aria-label=${`Select ${activity.name}`}
      onChange=${(e) => selection.toggle(activity, e.currentTarget.checked)} />` : null}
    ${count > 1 ? html`<button type="button" class="group-count" aria-expanded=${expanded ? 'true' : 'false'}
      aria-label=${`${plural(count, 'entry', 'entries')} of ${activity.name}`} onClick=${onExpand}>${count}</button>` : null}
    <button type="button" class="entry-open" aria-label=${`Edit ${activity.name}`} onClick=${() => onOpen(activity)}>
      <span class="entry-name" title=${activity.name}>${activity.name}</span>
      <span class="entry-project"><${ProjectDot} app=${app} projectId=${activity.projectId} />${project?.name || 'No project'}</span>
      ${(activity.tags || []).length ? html`<span class="entry-tags">${activity.tags.map((t) => html`<span class="chip">${t}</span>`)}</span>` : null}
    </button>
    <span class="entry-range">${range}</span>
    ${running ? html`<${LiveDuration} activity=${activity} />` : html`<span class="entry-duration">${duration(worked(activity))}</span>`}
    <button type="button" class="icon continue" title="Continue" aria-label=${`Continue ${activity.name}`}
      disabled=${running} onClick=${() => continueActivity(app, activity)}>▶</button>
    <${SyncNote} app=${app} activity=${activity} />
  </li>`;
}

// What a row shows comes from these props only: a row whose props are the same objects is not drawn again, so a save
// or a selection redraws its own row, not the hundred others (the handlers are left out: they read their row's props).
const SHOWN = ['activity', 'count', 'expanded', 'child', 'selected', 'project', 'hour12', 'jira'];

class ShownRow extends Component {
  shouldComponentUpdate(next) { return SHOWN.some((key) => next[key] !== this.props[key]); }

  render(props) { return html`<${Row} ...${props} />`; }
}

function rowProps(app, activity, selection) {
  return { app, activity, selection, selected: Boolean(selection?.has(activity.id)), project: app.catalogs.project(activity.projectId),
    hour12: app.hour12, jira: app.connections.connected('jira') };
}

function Group({ app, group, selection, onOpen, onMenu }) {
  const [expanded, setExpanded] = useState(false);
  const [first] = group;
  if (group.length === 1) return html`<${ShownRow} ...${rowProps(app, first, selection)} onOpen=${onOpen} onMenu=${onMenu} />`;
  const total = { ...first, duration: group.reduce((sum, a) => sum + worked(a), 0), endTime: first.endTime || null,
    startTime: group[group.length - 1].startTime };
  return html`<${Row} app=${app} activity=${total} count=${group.length} expanded=${expanded}
      onExpand=${() => setExpanded(!expanded)} onOpen=${() => onOpen(first)} onMenu=${(a, e) => onMenu(first, e)} />
    ${expanded ? group.map((a) => html`<${ShownRow} key=${a.id} ...${rowProps(app, a, selection)} child=${true}
      onOpen=${onOpen} onMenu=${onMenu} />`) : null}`;
}

function ContextMenu({ app, menu, close, onOpen }) {
  if (!menu) return null;
  const { activity, x, y } = menu;
  const run = (action) => async () => { close(); await action(); };
  const duplicate = async () => {
    const { name, projectId, tags, description, startTime, endTime } = activity;
    try {
      await app.bridge.invoke('activity:add', { name, projectId, tags, description, startTime, endTime });
      await app.activitiesChanged();
    } catch (err) {
      showError(err, 'Could not duplicate');
    }
  };
  return html`<div class="context-backdrop" onClick=${close} onContextMenu=${(e) => { e.preventDefault(); close(); }}>
    <ul class="context-menu" role="menu" style=${`left:${x}px;top:${y}px`} onKeyDown=${(e) => e.key === 'Escape' && close()}>
      <li><button type="button" role="menuitem" onClick=${run(() => onOpen(activity))}>Edit</button></li>
      <li><button type="button" role="menuitem" onClick=${run(() => continueActivity(app, activity))}>Continue</button></li>
      ${activity.endTime ? html`<li><button type="button" role="menuitem" onClick=${run(duplicate)}>Duplicate</button></li>` : null}
      <li><button type="button" role="menuitem" class="danger" onClick=${run(() => deleteWithUndo(app, [activity]))}>Delete</button></li>
    </ul>
  </div>`;
}

// The one edit popover of the page, in a root of its own: opening it doesn't redraw the list.
let editorRoot = null;

/** Open the edit popover of `activity` (the list, the calendar). */
export function openEditor(app, activity) {
  if (!editorRoot) {
    editorRoot = document.createElement('div');
    editorRoot.className = 'editor-root';
    document.body.append(editorRoot);
  }
  render(html`<${EntryEditor} key=${activity.id} app=${app} activity=${activity} close=${() => closeEditor()} />`, editorRoot);
}

function closeEditor() {
  render(null, editorRoot);
}

/** The list. `selection` (optional) = {has(id), toggle(activity, on)}; `empty` = the sentence for no entries. */
export function EntryList({ app, activities, selection, empty }) {
  const [menu, setMenu] = useState(null);
  useValue(app.store.saved); // a save shows at once
  const days = groupByDay(activities.map((a) => app.store.latest(a)), app.weekStartsOn());
  const setEditing = (activity) => openEditor(app, activity);
  const onMenu = (activity, event) => setMenu({ activity, x: event.clientX, y: event.clientY });
  // When a change (here or from another door) removes the focused row, focus stays in the list, not on the page.
  const container = useRef(null);
  const focusInside = useRef(false);
  const focusOut = (event) => { if (event.relatedTarget) focusInside.current = container.current.contains(event.relatedTarget); };
  useLayoutEffect(() => {
    if (focusInside.current && (document.activeElement === document.body || !document.activeElement)) container.current.focus();
  });
  let lastWeek = null;
  // lowercase on purpose: Chromium has no onfocusin property, so Preact takes the event name as written
  return html`<div class="entries" tabindex="-1" ref=${container} onfocusin=${() => { focusInside.current = true; }}
      onfocusout=${focusOut}>
    ${days.length ? null : html`<p class="empty">${empty}</p>`}
    ${days.map((day) => {
      const weekHeader = day.week !== lastWeek && days.length > 1 && days[0].week !== days[days.length - 1].week
        ? html`<p class="week-head">Week of ${weekdayDate(new Date(`${day.week}T00:00`))} <strong>${duration(day.weekTotal)}</strong></p>` : null;
      lastWeek = day.week;
      return html`${weekHeader}<section class="day" key=${day.key} aria-label=${weekdayDate(day.date)}>
        <h3 class="day-head"><span>${weekdayDate(day.date)}</span><span class="day-total">${duration(day.total)}</span></h3>
        <ul class="entry-list">${day.groups.map((group) => html`<${Group} key=${group[0].id} app=${app} group=${group}
          selection=${selection} onOpen=${setEditing} onMenu=${onMenu} />`)}</ul>
      </section>`;
    })}
    <${ContextMenu} app=${app} menu=${menu} close=${() => setMenu(null)} onOpen=${setEditing} />
  </div>`;
}
