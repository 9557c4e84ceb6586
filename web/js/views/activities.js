// Activities: filters, the entry list by day with a fixed selection bar (edit, merge with undo, export, delete with
// undo), quick entry and a manual-entry form whose time fields take what people type.
import { debounce, field, h, option, replaceChildren, setFieldError } from '../dom.js';
import { EntryList } from '../entries.js';
import { addDays, clockText, localDay, splitList } from '../format.js';
import { exportActivities, formatSelect } from '../exporting.js';
import { issueLinkControls } from '../jira.js';
import { html, render, useLayoutEffect, useRef, useState } from '../lib.js';
import { ProjectPicker, projectSelect } from '../pickers.js';
import { presetSelect } from '../presets.js';
import { createAmountsSection } from '../amounts.js';
import { QuickEntry, quickExamples } from '../quickentry.js';
import { parseClockInput } from '../timeinput.js';
import { errorText, showError, toast } from '../ui.js';
import { deleteWithUndo, mergeWithUndo } from '../undo.js';
import { plural } from '../words.js';
import { fieldOf } from '../entryeditor.js';

const BAR_MARGIN = 22; // the bar's distance from the window's bottom edge and a gap above it
const PAGE_SIZE = 100;

export function createActivitiesView(app) {
  const view = { id: 'activities', title: 'Activities' };
  const selected = new Map(); // id → activity, kept across pages
  let page = 0;
  let rows = [];

  // -- filters ---------------------------------------------------------------------------
  const from = h('input', { type: 'date', value: localDay(addDays(new Date(), -30)) });
  const to = h('input', { type: 'date', value: localDay(new Date()) });
  const project = projectSelect(app, '', { blank: 'All projects' });
  project.id = 'filter-project';
  const client = h('select', { id: 'filter-client' });
  const fillClients = () => {
    const chosen = client.value;
    replaceChildren(client, option('', 'All clients', !chosen), option('none', 'No client', chosen === 'none'),
      ...app.catalogs.clients.map((c) => option(c.id, c.isArchived ? `${c.name} (archived)` : c.name, c.id === chosen)));
  };
  fillClients();
  const tag = h('select', {});
  const search = h('input', { type: 'search', id: 'activity-search', placeholder: 'Name, app or window title', maxlength: '200' });
  const filterError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const fillTags = () => {
    const chosen = tag.value;
    replaceChildren(tag, option('', 'All tags', !chosen), ...app.catalogs.tags.map((t) => option(t.name, t.name, t.name === chosen)));
  };
  fillTags();
  const reload = () => { page = 0; view.refresh(); };
  app.catalogs.onChange((area) => { if (area === 'tag') fillTags(); if (area === 'client') { fillClients(); amounts.refresh(); } });
  for (const input of [from, to, project, client, tag]) input.addEventListener('change', reload);
  search.addEventListener('input', debounce(reload, 250));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter activities', onsubmit: (e) => e.preventDefault() },
    field('Period', presetSelect(app, from, to)).field, field('From', from).field, field('To', to).field, field('Project', project).field, field('Client', client).field, field('Tag', tag).field,
    field('Search', search).field, filterError);

  function filter() {
    const chosen = { limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE };
    if (from.value) chosen.startDate = from.value;
    if (to.value) chosen.endDate = to.value;
    if (project.value) chosen.projectId = project.value;
    if (client.value) chosen.clientId = client.value === 'none' ? null : client.value;
    if (tag.value) chosen.tag = tag.value;
    if (search.value.trim()) chosen.search = search.value.trim();
    return chosen;
  }

  // -- list, paging and the selection bar ------------------------------------------------------
  const listRoot = h('div', { class: 'activities-root' });
  const selection = {
    has: (id) => selected.has(id),
    toggle(activity, on) {
      if (on) selected.set(activity.id, activity);
      else selected.delete(activity.id);
      renderList();
    },
  };

  function DomSlot({ nodes }) {
    const slot = useRef(null);
    useLayoutEffect(() => { slot.current.replaceChildren(...nodes); }, [nodes]);
    return html`<span class="dom-slot" ref=${slot}></span>`;
  }

  // the Jira field keeps what is typed in it across redraws of the bar, as long as the same activity is selected
  let jira = { id: null, nodes: [] };
  function jiraControls(activity, act) {
    if (jira.id !== activity.id) jira = { id: activity.id, nodes: issueLinkControls(app, activity, act) };
    return jira.nodes;
  }

  /** End the scrolling list above the floating bar while it shows: no row is ever under it, and none moves. */
  function useRoomForBar(bar, shown) {
    useLayoutEffect(() => {
      const main = listRoot.closest('main');
      if (!shown || !bar.current || !main) return undefined;
      const room = () => (bar.current.offsetHeight ? bar.current.offsetHeight + BAR_MARGIN : 0); // 0: another view shows
      const observer = new ResizeObserver(() => main.style.setProperty('--selection-bar-room', `${room()}px`));
      observer.observe(bar.current);
      return () => { observer.disconnect(); main.style.removeProperty('--selection-bar-room'); };
    }, [shown]);
  }

  function SelectionBar() {
    const [projectId, setProjectId] = useState('');
    const [tags, setTags] = useState('');
    const [format, setFormat] = useState('csv');
    const [error, setError] = useState('');
    const bar = useRef(null);
    useRoomForBar(bar, selected.size > 0);
    if (!selected.size) return null;
    const ids = [...selected.keys()];
    const act = async (what, run) => {
      setError('');
      try {
        const done = await run();
        if (done) toast(done);
        await app.activitiesChanged();
      } catch (err) {
        setError(`${what}: ${errorText(err)}`);
      }
    };
    const apply = () => act('Set', async () => {
      const updates = {};
      if (projectId) updates.projectId = projectId;
      if (tags.trim()) updates.tags = splitList(tags);
      if (!Object.keys(updates).length) throw new Error('choose a project or tags to set');
      await app.bridge.invoke('activity:bulkUpdate', ids, updates);
      return `${plural(ids.length, 'activity', 'activities')} updated`;
    });
    const merge = () => act('Merge', async () => { await mergeWithUndo(app, ids); clearSelection(); });
    const remove = async () => { const chosen = [...selected.values()]; clearSelection(); await deleteWithUndo(app, chosen); };
    const one = ids.length === 1 ? selected.get(ids[0]) : null;
    return html`<div class="selection-bar" role="region" aria-label="Selected activities" ref=${bar}>
      <div class="bar-row">
        <strong class="bar-count">${plural(ids.length, 'selected', 'selected')}</strong>
        <button type="button" class="link" onClick=${clearSelection}>Clear</button>
        <${ProjectPicker} app=${app} id="bulk-project" value=${projectId} onChange=${setProjectId} blank="Keep project"
          label="Set project of the selected activities" />
        <input type="text" id="bulk-tags" class="tag-input" placeholder="Set tags" aria-label="Set tags of the selected activities"
          value=${tags} onInput=${(e) => setTags(e.currentTarget.value)} />
        <button type="button" id="bulk-apply" onClick=${apply}>Apply</button>
        <button type="button" id="merge-button" disabled=${ids.length < 2} title="Merge into one activity (undo in the toast)"
          onClick=${merge}>Merge</button>
        <select aria-label="Export format of the selected activities" value=${format} onChange=${(e) => setFormat(e.currentTarget.value)}>
          ${app.exportFormats.map((f) => html`<option value=${f.id}>${f.label}</option>`)}
        </select>
        <button type="button" onClick=${() => exportActivities(app, ids, format)}>Export</button>
        <button type="button" class="danger" id="bulk-delete" onClick=${remove}>Delete</button>
      </div>
      ${one && app.connections.connected('jira') ? html`<div class="bar-row"><${DomSlot} nodes=${jiraControls(one, act)} /></div>` : null}
      ${error ? html`<p class="field-error" role="alert">${error}</p>` : null}
    </div>`;
  }

  const allFormat = formatSelect(app, 'Export format of all matching activities');
  const pageLabel = h('span', { class: 'page-label', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', text: '‹ Newer', onclick: () => { page -= 1; view.refresh(); } });
  const next = h('button', { type: 'button', text: 'Older ›', onclick: () => { page += 1; view.refresh(); } });
  const selectPage = h('input', { type: 'checkbox', id: 'select-page', 'aria-label': 'Select every activity on this page' });
  selectPage.addEventListener('change', () => {
    for (const activity of rows.slice(0, PAGE_SIZE)) {
      if (selectPage.checked) selected.set(activity.id, activity);
      else selected.delete(activity.id);
    }
    renderList();
  });

  function clearSelection() {
    selected.clear();
    renderList();
  }

  function renderList() {
    const shown = rows.slice(0, PAGE_SIZE);
    selectPage.checked = shown.length > 0 && shown.every((a) => selected.has(a.id));
    selectPage.indeterminate = !selectPage.checked && shown.some((a) => selected.has(a.id));
    prev.disabled = page === 0;
    next.disabled = rows.length <= PAGE_SIZE;
    pageLabel.textContent = shown.length ? `Page ${page + 1} · ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length}` : '';
    render(html`<${EntryList} app=${app} activities=${shown} selection=${selection} empty="No activities match these filters." />
      <${SelectionBar} />`, listRoot);
  }

  // -- manual entry: the quick line, or the fields one by one ----------------------------------------
  function manualEntry() {
    const lineRoot = h('div', { class: 'manual-line' });
    // drawn again at each opening: its examples follow the clock setting, which may have changed meanwhile
    const drawLine = () => render(html`<${QuickEntry} app=${app} id="manual-line" submitLabel="Add entry"
      placeholder=${quickExamples(app.hour12)} />`, lineRoot);
    drawLine();
    const name = h('input', { type: 'text', maxlength: '500', required: true });
    const entryProject = projectSelect(app, 'default');
    entryProject.id = 'manual-project';
    const tags = h('input', { type: 'text', class: 'tag-input', placeholder: 'tag, tag' });
    const start = h('input', { type: 'text', id: 'manual-start', placeholder: '9:00, 2pm, yesterday 14:00', required: true });
    const end = h('input', { type: 'text', id: 'manual-end', placeholder: '10:30, 3pm', required: true });
    const description = h('textarea', { rows: '2', maxlength: '10000' });
    const fields = { name: field('Name', name), project: field('Project', entryProject), tags: field('Tags', tags),
      start: field('Start', start, 'A time (14:00, 2pm) or a day and time (yesterday 9:15, 2026-11-28 9:00)'),
      end: field('End', end), description: field('Description', description) };
    const freshTimes = () => {
      const now = new Date();
      now.setMinutes(now.getMinutes() - (now.getMinutes() % 5), 0, 0);
      start.value = clockText(new Date(now - 3600000).toISOString(), app.hour12);
      end.value = clockText(now.toISOString(), app.hour12);
    };
    const form = h('form', { class: 'entry-form', 'aria-label': 'Add a manual entry' },
      ...Object.values(fields).map((f) => f.field), h('button', { type: 'submit', class: 'primary', text: 'Add entry' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
      const from = parseClockInput(start.value, new Date());
      if (!from) return setFieldError(start, fields.start.error, 'Type a time such as 9:30, 14:00 or 2pm.');
      let to = parseClockInput(end.value, from);
      if (!to) return setFieldError(end, fields.end.error, 'Type a time such as 10:30, 17:00 or 5pm.');
      if (to <= from) to = new Date(to.getTime() + 86400000);
      const data = { name: name.value.trim(), projectId: entryProject.value, tags: splitList(tags.value),
        startTime: from.toISOString(), endTime: to.toISOString() };
      if (description.value.trim()) data.description = description.value.trim();
      try {
        await app.bridge.invoke('activity:add', data);
        name.value = '';
        description.value = '';
        toast('Entry added');
        await app.activitiesChanged();
      } catch (err) {
        const named = fields[fieldOf(err.message)] || fields.name;
        setFieldError(named.input, named.error, errorText(err));
      }
      return undefined;
    });
    const details = h('details', { class: 'card manual-entry' }, h('summary', { text: 'Add a manual entry' }), lineRoot, form);
    details.addEventListener('toggle', () => {
      if (!details.open) return;
      freshTimes();
      drawLine();
    });
    return details;
  }

  const amounts = createAmountsSection(app, () => app.bridge.invoke('activity:getFiltered', { ...filter(), limit: 10000, offset: 0 }));

  view.refresh = async () => {
    amounts.refresh().catch((err) => showError(err, 'The amounts could not be read'));
    try {
      rows = await app.bridge.invoke('activity:getFiltered', filter());
      filterError.hidden = true;
    } catch (err) {
      filterError.textContent = errorText(err);
      filterError.hidden = false;
      rows = [];
    }
    for (const activity of rows) if (selected.has(activity.id)) selected.set(activity.id, activity);
    renderList();
  };
  view.focusSearch = () => search.focus();

  const heading = h('h1', { id: 'activities-heading', text: 'Activities' });
  view.el = h('section', { class: 'view', id: 'view-activities', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('div', { class: 'header-actions' }, allFormat,
        h('button', { type: 'button', text: 'Export all matching', onclick: () => exportAll() }))),
    filters, amounts.el, manualEntry(),
    h('div', { class: 'list-head' }, h('label', { class: 'check' }, selectPage, ' Select page'), pageLabel, h('span', { class: 'spacer' }), prev, next),
    listRoot);

  async function exportAll() {
    try {
      const chosen = { ...filter(), limit: 10000, offset: 0 };
      const all = await app.bridge.invoke('activity:getFiltered', chosen);
      if (!all.length) {
        toast('Nothing to export with these filters.');
        return;
      }
      await exportActivities(app, all.map((a) => a.id), allFormat.value);
    } catch (err) {
      showError(err, 'Export failed');
    }
  }
  return view;
}
