// Projects: colour, client, budget with progress, hourly rate, archive.
import { h, replaceChildren } from '../dom.js';
import { addDays, duration, hours, localDay, money } from '../format.js';
import { checked, createForm, deleteButton, numberOrNull, recordField, textOrNull } from '../records.js';
import { emptyState, progressBar } from '../ui.js';

const HISTORY_DAYS = 3650;

export function createProjectsView(app) {
  const view = { id: 'projects', title: 'Projects' };
  const list = h('div', { class: 'card-grid', 'aria-label': 'Projects', role: 'list' });
  const showArchived = h('input', { type: 'checkbox', id: 'show-archived' });
  let tracked = new Map();

  const upper = (input) => input.value.trim().toUpperCase();
  const form = createForm(app, 'project', 'Add project', [
    ['name', 'Name', h('input', { type: 'text', maxlength: '200', required: true })],
    ['color', 'Colour', h('input', { type: 'color', value: '#3f51b5' })],
    ['client', 'Client', h('input', { type: 'text', maxlength: '200' })],
    ['budgetHours', 'Budget (hours)', h('input', { type: 'number', min: '0', step: '0.5' }), numberOrNull],
    ['hourlyRate', 'Hourly rate', h('input', { type: 'number', min: '0', step: '0.01' }), numberOrNull],
  ]);

  function card(project) {
    const spent = tracked.get(project.id) || 0;
    const budget = project.budgetHours ? progressBar(hours(spent), project.budgetHours, `Budget used by ${project.name}`, { overIsBad: true }) : null;
    const earned = project.hourlyRate ? money(hours(spent) * project.hourlyRate, project.currency) : null;
    return h('article', { class: `card project-card${project.isArchived ? ' archived' : ''}`, role: 'listitem', dataset: { id: project.id } },
      h('div', { class: 'card-head' },
        recordField(app, 'project', project, 'color', 'Colour', h('input', { type: 'color', value: project.color || '#00bcd4' }), (i) => i.value),
        recordField(app, 'project', project, 'name', 'Name', h('input', { type: 'text', value: project.name, maxlength: '200' }), textOrNull)),
      h('div', { class: 'card-fields' },
        recordField(app, 'project', project, 'client', 'Client', h('input', { type: 'text', value: project.client || '', maxlength: '200' })),
        recordField(app, 'project', project, 'budgetHours', 'Budget (h)', h('input', { type: 'number', min: '0', step: '0.5', value: project.budgetHours ?? '' }), numberOrNull),
        recordField(app, 'project', project, 'hourlyRate', 'Hourly rate', h('input', { type: 'number', min: '0', step: '0.01', value: project.hourlyRate ?? '' }), numberOrNull),
        recordField(app, 'project', project, 'currency', 'Currency', h('input', { type: 'text', value: project.currency || 'USD', maxlength: '3', size: '4' }), upper)),
      h('p', { class: 'project-figures' }, `${duration(spent)} tracked`,
        project.budgetHours ? ` of ${project.budgetHours} h budget` : '', earned ? ` · ${earned} billable` : ''),
      budget,
      h('div', { class: 'card-actions' },
        h('label', { class: 'check' }, archiveBox(project), ' Archived'),
        project.id === 'default' ? null : deleteButton(app, 'project', project)));
  }

  function archiveBox(project) {
    const box = h('input', { type: 'checkbox', checked: Boolean(project.isArchived) });
    box.addEventListener('change', async () => {
      await app.bridge.invoke('project:update', project.id, { isArchived: checked(box) });
    });
    return box;
  }

  function render() {
    const shown = app.catalogs.projects.filter((p) => showArchived.checked || !p.isArchived);
    replaceChildren(list, ...(shown.length ? shown.map(card) : [emptyState('No projects yet.')]));
  }

  view.refresh = async () => {
    const today = new Date();
    const analysis = await app.bridge.invoke('analytics:getProductivityAnalysis', localDay(addDays(today, -HISTORY_DAYS)), localDay(today));
    tracked = new Map((analysis.projectDistribution || []).map((row) => [row.projectId, row.duration]));
    render();
  };
  showArchived.addEventListener('change', render);
  app.catalogs.onChange((area) => { if (area === 'project' && app.current === view) render(); else app.stale.add(view.id); });

  const heading = h('h1', { id: 'projects-heading', text: 'Projects' });
  view.el = h('section', { class: 'view', id: 'view-projects', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, h('label', { class: 'check' }, showArchived, ' Show archived')),
    form, list);
  return view;
}
