// Goals: daily/weekly/monthly/project targets with their progress in the current period.
import { h, option, replaceChildren } from '../dom.js';
import { duration } from '../format.js';
import { projectSelect } from '../pickers.js';
import { checked, createForm, deleteButton, numberOrNull, recordField } from '../records.js';
import { emptyState, progressBar } from '../ui.js';

const TYPES = [['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['project', 'Project']];
const TARGETS = [['hours', 'Hours'], ['activities', 'Activities done'], ['productivity', 'Productivity %']];
const UNITS = { hours: 'h', activities: 'activities', productivity: '%' };

/** 0:45 of 1:30 (hours written as every duration is), 3 of 5 activities, 72% of 80%. */
function figures(goal, current) {
  if (goal.targetType === 'hours') return `${duration(current * 3600000)} of ${duration(goal.targetValue * 3600000)}`;
  if (goal.targetType === 'productivity') return `${Math.round(current)}% of ${goal.targetValue}%`;
  return `${current} of ${goal.targetValue} ${UNITS[goal.targetType] || ''}`.trim();
}

export function createGoalsView(app) {
  const view = { id: 'goals', title: 'Goals' };
  const list = h('div', { class: 'card-grid', role: 'list', 'aria-label': 'Goals' });
  const select = (choices, value) => h('select', {}, ...choices.map(([v, text]) => option(v, text, v === value)));
  const plainValue = (input) => input.value || null;

  const typeInput = select(TYPES, 'daily');
  const goalProject = projectSelect(app, '', { blank: 'Any project' });
  const form = createForm(app, 'goal', 'Add goal', [
    ['name', 'Goal', h('input', { type: 'text', maxlength: '200', required: true, placeholder: 'Deep work' })],
    ['type', 'Period', typeInput, plainValue],
    ['targetType', 'Measure', select(TARGETS, 'hours'), plainValue],
    ['targetValue', 'Target', h('input', { type: 'number', min: '0.01', step: 'any', required: true, value: '4' }), numberOrNull],
    ['projectId', 'Project', goalProject, plainValue],
  ]);

  function card(goal, progress) {
    const unit = UNITS[goal.targetType];
    const current = progress ? progress.currentValue : null;
    const active = h('input', { type: 'checkbox', checked: goal.isActive !== false });
    active.addEventListener('change', () => app.bridge.invoke('goal:update', goal.id, { isActive: checked(active) }));
    const project = goal.projectId ? app.catalogs.projectName(goal.projectId) : null;
    return h('article', { class: `card goal-card${progress?.isCompleted ? ' done' : ''}`, role: 'listitem' },
      h('div', { class: 'card-head' }, h('h3', { text: goal.name }),
        h('span', { class: 'muted', text: `${TYPES.find(([v]) => v === goal.type)?.[1] || goal.type}${project ? ` · ${project}` : ''}` })),
      current === null
        ? h('p', { class: 'muted', text: goal.isActive === false ? 'Inactive' : 'Progress is not available.' })
        : [progressBar(current, goal.targetValue, `Progress of ${goal.name}`),
          h('p', { class: 'goal-figures', text: `${figures(goal, current)}${progress.isCompleted ? ' — reached' : ''}` })],
      h('div', { class: 'card-fields' },
        recordField(app, 'goal', goal, 'targetValue', `Target (${unit})`, h('input', { type: 'number', min: '0.01', step: 'any', value: goal.targetValue }), numberOrNull)),
      h('div', { class: 'card-actions' }, h('label', { class: 'check' }, active, ' Active'), deleteButton(app, 'goal', goal)));
  }

  view.refresh = async () => {
    const [goals, progress] = await Promise.all([app.bridge.invoke('goal:getAll'), app.optional('goal:getProgress')]);
    const byId = new Map((progress || []).map((p) => [p.goalId, p]));
    replaceChildren(list, ...(goals.length ? goals.map((g) => card(g, byId.get(g.id))) : [emptyState('No goals yet: add one above.')]));
  };
  for (const verb of ['created', 'updated', 'deleted']) app.bridge.on(`goal:${verb}`, () => app.changed(['goals']));

  const heading = h('h1', { id: 'goals-heading', text: 'Goals' });
  view.el = h('section', { class: 'view', id: 'view-goals', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading), form, list);
  return view;
}
