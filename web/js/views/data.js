// The Data section of Settings: export a period, back up everything, import from other trackers, past exports,
// delete a date range.
import { field, h, option, replaceChildren, setFieldError } from '../dom.js';
import { announceFile, askSavePath, formatSelect } from '../exporting.js';
import { date, time } from '../format.js';
import { presetSelect } from '../presets.js';
import { errorText } from '../ui.js';
import { createEraseForm } from './erase.js';
import { plural } from '../words.js';

const IMPORT_FORMATS = [['', 'Detect from the file'], ['lighttrack-json', 'LightTrack JSON or backup'], ['toggl-csv', 'Toggl Track CSV'],
  ['clockify-csv', 'Clockify CSV'], ['watson', 'Watson frames'], ['activitywatch', 'ActivityWatch export']];

function exportForm(app, exported) {
  const format = formatSelect(app, 'Format');
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const period = presetSelect(app, from, to);
  period.id = 'export-period';
  const fields = { format: field('Format', format), period: field('Period', period), startDate: field('From (optional)', from),
    endDate: field('To (optional)', to) };
  const form = h('form', { class: 'inline-form', 'aria-label': 'Export activities' },
    ...Object.values(fields).map((f) => f.field), h('button', { type: 'submit', class: 'primary', text: 'Export' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
    const options = {};
    if (from.value) options.startDate = from.value;
    if (to.value) options.endDate = to.value;
    if (app.bridge.nativeDialogs) {
      const path = await askSavePath(app, 'Export activities', 'lighttrack_export', format.value);
      if (!path) return;
      options.path = path;
    }
    try {
      const result = await app.bridge.invoke('activity:export', [], format.value, options);
      announceFile(app, result.filePath, `Exported ${plural(result.activityCount, 'activity', 'activities')}`);
      exported();
    } catch (err) {
      const named = fields[Object.keys(fields).find((k) => err.message.includes(k))] || fields.format;
      setFieldError(named.input, named.error, errorText(err));
    }
  });
  return form;
}

/** Import: in the app window a native dialog gives a path the server reads; in a browser the page reads the file. */
function importForm(app) {
  const native = app.bridge.nativeDialogs;
  const source = native
    ? h('input', { type: 'text', placeholder: '/home/me/Downloads/toggl.csv', spellcheck: 'false' })
    : h('input', { type: 'file', accept: '.csv,.json,.txt,application/json,text/csv' });
  const format = h('select', {}, ...IMPORT_FORMATS.map(([v, text]) => option(v, text)));
  const sourceField = field('File to import', source);
  const result = h('div', { class: 'import-result', role: 'status' });
  async function args() {
    const fmt = format.value ? [format.value] : [];
    if (native) return [source.value.trim(), ...fmt];
    const file = source.files[0];
    if (!file) throw Object.assign(new Error('Choose a file to import.'), { code: 'VALIDATION_ERROR' });
    return [await file.text(), ...fmt];
  }
  async function run(preview) {
    setFieldError(source, sourceField.error, '');
    replaceChildren(result);
    const channel = `import:${preview ? 'preview' : 'run'}${native ? '' : 'Text'}`;
    try {
      const answer = await app.bridge.invoke(channel, ...(await args()));
      replaceChildren(result, `${preview ? 'Preview' : 'Imported'} (${answer.format}): ${describe(answer)}`,
        preview && answer.kind === 'entries' ? previewDetails(answer) : null);
      if (!preview) app.activitiesChanged();
    } catch (err) {
      setFieldError(source, sourceField.error, errorText(err));
    }
  }
  const choose = native
    ? h('button', { type: 'button', text: 'Choose…', onclick: async () => {
      const chosen = await app.bridge.showOpenDialog({ title: 'Import activities' });
      if (chosen && chosen.length) source.value = chosen[0];
    } })
    : null;
  return h('form', { class: 'inline-form', 'aria-label': 'Import activities', onsubmit: (e) => { e.preventDefault(); run(false); } },
    sourceField.field, choose, field('Format', format).field,
    h('button', { type: 'button', text: 'Preview', onclick: () => run(true) }),
    h('button', { type: 'submit', class: 'primary', text: 'Import' }), result);
}

function describe(answer) {
  if (answer.kind === 'backup') {
    return Object.entries(answer).filter(([, v]) => v && typeof v === 'object')
      .map(([table, counts]) => `${table}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`).join('; ');
  }
  const parts = [`${answer.added ?? answer.new ?? 0} new`, `${answer.skipped ?? answer.existing ?? 0} already present`];
  if (answer.projectsCreated?.length) parts.push(`new projects: ${answer.projectsCreated.join(', ')}`);
  if (answer.clientsCreated?.length) parts.push(`new clients: ${answer.clientsCreated.join(', ')}`);
  return parts.join(', ');
}

/** What an import would add: the projects, clients and tags it creates and its first rows, all as text. */
function previewDetails(answer) {
  const created = (label, names) => h('p', { class: 'import-creates' }, h('strong', { text: `${label}: ` }),
    names.length ? names.join(', ') : 'none');
  const rows = (answer.sample || []).map((row) => h('tr', {},
    h('td', { text: `${date(row.startTime)} ${time(row.startTime)}–${time(row.endTime)}` }), h('td', { text: row.name }),
    h('td', { text: row.project || '' }), h('td', { text: row.client || '' }), h('td', { text: (row.tags || []).join(', ') })));
  const clientOf = new Map((answer.projectClients || []).map((p) => [p.project, p.client]));
  const projects = (answer.newProjects || []).map((name) => (clientOf.get(name) ? `${name} (${clientOf.get(name)})` : name));
  return h('div', { class: 'import-preview' },
    created('Projects it will create', projects), created('Clients it will create', answer.newClients || []),
    created('Tags it will create', answer.newTags || []),
    rows.length ? h('table', { class: 'import-rows', 'aria-label': 'Rows it will add' },
      h('caption', { text: rows.length < answer.new ? `The first ${rows.length} of ${answer.new} new rows` : `${plural(rows.length, 'new row', 'new rows')}` }),
      h('thead', {}, h('tr', {}, ...['When', 'Entry', 'Project', 'Client', 'Tags'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...rows)) : null);
}

function historyList(records) {
  if (!records.length) return h('p', { class: 'muted', text: 'No exports yet.' });
  return h('ul', { class: 'export-history' }, ...records.map((r) => h('li', {},
    `${date(r.createdAt)} ${time(r.createdAt)} · ${r.exportType} · ${r.exportStatus}`,
    r.filePath ? h('code', { text: ` ${r.filePath}` }) : null,
    r.errorMessage ? h('span', { class: 'field-error', text: ` ${r.errorMessage}` }) : null)));
}

export async function createDataSection(app) {
  const historySlot = h('div', {});
  const refreshHistory = async () => {
    const records = await app.optional('export:getHistory', { limit: 10 });
    if (records) replaceChildren(historySlot, h('h3', { text: 'Recent exports' }), historyList(records));
  };
  const backupStatus = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const backup = h('button', { type: 'button', text: 'Back up everything (JSON)', onclick: async () => {
    backupStatus.hidden = true;
    const options = {};
    if (app.bridge.nativeDialogs) {
      const path = await askSavePath(app, 'Back up LightTrack', 'lighttrack_backup', 'json');
      if (!path) return;
      options.path = path;
    }
    try {
      const result = await app.bridge.invoke('export:backup', options);
      announceFile(app, result.filePath, 'Backup written');
      refreshHistory();
    } catch (err) {
      backupStatus.textContent = errorText(err);
      backupStatus.hidden = false;
    }
  } });
  await refreshHistory();
  const canImport = (await app.optional('import:getFormats')) !== undefined;
  return h('section', { class: 'card settings-section', id: 'settings-data', 'aria-labelledby': 'settings-data-h' },
    h('h2', { id: 'settings-data-h', text: 'Data' }),
    h('h3', { text: 'Export' }), exportForm(app, refreshHistory),
    app.missing.has('export:getHistory') ? null : [backup, backupStatus],
    historySlot,
    canImport ? [h('h3', { text: 'Import' }), importForm(app)] : null,
    h('h3', { text: 'Delete data in a date range' }), createEraseForm(app));
}
