// One activity as an editable row: name, project, tags, start, end; saved on change, errors shown in the row.
import { h } from './dom.js';
import { fromLocalInput, splitList, toLocalInput, toTimeInput, duration } from './format.js';
import { projectSelect, tagInput } from './pickers.js';
import { errorText, liveClock, toast, showError } from './ui.js';
import { syncNote } from './jira.js';

/**
 * Build a row element for `activity`.
 * options: withDate (datetime inputs instead of times), selectable + selected + onSelect (checkbox), onChanged(activity).
 */
export function activityRow(app, activity, options = {}) {
  let current = activity;
  const row = h('li', { class: `activity-row${activity.endTime ? '' : ' running'}`, dataset: { id: activity.id } });
  const error = h('p', { class: 'row-error field-error', id: `err-${activity.id}`, role: 'alert', hidden: true });
  const label = (what) => `${what} of ${current.name}`;
  const timeValue = (iso) => (options.withDate ? toLocalInput(iso) : toTimeInput(iso));
  const timeType = options.withDate ? 'datetime-local' : 'time';

  const name = h('input', { type: 'text', class: 'name', value: activity.name, 'aria-label': label('Name'), maxlength: '500' });
  const project = projectSelect(app, activity.projectId, { label: label('Project') });
  const tags = tagInput(app, activity.tags || [], { label: label('Tags') });
  const start = h('input', { type: timeType, class: 'start', value: timeValue(activity.startTime), 'aria-label': label('Start time') });
  const end = activity.endTime
    ? h('input', { type: timeType, class: 'end', value: timeValue(activity.endTime), 'aria-label': label('End time') })
    : h('span', { class: 'end running-label', text: activity.isPaused ? 'paused' : 'running' });
  const length = activity.endTime ? h('span', { class: 'duration', text: duration(activity.duration) }) : liveClock(activity, 'duration');
  const remove = h('button', { type: 'button', class: 'icon danger', 'aria-label': label('Delete'), title: 'Delete', text: '✕' });

  async function save(updates, input) {
    try {
      current = await app.bridge.invoke('activity:update', current.id, updates);
      error.hidden = true;
      input?.removeAttribute('aria-invalid');
      if (current.endTime) length.textContent = duration(current.duration);
      options.onChanged?.(current);
    } catch (err) {
      error.textContent = errorText(err);
      error.hidden = false;
      input?.setAttribute('aria-invalid', 'true');
      input?.setAttribute('aria-errormessage', error.id);
    }
  }

  name.addEventListener('change', () => save({ name: name.value.trim() }, name));
  project.addEventListener('change', () => save({ projectId: project.value }, project));
  tags.input.addEventListener('change', () => save({ tags: splitList(tags.input.value) }, tags.input));
  start.addEventListener('change', () => save({ startTime: fromLocalInput(start.value, current.startTime) }, start));
  if (end.tagName === 'INPUT') {
    end.addEventListener('change', () => save({ endTime: fromLocalInput(end.value, current.endTime) }, end));
  }
  for (const input of [name, tags.input, start, end]) {
    input.addEventListener('keydown', (event) => { if (event.key === 'Enter') input.blur(); });
  }
  remove.addEventListener('click', () => deleteWithUndo(app, [current]));

  const select = options.selectable
    ? h('input', { type: 'checkbox', class: 'select', checked: Boolean(options.selected), 'aria-label': label('Select'),
      onchange: (event) => options.onSelect(current.id, event.target.checked) })
    : null;
  row.append(...[select, name, project, ...tags.nodes, start, end, length, remove, error, syncNote(app, activity)].filter(Boolean));
  return row;
}

/** Soft-delete activities and offer Undo (activity:restore) in a toast. */
export async function deleteWithUndo(app, activities) {
  const ids = activities.map((a) => a.id);
  try {
    if (ids.length === 1) await app.bridge.invoke('activity:delete', ids[0]);
    else await app.bridge.invoke('activity:bulkDelete', ids);
  } catch (err) {
    showError(err, 'Could not delete');
    return;
  }
  app.activitiesChanged();
  const what = ids.length === 1 ? `“${activities[0].name}” deleted` : `${ids.length} activities deleted`;
  toast(what, {
    action: {
      label: 'Undo',
      run: async () => {
        try {
          for (const id of ids) await app.bridge.invoke('activity:restore', id);
        } catch (err) {
          showError(err, 'Could not undo');
        }
        app.activitiesChanged();
      },
    },
    timeout: 10000,
  });
}
