// Activities: filters, pages of editable rows, multi-select actions (edit, merge, split, delete, export), manual entry.
import { activityRow, deleteWithUndo } from '../activityrow.js';
import { debounce, field, h, option, replaceChildren, setFieldError } from '../dom.js';
import { addDays, fromLocalInput, localDay, splitList, toLocalInput } from '../format.js';
import { exportActivities, formatSelect } from '../exporting.js';
import { fillProjects, projectSelect, tagInput } from '../pickers.js';
import { issueLinkControls } from '../jira.js';
import { emptyState, errorText, showError, toast } from '../ui.js';

const PAGE_SIZE = 50;

export function createActivitiesView(app) {
  const view = { id: 'activities', title: 'Activities' };
  const selected = new Map(); // id → activity, kept across pages
  let page = 0;
  let rows = [];
  let pendingRender = false;

  // -- filters ---------------------------------------------------------------------------
  const from = h('input', { type: 'date', value: localDay(addDays(new Date(), -30)) });
  const to = h('input', { type: 'date', value: localDay(new Date()) });
  const project = projectSelect(app, '', { blank: 'All projects' });
  project.id = 'filter-project';
  const tag = h('select', {});
  const search = h('input', { type: 'search', id: 'activity-search', placeholder: 'Name, app or window title', maxlength: '200' });
  const filterError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const fillTags = () => {
    const chosen = tag.value;
    replaceChildren(tag, option('', 'All tags', !chosen), ...app.catalogs.tags.map((t) => option(t.name, t.name, t.name === chosen)));
  };
  fillTags();
  const reload = () => { page = 0; view.refresh(); };
  for (const input of [from, to, project, tag]) input.addEventListener('change', reload);
  search.addEventListener('input', debounce(reload, 250));
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter activities', onsubmit: (e) => e.preventDefault() },
    field('From', from).field, field('To', to).field, field('Project', project).field, field('Tag', tag).field,
    field('Search', search).field, filterError);

  function filter() {
    const chosen = { limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE };
    if (from.value) chosen.startDate = from.value;
    if (to.value) chosen.endDate = to.value;
    if (project.value) chosen.projectId = project.value;
    if (tag.value) chosen.tag = tag.value;
    if (search.value.trim()) chosen.search = search.value.trim();
    return chosen;
  }

  // -- list and paging ---------------------------------------------------------------------------
  const list = h('ul', { class: 'activity-list with-select with-date', 'aria-label': 'Activities' });
  const pageLabel = h('span', { class: 'page-label', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', text: '‹ Newer', onclick: () => { page -= 1; view.refresh(); } });
  const next = h('button', { type: 'button', text: 'Older ›', onclick: () => { page += 1; view.refresh(); } });
  const selectPage = h('input', { type: 'checkbox', id: 'select-page', 'aria-label': 'Select every activity on this page' });
  selectPage.addEventListener('change', () => {
    for (const activity of rows) {
      if (selectPage.checked) selected.set(activity.id, activity);
      else selected.delete(activity.id);
    }
    renderRows();
  });

  function onSelect(id, checked) {
    const activity = rows.find((a) => a.id === id);
    if (checked) selected.set(id, activity);
    else selected.delete(id);
    renderToolbar();
  }

  function renderRows() {
    if (list.contains(document.activeElement) && document.activeElement.type !== 'checkbox') {
      pendingRender = true;
      return;
    }
    pendingRender = false;
    const shown = rows.slice(0, PAGE_SIZE);
    selectPage.checked = shown.length > 0 && shown.every((a) => selected.has(a.id));
    selectPage.indeterminate = !selectPage.checked && shown.some((a) => selected.has(a.id));
    replaceChildren(list, ...(shown.length
      ? shown.map((a) => activityRow(app, a, { withDate: true, selectable: true, selected: selected.has(a.id), onSelect,
        onChanged: (changed) => { if (selected.has(changed.id)) selected.set(changed.id, changed); app.changed(['today', 'analytics']); } }))
      : [h('li', {}, emptyState('No activities match these filters.'))]));
    prev.disabled = page === 0;
    next.disabled = rows.length <= PAGE_SIZE;
    pageLabel.textContent = shown.length ? `Page ${page + 1} · ${page * PAGE_SIZE + 1}–${page * PAGE_SIZE + shown.length}` : '';
    renderToolbar();
  }
  list.addEventListener('focusout', (event) => {
    if (pendingRender && !list.contains(event.relatedTarget)) setTimeout(renderRows);
  });

  // -- selection toolbar ---------------------------------------------------------------------------
  const toolbar = h('div', { class: 'card toolbar', role: 'region', 'aria-label': 'Selected activities', hidden: true });
  const toolbarError = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const bulkProject = projectSelect(app, '', { blank: 'Keep project', label: 'Set project of the selected activities' });
  const bulkTags = tagInput(app, [], { label: 'Set tags of the selected activities' });
  bulkTags.input.placeholder = 'Set tags';
  const splitAt = h('input', { type: 'datetime-local', id: 'split-at', step: '60' });
  const exportFormat = formatSelect('Export format of the selected activities');
  const allFormat = formatSelect('Export format of all matching activities');

  async function act(what, run) {
    toolbarError.hidden = true;
    try {
      const done = await run();
      if (done) toast(done);
      app.activitiesChanged();
    } catch (err) {
      toolbarError.textContent = `${what}: ${errorText(err)}`;
      toolbarError.hidden = false;
    }
  }

  const bulkEdit = () => act('Bulk edit', async () => {
    const updates = {};
    if (bulkProject.value) updates.projectId = bulkProject.value;
    if (bulkTags.input.value.trim()) updates.tags = splitList(bulkTags.input.value);
    if (!Object.keys(updates).length) throw new Error('choose a project or tags to set');
    await app.bridge.invoke('activity:bulkUpdate', [...selected.keys()], updates);
    toast(`${selected.size} activities updated`);
  });
  const merge = () => act('Merge', async () => {
    const merged = await app.bridge.invoke('activity:merge', [...selected.keys()]);
    selected.clear();
    toast(`Merged into “${merged.name}”`);
  });
  const split = () => act('Split', async () => {
    const [id] = selected.keys();
    const at = fromLocalInput(splitAt.value);
    if (!at) throw new Error('choose the time to split at');
    await app.bridge.invoke('activity:split', id, at);
    selected.clear();
    toast('Activity split in two');
  });
  const remove = async () => {
    const chosen = [...selected.values()];
    selected.clear();
    await deleteWithUndo(app, chosen);
  };

  function renderToolbar() {
    toolbar.hidden = selected.size === 0;
    if (!selected.size) return;
    const one = selected.size === 1 ? [...selected.values()][0] : null;
    if (one && one.endTime) {
      const middle = new Date((Date.parse(one.startTime) + Date.parse(one.endTime)) / 2).toISOString();
      splitAt.value = toLocalInput(middle);
      splitAt.min = toLocalInput(one.startTime);
      splitAt.max = toLocalInput(one.endTime);
    }
    replaceChildren(toolbar,
      h('div', { class: 'toolbar-row' },
        h('strong', { text: `${selected.size} selected` }),
        h('button', { type: 'button', class: 'link', text: 'Clear', onclick: () => { selected.clear(); renderRows(); } }),
        h('button', { type: 'button', class: 'danger', id: 'bulk-delete', text: 'Delete', onclick: remove }),
        selected.size >= 2 ? h('button', { type: 'button', id: 'merge-button', text: 'Merge', onclick: merge }) : null,
        exportFormat, h('button', { type: 'button', text: 'Export', onclick: () => exportActivities(app, [...selected.keys()], exportFormat.value) })),
      h('div', { class: 'toolbar-row' }, bulkProject, ...bulkTags.nodes,
        h('button', { type: 'button', id: 'bulk-apply', text: 'Apply to selected', onclick: bulkEdit })),
      one && one.endTime
        ? h('div', { class: 'toolbar-row' }, h('label', { for: splitAt.id, text: 'Split at' }), splitAt,
          h('button', { type: 'button', id: 'split-button', text: 'Split', onclick: split }))
        : null,
      one && app.connections.connected('jira') ? h('div', { class: 'toolbar-row' }, ...issueLinkControls(app, one, act)) : null,
      toolbarError);
  }

  // -- manual entry -------------------------------------------------------------------------------
  function manualEntry() {
    const now = new Date();
    const name = h('input', { type: 'text', maxlength: '500', required: true });
    const entryProject = projectSelect(app, 'default');
    const tags = tagInput(app, []);
    const start = h('input', { type: 'datetime-local', value: toLocalInput(new Date(now - 3600000).toISOString()), required: true });
    const end = h('input', { type: 'datetime-local', value: toLocalInput(now.toISOString()), required: true });
    const description = h('textarea', { rows: '2', maxlength: '10000' });
    const fields = { name: field('Name', name), projectId: field('Project', entryProject), tags: field('Tags', tags.input),
      startTime: field('Start', start), endTime: field('End', end), description: field('Description', description) };
    fields.tags.field.append(tags.list);
    const form = h('form', { class: 'entry-form', 'aria-label': 'Add a manual entry' },
      ...Object.values(fields).map((f) => f.field), h('button', { type: 'submit', class: 'primary', text: 'Add entry' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
      const data = { name: name.value.trim(), projectId: entryProject.value, tags: splitList(tags.input.value),
        startTime: fromLocalInput(start.value), endTime: fromLocalInput(end.value) };
      if (description.value.trim()) data.description = description.value.trim();
      try {
        await app.bridge.invoke('activity:add', data);
        name.value = '';
        description.value = '';
        toast('Entry added');
        app.activitiesChanged();
      } catch (err) {
        const named = Object.keys(fields).find((key) => err.message.startsWith(key)) || 'name';
        setFieldError(fields[named].input, fields[named].error, err.message);
      }
    });
    return h('details', { class: 'card manual-entry' }, h('summary', { text: 'Add a manual entry' }), form);
  }

  view.refresh = async () => {
    try {
      rows = await app.bridge.invoke('activity:getFiltered', filter());
      filterError.hidden = true;
    } catch (err) {
      filterError.textContent = errorText(err);
      filterError.hidden = false;
      rows = [];
    }
    for (const activity of rows) if (selected.has(activity.id)) selected.set(activity.id, activity);
    renderRows();
  };
  view.focusSearch = () => search.focus();
  app.catalogs.onChange(() => { fillProjects(app, project, null, 'All projects'); fillProjects(app, bulkProject, null, 'Keep project'); fillTags(); });

  const heading = h('h1', { id: 'activities-heading', text: 'Activities' });
  view.el = h('section', { class: 'view', id: 'view-activities', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('div', { class: 'header-actions' }, allFormat,
        h('button', { type: 'button', text: 'Export all matching', onclick: () => exportAll() }))),
    filters, manualEntry(), toolbar,
    h('div', { class: 'list-head' }, h('label', { class: 'check' }, selectPage, ' Select page'), pageLabel, h('span', { class: 'spacer' }), prev, next),
    list);

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
