// Goals: daily, weekly, monthly and project targets as cards to read (scope, progress in the current period); a card
// or "New goal" opens the goal's editor (name, period, measure, target, project, active; delete after a second click).
import { h } from '../dom.js';
import { html, render, signal, useState, useValue } from '../lib.js';
import { Armed, FieldError, changed, deleteRecord, fieldFor, Popover } from '../editing.js';
import { duration } from '../format.js';
import { parseDurationInput } from '../timeinput.js';
import { errorText, toast } from '../ui.js';

const TYPES = [['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['project', 'Whole project']];
const MEASURES = [['hours', 'Hours'], ['activities', 'Activities done'], ['productivity', 'Productivity %']];
const FIELDS = [[/^name/i, 'name'], [/^type/i, 'type'], [/targetType/, 'measure'], [/targetValue/, 'target'],
  [/projectId|project/i, 'project']];
const HOUR_MS = 3600000;

/** 0:45 of 1:30 (hours written as every duration is), 3 of 5 activities, 72% of 80%. */
function figures(goal, current) {
  if (goal.targetType === 'hours') return `${duration(current * HOUR_MS)} of ${duration(goal.targetValue * HOUR_MS)}`;
  if (goal.targetType === 'productivity') return `${Math.round(current)}% of ${goal.targetValue}%`;
  return `${current} of ${goal.targetValue} activities`;
}

/** The target as typed: hours as 4, 1.5, 1:30, 1h30 or 90m; a count or a percentage as a number. */
function targetOf(text, measure) {
  const value = String(text).trim().replace(',', '.');
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const ms = measure === 'hours' ? parseDurationInput(value) : null;
  return ms ? ms / HOUR_MS : null;
}

const TARGET_HELP = { hours: 'Type hours such as 4, 1.5 or 1:30.', activities: 'Type a number of activities, such as 5.',
  productivity: 'Type a percentage, such as 80.' };

function GoalEditor({ app, goal, close }) {
  const projects = useValue(app.store.projects);
  const [form, setForm] = useState(() => ({
    name: goal?.name || '', type: goal?.type || 'daily', measure: goal?.targetType || 'hours', projectId: goal?.projectId || '',
    target: goal ? (goal.targetType === 'hours' ? duration(goal.targetValue * HOUR_MS) : String(goal.targetValue)) : '4',
    active: goal ? goal.isActive !== false : true,
  }));
  const [errors, setErrors] = useState({});
  const set = (key) => (event) => setForm({ ...form, [key]: event.currentTarget.type === 'checkbox' ? event.currentTarget.checked : event.currentTarget.value });
  const invalid = (key) => (errors[key] ? 'true' : undefined);

  async function save(event) {
    event.preventDefault();
    const targetValue = targetOf(form.target, form.measure);
    if (targetValue === null) return setErrors({ target: TARGET_HELP[form.measure] });
    if (form.type === 'project' && !form.projectId) return setErrors({ project: 'Pick the project this goal is for.' });
    const wanted = { name: form.name.trim(), type: form.type, targetType: form.measure, targetValue,
      projectId: form.projectId || null, isActive: form.active };
    try {
      if (goal) {
        const changes = changed(goal, wanted);
        if (Object.keys(changes).length) await app.bridge.invoke('goal:update', goal.id, changes);
      } else {
        const made = await app.bridge.invoke('goal:create', Object.fromEntries(Object.entries(wanted).filter(([, v]) => v !== null)));
        toast(`Goal “${made.name}” added`);
      }
      close();
    } catch (err) {
      setErrors({ [fieldFor(err, FIELDS)]: errorText(err) });
    }
    return undefined;
  }

  const remove = () => deleteRecord(app, 'goal', goal, { close, fail: (form) => setErrors({ form }),
    what: `Goal “${goal.name}”` });

  const pickable = projects.filter((p) => !p.isArchived || p.id === form.projectId);
  const unit = { hours: 'hours', activities: 'activities', productivity: '%' }[form.measure];
  return html`<${Popover} class="goal-editor" label=${goal ? `Edit goal ${goal.name}` : 'New goal'} onSubmit=${save}
      close=${close} errors=${errors}>
    <h2 class="popover-title">${goal ? 'Goal' : 'New goal'}</h2>
    <div class="field">
      <label for="goal-name">Name</label>
      <input id="goal-name" type="text" maxlength="200" placeholder="Deep work" value=${form.name} onInput=${set('name')}
        aria-invalid=${invalid('name')} />
      <${FieldError} id="goal-name" error=${errors.name} />
    </div>
    <div class="field-row">
      <div class="field">
        <label for="goal-type">Period</label>
        <select id="goal-type" value=${form.type} onChange=${set('type')} aria-invalid=${invalid('type')}>
          ${TYPES.map(([value, label]) => html`<option key=${value} value=${value}>${label}</option>`)}
        </select>
        <${FieldError} id="goal-type" error=${errors.type} />
      </div>
      <div class="field">
        <label for="goal-measure">Measure</label>
        <select id="goal-measure" value=${form.measure} onChange=${set('measure')} aria-invalid=${invalid('measure')}>
          ${MEASURES.map(([value, label]) => html`<option key=${value} value=${value}>${label}</option>`)}
        </select>
        <${FieldError} id="goal-measure" error=${errors.measure} />
      </div>
      <div class="field">
        <label for="goal-target">Target (${unit})</label>
        <input id="goal-target" type="text" inputmode="decimal" value=${form.target} onInput=${set('target')}
          aria-invalid=${invalid('target')} />
        <${FieldError} id="goal-target" error=${errors.target} />
      </div>
    </div>
    <div class="field">
      <label for="goal-project">Project</label>
      <select id="goal-project" value=${form.projectId} onChange=${set('projectId')} aria-invalid=${invalid('project')}>
        <option value="">${form.type === 'project' ? 'Pick a project' : 'Any project'}</option>
        ${pickable.map((p) => html`<option key=${p.id} value=${p.id}>${p.isArchived ? `${p.name} (archived)` : p.name}</option>`)}
      </select>
      <${FieldError} id="goal-project" error=${errors.project} />
    </div>
    ${goal ? html`<label class="check"><input type="checkbox" id="goal-active" checked=${form.active} onChange=${set('active')} />
      Active</label>` : null}
    <${FieldError} error=${errors.form} />
    <div class="popover-actions">
      ${goal ? html`<${Armed} class="danger" id="goal-delete" label="Delete" confirm="Really delete?" run=${remove} />` : null}
      <span class="spacer"></span>
      <button type="button" onClick=${close}>Cancel</button>
      <button type="submit" class="primary" id="goal-save">${goal ? 'Save' : 'Add goal'}</button>
    </div>
  <//>`;
}

function GoalCard({ app, goal, progress, open }) {
  const current = progress ? progress.currentValue : null;
  const project = goal.projectId ? app.catalogs.project(goal.projectId) : null;
  const period = TYPES.find(([v]) => v === goal.type)?.[1] || goal.type;
  const ratio = current === null ? 0 : current / goal.targetValue;
  const percent = Math.round(ratio * 100);
  const inactive = goal.isActive === false;
  return html`<li class=${`card goal-card${progress?.isCompleted ? ' done' : ''}${inactive ? ' inactive' : ''}`} data-id=${goal.id}>
    <button type="button" class="goal-open" onClick=${() => open(goal)}>
      <span class="goal-head">
        <span class="goal-name">${goal.name}</span>
        ${inactive ? html`<span class="chip">Inactive</span>` : null}
      </span>
      <span class="goal-scope muted">${period} ·
        ${project ? html` <span class="dot" style=${{ background: project.color }}></span> ${project.name}` : ' Any project'}</span>
      ${current === null ? html`<span class="muted goal-figures">${inactive ? 'Paused: no progress is counted.' : 'Progress is not available.'}</span>`
        : html`<span class="progress">
            <span class="progress-track" role="progressbar" aria-label=${`Progress of ${goal.name}`} aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=${String(Math.min(percent, 100))} aria-valuetext=${`${percent}%`}>
              <span class="progress-fill" style=${{ width: `${Math.min(100, Math.max(0, ratio * 100))}%` }}></span>
            </span>
            <span class="progress-text">${percent}%</span>
          </span>
          <span class="goal-figures">${figures(goal, current)}${progress.isCompleted ? ' — reached' : ''}</span>`}
    </button>
  </li>`;
}

function GoalsPage({ app, goals, editor }) {
  const shown = useValue(goals);
  useValue(app.store.projects); // a card shows its project's name and colour
  const editing = useValue(editor);
  const open = (goal) => { editor.value = { goal }; };
  const close = () => { editor.value = null; };
  const goal = editing?.goal && shown?.list.find((g) => g.id === editing.goal.id);
  return html`
    <header class="view-header">
      <h1 id="goals-heading">Goals</h1>
      <span class="spacer"></span>
      <button type="button" class="primary" id="new-goal" onClick=${() => open(null)}>New goal</button>
    </header>
    ${shown && !shown.list.length ? html`<p class="empty">No goals yet: New goal sets one, such as four hours of deep work a day.</p>` : null}
    <ul class="card-grid goal-list" aria-label="Goals">
      ${(shown?.list || []).map((g) => html`<${GoalCard} key=${g.id} app=${app} goal=${g} progress=${shown.progress.get(g.id)} open=${open} />`)}
    </ul>
    ${editing && (goal || !editing.goal) ? html`<${GoalEditor} key=${goal?.id || 'new'} app=${app} goal=${goal || null} close=${close} />` : null}`;
}

export function createGoalsView(app) {
  const view = { id: 'goals', title: 'Goals' };
  const goals = signal(null); // {list, progress: goal id -> progress}, once read
  const editor = signal(null); // the open editor: {goal: the goal, or null for a new one}
  view.el = h('section', { class: 'view', id: 'view-goals', 'aria-labelledby': 'goals-heading', hidden: true });
  render(html`<${GoalsPage} app=${app} goals=${goals} editor=${editor} />`, view.el);
  view.refresh = async () => {
    const [list, progress] = await Promise.all([app.bridge.invoke('goal:getAll'), app.optional('goal:getProgress')]);
    goals.value = { list, progress: new Map((progress || []).map((p) => [p.goalId, p])) };
  };
  view.newGoal = () => { editor.value = { goal: null }; };
  for (const verb of ['created', 'updated', 'deleted']) app.bridge.on(`goal:${verb}`, () => app.changed(['goals']));
  return view;
}
