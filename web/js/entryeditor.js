// The edit popover of one entry: name, project, tags, start, end or duration (typed as people say them),
// description; delete and split with undo; earlier versions from the sync server. Errors appear next to their field.
import { html, useRef, useState, useValue } from './lib.js';
import { FieldError, Popover } from './editing.js';
import { clockText, duration, splitList } from './format.js';
import { parseClockInput, parseDurationInput } from './timeinput.js';
import { errorText, toast } from './ui.js';
import { deleteWithUndo, splitWithUndo } from './undo.js';
import { EntryHistory } from './history.js';

const FIELD_OF = [['endTime', 'end'], ['startTime', 'start'], ['duration', 'duration'], ['projectId', 'project'],
  ['tags', 'tags'], ['description', 'description'], ['splitTime', 'split'], ['name', 'name']];

/** Which field an API error sentence is about (the API names its fields). */
export function fieldOf(message) {
  return FIELD_OF.find(([key]) => String(message).includes(key))?.[1] || 'form';
}

function Field({ id, label, error, children }) {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    ${children}
    <${FieldError} id=${id} error=${error} />
  </div>`;
}

function readTimes(form, activity) {
  const day = new Date(activity.startTime);
  const start = parseClockInput(form.start, day);
  if (!start) return { error: ['start', 'Type a time such as 9:30, 14:00 or 2pm.'] };
  if (!activity.endTime) return { startTime: start.toISOString() };
  let end = parseClockInput(form.end, start);
  if (form.duration !== duration(activity.duration)) {
    const ms = parseDurationInput(form.duration);
    if (!ms) return { error: ['duration', 'Type a duration such as 1:30, 1h30 or 45m.'] };
    end = new Date(start.getTime() + ms + (activity.pausedDuration || 0));
  }
  if (!end) return { error: ['end', 'Type a time such as 10:30, 17:00 or 5pm.'] };
  if (end <= start) end = new Date(end.getTime() + 86400000); // "22:00 – 1:00" ends the next day
  return { startTime: start.toISOString(), endTime: end.toISOString() };
}

export function EntryEditor({ app, activity, close }) {
  const projects = useValue(app.store.projects);
  const hour12 = app.hour12;
  const [form, setForm] = useState(() => ({
    name: activity.name, projectId: activity.projectId, tags: (activity.tags || []).join(', '),
    start: clockText(activity.startTime, hour12), end: activity.endTime ? clockText(activity.endTime, hour12) : '',
    duration: duration(activity.duration), description: activity.description || '', split: '',
  }));
  const [errors, setErrors] = useState({});
  // the focus goes back to the row that opened it; when that row is gone (deleted, merged), to the list it was in
  const list = useRef(document.activeElement?.closest('.entries'));
  const set = (key) => (event) => setForm({ ...form, [key]: event.currentTarget.value });
  const fail = (key, message) => setErrors({ [key]: message });
  const invalid = (key) => (errors[key] ? 'true' : undefined);

  async function save(event) {
    event.preventDefault();
    const times = readTimes(form, activity);
    if (times.error) return fail(...times.error);
    const updates = { name: form.name.trim(), projectId: form.projectId, tags: splitList(form.tags), ...times,
      description: form.description.trim() || null };
    try {
      app.store.applySaved(await app.bridge.invoke('activity:update', activity.id, updates));
      close();
      toast('Saved');
      await app.activitiesChanged();
    } catch (err) {
      fail(fieldOf(err.message), errorText(err));
    }
    return undefined;
  }

  async function split() {
    const at = parseClockInput(form.split, new Date(activity.startTime));
    if (!at) return fail('split', 'Type the time to split at, such as 10:15.');
    try {
      await splitWithUndo(app, activity, at.toISOString());
      close();
    } catch (err) {
      fail('split', errorText(err));
    }
    return undefined;
  }

  const remove = async () => { close(); await deleteWithUndo(app, [activity]); };
  const pickable = projects.filter((p) => !p.isArchived || p.id === form.projectId);
  return html`<${Popover} class="entry-editor" label=${`Edit ${activity.name}`} onSubmit=${save} close=${close}
      fallback=${() => list.current} errors=${errors}>
      <${Field} id="edit-name" label="Name" error=${errors.name}>
        <input id="edit-name" type="text" maxlength="500" value=${form.name} onInput=${set('name')}
          aria-invalid=${invalid('name')} />
      <//>
      <div class="field-row">
        <${Field} id="edit-project" label="Project" error=${errors.project}>
          <select id="edit-project" value=${form.projectId} onChange=${set('projectId')} aria-invalid=${invalid('project')}>
            ${pickable.map((p) => html`<option value=${p.id} selected=${p.id === form.projectId}>${p.name}</option>`)}
          </select>
        <//>
        <${Field} id="edit-tags" label="Tags" error=${errors.tags}>
          <input id="edit-tags" type="text" value=${form.tags} placeholder="tag, tag" onInput=${set('tags')} aria-invalid=${invalid('tags')} />
        <//>
      </div>
      <div class="field-row times">
        <${Field} id="edit-start" label="Start" error=${errors.start}>
          <input id="edit-start" type="text" inputmode="text" value=${form.start} onInput=${set('start')} aria-invalid=${invalid('start')} />
        <//>
        ${activity.endTime ? html`
          <${Field} id="edit-end" label="End" error=${errors.end}>
            <input id="edit-end" type="text" value=${form.end} onInput=${set('end')} aria-invalid=${invalid('end')} />
          <//>
          <${Field} id="edit-duration" label="Duration" error=${errors.duration}>
            <input id="edit-duration" type="text" value=${form.duration} onInput=${set('duration')} aria-invalid=${invalid('duration')} />
          <//>` : html`<p class="muted running-note">Running — stop it to set the end.</p>`}
      </div>
      <${Field} id="edit-description" label="Description" error=${errors.description}>
        <textarea id="edit-description" rows="2" maxlength="10000" value=${form.description} onInput=${set('description')}></textarea>
      <//>
      ${activity.endTime ? html`<div class="field-row split-row">
        <${Field} id="edit-split" label="Split at" error=${errors.split}>
          <input id="edit-split" type="text" placeholder="10:15" value=${form.split} onInput=${set('split')} aria-invalid=${invalid('split')} />
        <//>
        <button type="button" id="edit-split-button" onClick=${split}>Split</button>
      </div>` : null}
      <${FieldError} error=${errors.form} />
      <${EntryHistory} app=${app} activity=${activity} close=${close} />
      <div class="popover-actions">
        <button type="button" class="danger" id="edit-delete" onClick=${remove}>Delete</button>
        <span class="spacer"></span>
        <button type="button" onClick=${close}>Cancel</button>
        <button type="submit" class="primary" id="edit-save">Save</button>
      </div>
    <//>`;
}
