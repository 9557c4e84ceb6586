// Projects: colour, client, budget with progress, hourly rate, archive; and the Clients section.
import { h, replaceAroundFocus, replaceChildren } from '../dom.js';
import { addDays, duration, hours, localDay, money } from '../format.js';
import { clientPicker, createClientsSection } from '../clients.js';
import { checked, createForm, deleteButton, numberOrNull, recordField, textOrNull } from '../records.js';
import { emptyState, errorText, progressBar, toast } from '../ui.js';
import { plural } from '../words.js';

const HISTORY_DAYS = 3650;

export function createProjectsView(app) {
  const view = { id: 'projects', title: 'Projects' };
  const list = h('div', { class: 'card-grid', 'aria-label': 'Projects', role: 'list' });
  const showArchived = h('input', { type: 'checkbox', id: 'show-archived' });
  let tracked = null; // project id -> ms over the last ten years, once read

  const upper = (input) => input.value.trim().toUpperCase();
  const newClient = clientPicker(app, null);
  // the form sends the client by name: a listed one is found, a typed one made with the project
  const clientName = () => {
    const change = newClient.read();
    return 'client' in change ? change.client : app.catalogs.client(change.clientId)?.name ?? null;
  };
  const clients = createClientsSection(app);
  const form = createForm(app, 'project', 'Add project', [
    ['name', 'Name', h('input', { type: 'text', maxlength: '200', required: true })],
    ['color', 'Colour', h('input', { type: 'color', value: '#3f51b5' })],
    ['client', 'Client', newClient, clientName],
    ['budgetHours', 'Budget (hours)', h('input', { type: 'number', min: '0', step: '0.5' }), numberOrNull],
    ['hourlyRate', 'Hourly rate', h('input', { type: 'number', min: '0', step: '0.01' }), numberOrNull],
  ], () => newClient.reset());

  /** The project a same-named one should fold into: the oldest of the twins (two devices made them offline). */
  function keeperOf(project) {
    const twins = app.catalogs.projects.filter((p) => p.name.toLowerCase() === project.name.toLowerCase());
    if (twins.length < 2) return null;
    const keeper = [...twins].sort((a, b) => (a.createdAt || '').localeCompare(b.createdAt || '') || a.id.localeCompare(b.id))[0];
    return keeper.id === project.id || project.id === 'default' ? null : keeper;
  }

  async function merge(source, target, note) {
    try {
      const done = await app.bridge.invoke('project:merge', source.id, target.id);
      const moved = done.moved;
      toast(`Merged “${source.name}” into “${target.name}”: ${plural(moved.activities, 'activity', 'activities')}`
        + `${moved.goals ? `, ${plural(moved.goals, 'goal', 'goals')}` : ''}${moved.rules ? `, ${plural(moved.rules, 'rule', 'rules')}` : ''} moved.`);
    } catch (err) {
      note.textContent = errorText(err);
    }
  }

  /** "Merge into…": pick another project, then confirm; everything of this one moves there and it is deleted. */
  function mergeControl(project) {
    const box = h('div', { class: 'merge-control' });
    const error = h('p', { class: 'field-error', role: 'alert' });
    const closed = () => replaceChildren(box, h('button', { type: 'button', class: 'small', text: 'Merge into…', onclick: open }), error);
    function open() {
      const others = app.catalogs.projects.filter((p) => p.id !== project.id);
      const select = h('select', { 'aria-label': `Merge ${project.name} into` },
        ...others.map((p) => h('option', { value: p.id, text: p.name })));
      const target = () => others.find((p) => p.id === select.value);
      replaceChildren(box, select,
        h('button', { type: 'button', class: 'danger small', text: 'Merge', onclick: () => merge(project, target(), error) }),
        h('button', { type: 'button', class: 'small', text: 'Cancel', onclick: closed }), error);
      select.focus();
    }
    closed();
    return box;
  }

  function duplicateNote(project) {
    const keeper = keeperOf(project);
    if (!keeper) return null;
    const error = h('span', { class: 'field-error', role: 'alert' });
    return h('p', { class: 'duplicate-note', role: 'note' },
      'Another project has this name (made on two devices while offline). ',
      h('button', { type: 'button', class: 'small primary', text: 'Merge into it', onclick: () => merge(project, keeper, error) }),
      ' ', error);
  }

  async function saveClient(project, change) {
    const saved = await app.bridge.invoke('project:update', project.id, change);
    app.store.applyRecord('project', saved);
    return saved;
  }

  function card(project) {
    const spent = tracked?.get(project.id) || 0;
    const budget = tracked && project.budgetHours ? progressBar(hours(spent), project.budgetHours, `Budget used by ${project.name}`, { overIsBad: true }) : null;
    const earned = project.hourlyRate ? money(hours(spent) * project.hourlyRate, project.currency) : null;
    return h('article', { class: `card project-card${project.isArchived ? ' archived' : ''}`, role: 'listitem', dataset: { id: project.id } },
      h('div', { class: 'card-head' },
        recordField(app, 'project', project, 'color', 'Colour', h('input', { type: 'color', value: project.color || '#00bcd4' }), (i) => i.value),
        recordField(app, 'project', project, 'name', 'Name', h('input', { type: 'text', value: project.name, maxlength: '200' }), textOrNull)),
      h('div', { class: 'card-fields' },
        clientPicker(app, project.clientId, { label: 'Client', pick: (change) => saveClient(project, change) }).field,
        recordField(app, 'project', project, 'budgetHours', 'Budget (h)', h('input', { type: 'number', min: '0', step: '0.5', value: project.budgetHours ?? '' }), numberOrNull),
        recordField(app, 'project', project, 'hourlyRate', 'Hourly rate', h('input', { type: 'number', min: '0', step: '0.01', value: project.hourlyRate ?? '' }), numberOrNull),
        recordField(app, 'project', project, 'currency', 'Currency', h('input', { type: 'text', value: project.currency || 'USD', maxlength: '3', size: '4' }), upper)),
      tracked ? h('p', { class: 'project-figures' }, `${duration(spent)} tracked`,
        project.budgetHours ? ` of ${project.budgetHours} h budget` : '', earned ? ` · ${earned} billable` : '')
        : h('p', { class: 'project-figures muted', text: 'Counting tracked time…' }),
      budget,
      duplicateNote(project),
      h('div', { class: 'card-actions' },
        h('label', { class: 'check' }, archiveBox(project), ' Archived'),
        project.id === 'default' ? null : mergeControl(project),
        project.id === 'default' ? null : deleteButton(app, 'project', project)));
  }

  function archiveBox(project) {
    const box = h('input', { type: 'checkbox', checked: Boolean(project.isArchived) });
    box.addEventListener('change', async () => {
      await app.bridge.invoke('project:update', project.id, { isArchived: checked(box) });
    });
    return box;
  }

  // A card is built again only when what it shows changed: choosing one project's client redraws that card, not all.
  const cards = new Map();
  function shownCard(project) {
    const key = [project, Boolean(tracked), tracked?.get(project.id), app.catalogs.clients, keeperOf(project)?.id];
    const known = cards.get(project.id);
    if (known && key.every((part, index) => part === known.key[index])) return known.el;
    const el = card(project);
    cards.set(project.id, { key, el });
    return el;
  }

  function render() {
    const shown = app.catalogs.projects.filter((p) => showArchived.checked || !p.isArchived);
    replaceAroundFocus(list, shown, shownCard, emptyState('No projects yet.'));
    for (const id of [...cards.keys()].filter((known) => !shown.some((p) => p.id === known))) cards.delete(id);
    clients.render();
  }

  // The cards and clients come from the store at once; the tracked totals (years of data) fill in when read.
  view.refresh = async () => {
    render();
    const today = new Date();
    const analysis = await app.bridge.invoke('analytics:getProductivityAnalysis', localDay(addDays(today, -HISTORY_DAYS)), localDay(today));
    tracked = new Map((analysis.projectDistribution || []).map((row) => [row.projectId, row.duration]));
    render();
    list.dataset.tracked = 'read';
  };
  showArchived.addEventListener('change', render);
  app.catalogs.onChange((area) => {
    if ((area === 'project' || area === 'client') && app.current === view) render();
    else app.stale.add(view.id);
  });

  const heading = h('h1', { id: 'projects-heading', text: 'Projects' });
  view.el = h('section', { class: 'view', id: 'view-projects', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, h('label', { class: 'check' }, showArchived, ' Show archived')),
    form, clients.el, list);
  return view;
}
