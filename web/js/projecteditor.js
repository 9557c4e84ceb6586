// The editor of one project (or of a new one): name, colour from the palette, client, budget, hourly rate and
// currency; archive with undo, merge into another project, delete after a second click. Errors show at their field.
import { html, useState, useValue } from './lib.js';
import { ClientChoice } from './clients.js';
import { Armed, ColorChoice, FieldError, changed, deleteRecord, fieldFor, Popover } from './editing.js';
import { duration, hours, money } from './format.js';
import { errorText, showError, toast } from './ui.js';
import { plural } from './words.js';

const FIELDS = [[/^name|a project named/i, 'name'], [/colou?r/i, 'color'], [/client/i, 'client'], [/budget/i, 'budget'],
  [/hourly ?rate/i, 'rate'], [/currency/i, 'currency']];

/** The project a same-named one should fold into: the oldest of the twins (two devices made them offline). */
export function keeperOf(projects, project) {
  const twins = projects.filter((p) => p.name.toLowerCase() === project.name.toLowerCase());
  if (twins.length < 2) return null;
  const keeper = [...twins].sort((a, b) => (a.createdAt || '').localeCompare(b.createdAt || '') || a.id.localeCompare(b.id))[0];
  return keeper.id === project.id || project.id === 'default' ? null : keeper;
}

/** A number field's value: null when empty, undefined when not a number. */
function amountOf(text) {
  const trimmed = String(text).trim().replace(',', '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** What the form asks to store, or {error: [field, message]}. */
function wanted(form) {
  const budgetHours = amountOf(form.budget);
  if (budgetHours === undefined) return { error: ['budget', 'Type a number of hours, such as 40.'] };
  const hourlyRate = amountOf(form.rate);
  if (hourlyRate === undefined) return { error: ['rate', 'Type an amount per hour, such as 85.'] };
  if ('client' in form.client && !form.client.client.trim()) return { error: ['client', 'Type the new client’s name.'] };
  const client = 'client' in form.client ? { client: form.client.client.trim() } : { clientId: form.client.clientId };
  return { name: form.name.trim(), color: form.color, ...client, budgetHours, hourlyRate,
    currency: form.currency.trim().toUpperCase() || 'USD' };
}

function MergeInto({ projects, project, merge }) {
  const others = projects.filter((p) => p.id !== project.id && !p.isArchived);
  const [target, setTarget] = useState('');
  const chosen = others.find((p) => p.id === target);
  return html`<details class="merge-into">
    <summary>Merge into another project…</summary>
    <p class="muted">Its entries, goals and rules move to the project you pick; then “${project.name}” is deleted.</p>
    <div class="field-row">
      <select aria-label=${`Merge ${project.name} into`} value=${target} onChange=${(e) => setTarget(e.currentTarget.value)}>
        <option value="">Pick a project</option>
        ${others.map((p) => html`<option key=${p.id} value=${p.id}>${p.name}</option>`)}
      </select>
      <button type="button" class="danger" id="project-merge" disabled=${!chosen} onClick=${() => merge(chosen)}>
        ${chosen ? `Merge into “${chosen.name}”` : 'Merge'}</button>
    </div>
  </details>`;
}

export function ProjectEditor({ app, project, spent, close, fallback }) {
  const projects = useValue(app.store.projects);
  const clients = useValue(app.store.clients);
  const [form, setForm] = useState(() => ({
    name: project?.name || '', color: project?.color || null, client: { clientId: project?.clientId || null },
    budget: project?.budgetHours ?? '', rate: project?.hourlyRate ?? '', currency: project?.currency || 'USD',
  }));
  const [errors, setErrors] = useState({});
  const set = (key) => (value) => setForm({ ...form, [key]: value });
  const typed = (key) => (event) => set(key)(event.currentTarget.value);
  const fail = (err) => setErrors({ [fieldFor(err, FIELDS)]: errorText(err) });
  const keeper = project ? keeperOf(projects, project) : null;

  async function save(event) {
    event.preventDefault();
    const data = wanted(form);
    if (data.error) return setErrors({ [data.error[0]]: data.error[1] });
    try {
      if (project) {
        const changes = changed(project, data);
        if (Object.keys(changes).length) app.store.applyRecord('project', await app.bridge.invoke('project:update', project.id, changes));
        toast('Saved');
      } else {
        const made = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
        const saved = await app.bridge.invoke('project:create', made);
        app.store.applyRecord('project', saved);
        toast(`Project “${saved.name}” created`);
      }
      close();
    } catch (err) {
      fail(err);
    }
    return undefined;
  }

  async function archive(isArchived) {
    try {
      app.store.applyRecord('project', await app.bridge.invoke('project:update', project.id, { isArchived }));
      close();
      toast(`“${project.name}” ${isArchived ? 'archived' : 'restored from the archive'}`, {
        action: { label: 'Undo', run: () => app.bridge.invoke('project:update', project.id, { isArchived: !isArchived }).catch((err) => showError(err, 'Could not undo')) },
      });
    } catch (err) {
      fail(err);
    }
  }

  async function merge(target) {
    try {
      const { moved } = await app.bridge.invoke('project:merge', project.id, target.id);
      close();
      toast(`Merged “${project.name}” into “${target.name}”: ${plural(moved.activities, 'activity', 'activities')}`
        + `${moved.goals ? `, ${plural(moved.goals, 'goal', 'goals')}` : ''}${moved.rules ? `, ${plural(moved.rules, 'rule', 'rules')}` : ''} moved.`);
    } catch (err) {
      fail(err);
    }
  }

  const remove = () => deleteRecord(app, 'project', project, { close, fail: (form) => setErrors({ form }) });

  const builtIn = project?.id === 'default';
  const figures = project && spent !== undefined ? [`${duration(spent)} tracked`,
    project.hourlyRate ? `${money(hours(spent) * project.hourlyRate, project.currency)} billable` : null].filter(Boolean).join(' · ') : null;
  const invalid = (key) => (errors[key] ? 'true' : undefined);
  return html`<${Popover} class="project-editor" label=${project ? `Edit project ${project.name}` : 'New project'}
      onSubmit=${save} close=${close} fallback=${fallback} errors=${errors}>
    <h2 class="popover-title">${project ? 'Project' : 'New project'}${figures ? html` <span class="muted project-figures">${figures}</span>` : null}</h2>
    ${keeper ? html`<p class="duplicate-note" role="note">Another project has this name (made on two devices while offline).
      <button type="button" class="small primary" onClick=${() => merge(keeper)}>Merge into it</button></p>` : null}
    <div class="field">
      <label for="project-name">Name</label>
      <input id="project-name" type="text" maxlength="200" value=${form.name} onInput=${typed('name')} aria-invalid=${invalid('name')} />
      <${FieldError} id="project-name" error=${errors.name} />
    </div>
    <${ColorChoice} id="project-color" kind="project" colors=${app.colors} value=${form.color} onChange=${set('color')}
      error=${errors.color} />
    <${ClientChoice} app=${app} clients=${clients} currentId=${project?.clientId} value=${form.client} onChange=${set('client')}
      error=${errors.client} />
    <div class="field-row">
      <div class="field">
        <label for="project-budget">Budget (hours)</label>
        <input id="project-budget" type="text" inputmode="decimal" placeholder="None" value=${form.budget} onInput=${typed('budget')}
          aria-invalid=${invalid('budget')} />
        <${FieldError} id="project-budget" error=${errors.budget} />
      </div>
      <div class="field">
        <label for="project-rate">Hourly rate</label>
        <input id="project-rate" type="text" inputmode="decimal" placeholder="Not billable" value=${form.rate} onInput=${typed('rate')}
          aria-invalid=${invalid('rate')} />
        <${FieldError} id="project-rate" error=${errors.rate} />
      </div>
      <div class="field currency-field">
        <label for="project-currency">Currency</label>
        <input id="project-currency" type="text" maxlength="3" value=${form.currency} onInput=${typed('currency')}
          aria-invalid=${invalid('currency')} />
        <${FieldError} id="project-currency" error=${errors.currency} />
      </div>
    </div>
    ${project && !builtIn ? html`<${MergeInto} projects=${projects} project=${project} merge=${merge} />` : null}
    <${FieldError} error=${errors.form} />
    <div class="popover-actions">
      ${project && !builtIn ? html`<${Armed} class="danger" id="project-delete" label="Delete" confirm="Really delete?" run=${remove} />` : null}
      ${project ? html`<button type="button" id="project-archive" onClick=${() => archive(!project.isArchived)}>
        ${project.isArchived ? 'Unarchive' : 'Archive'}</button>` : null}
      <span class="spacer"></span>
      <button type="button" onClick=${close}>Cancel</button>
      <button type="submit" class="primary" id="project-save">${project ? 'Save' : 'Create project'}</button>
    </div>
  <//>`;
}
