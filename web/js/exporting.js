// Exporting activities: a native save dialog in the app window, the export folder in a browser.
import { h } from './dom.js';
import { showError, toast } from './ui.js';
import { plural } from './words.js';

/** Export `ids` (an empty list = everything) as `format`; tell the user where the file went. */
export async function exportActivities(app, ids, format) {
  let options;
  if (app.bridge.nativeDialogs) {
    const path = await askSavePath(app, 'Export activities', 'lighttrack_export', format);
    if (!path) return;
    options = { path };
  }
  try {
    const result = await app.bridge.invoke('activity:export', ids, format, ...(options ? [options] : []));
    announceFile(app, result.filePath, `Exported ${plural(result.activityCount, 'activity', 'activities')}`);
  } catch (err) {
    showError(err, 'Export failed');
  }
}

/** The dialog's options: a dated default name in the export folder (Documents/LightTrack/exports) and one filter. */
export async function saveDialogOptions(app, title, prefix, format, now = new Date()) {
  const folder = await app.bridge.invoke('export:getDirectory');
  const pad = (n) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}_${pad(now.getHours())}-${pad(now.getMinutes())}`;
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return { title, defaultPath: `${folder}${separator}${prefix}_${stamp}.${format}`,
    filters: [{ name: fileType(app, format), extensions: [format] }] };
}

function fileType(app, format) {
  return app.exportFormats.find((f) => f.id === format)?.fileType ?? format.toUpperCase();
}

/** Ask the native save dialog for a path; null when the user cancels. */
export async function askSavePath(app, title, prefix, format) {
  return app.bridge.showSaveDialog(await saveDialogOptions(app, title, prefix, format));
}

/** A toast naming a written file, with "Show in folder" where the app can open it. */
export function announceFile(app, path, what) {
  toast(path ? `${what} to ${path}` : what, {
    title: 'Saved',
    timeout: 12000,
    action: path && app.bridge.nativeDialogs ? { label: 'Show in folder', run: () => app.bridge.showItemInFolder(path) } : undefined,
  });
}

export function formatSelect(app, label) {
  return h('select', { 'aria-label': label }, ...app.exportFormats.map((f) => h('option', { value: f.id, text: f.label })));
}
