// Changes to activities that can be taken back from a toast: delete, merge, split.
import { plural } from './words.js';
import { showError, toast } from './ui.js';

const UNDO_MS = 10000;

async function undoable(app, message, undo) {
  await app.activitiesChanged();
  toast(message, {
    timeout: UNDO_MS,
    action: {
      label: 'Undo',
      run: async () => {
        try {
          await undo();
        } catch (err) {
          showError(err, 'Could not undo');
        }
        app.activitiesChanged();
      },
    },
  });
}

async function restoreAll(app, ids) {
  for (const id of ids) await app.bridge.invoke('activity:restore', id);
}

/** Soft-delete activities; Undo restores them. */
export async function deleteWithUndo(app, activities) {
  const ids = activities.map((a) => a.id);
  try {
    if (ids.length === 1) await app.bridge.invoke('activity:delete', ids[0]);
    else await app.bridge.invoke('activity:bulkDelete', ids);
  } catch (err) {
    showError(err, 'Could not delete');
    app.activitiesChanged();
    return;
  }
  const what = ids.length === 1 ? `“${activities[0].name}” deleted` : `${plural(ids.length, 'activity', 'activities')} deleted`;
  await undoable(app, what, () => restoreAll(app, ids));
}

/** Merge activities into one; Undo deletes the merged one and restores the originals. */
export async function mergeWithUndo(app, ids) {
  const merged = await app.bridge.invoke('activity:merge', ids);
  await undoable(app, `Merged ${plural(ids.length, 'activity', 'activities')} into “${merged.name}”`, async () => {
    await app.bridge.invoke('activity:delete', merged.id);
    await restoreAll(app, ids);
  });
  return merged;
}

/** Split an activity at `atIso`; Undo deletes the two parts and restores the original. */
export async function splitWithUndo(app, activity, atIso) {
  const parts = await app.bridge.invoke('activity:split', activity.id, atIso);
  await undoable(app, `“${activity.name}” split in two`, async () => {
    await app.bridge.invoke('activity:bulkDelete', parts.map((p) => p.id));
    await restoreAll(app, [activity.id]);
  });
  return parts;
}
