// Exporting activities: a native save dialog in the app window, the export folder in a browser.
import { h } from './dom.js';
import { showError, toast } from './ui.js';

export const EXPORT_FORMATS = [['csv', 'CSV (spreadsheet)'], ['json', 'JSON'], ['pdf', 'PDF report']];

/** Export `ids` (an empty list = everything) as `format`; tell the user where the file went. */
export async function exportActivities(app, ids, format) {
  let options;
  if (app.bridge.nativeDialogs) {
    const path = await app.bridge.showSaveDialog({ title: 'Export activities', defaultName: `lighttrack-export.${format}`,
      fileTypes: [`${format.toUpperCase()} files (*.${format})`] });
    if (!path) return;
    options = { path };
  }
  try {
    const result = await app.bridge.invoke('activity:export', ids, format, ...(options ? [options] : []));
    announceFile(app, result.filePath, `Exported ${result.activityCount} activities`);
  } catch (err) {
    showError(err, 'Export failed');
  }
}

/** A toast naming a written file, with "Show in folder" where the app can open it. */
export function announceFile(app, path, what) {
  toast(path ? `${what} to ${path}` : what, {
    title: 'Saved',
    timeout: 12000,
    action: path && app.bridge.nativeDialogs ? { label: 'Show in folder', run: () => app.bridge.showItemInFolder(path) } : undefined,
  });
}

export function formatSelect(label) {
  return h('select', { 'aria-label': label }, ...EXPORT_FORMATS.map(([value, text]) => h('option', { value, text })));
}
