// Settings: every key of settings:describe grouped by section and saved on change, plus rules, privacy and data tools.
import { field, h, option, replaceChildren, setFieldError } from '../dom.js';
import { createRulesSection } from './rules.js';
import { createDataSection } from './data.js';
import { createIntegrationsSection } from './integrations.js';
import { errorText, toast } from '../ui.js';

/** A link in the Settings header that scrolls to one section. */
function sectionLink(id, title) {
  return h('a', { href: '#/settings', dataset: { section: id }, text: title,
    onclick: (event) => { event.preventDefault(); document.getElementById(`settings-${id}`)?.scrollIntoView({ behavior: 'smooth' }); } });
}

/** The schema's settings grouped by section, in the order the schema lists them: [[id, title, settings], ...]. */
function bySection(described) {
  const sections = new Map();
  for (const setting of described.filter((s) => s.shown)) {
    if (!sections.has(setting.category)) sections.set(setting.category, [setting.category, setting.section, []]);
    sections.get(setting.category)[2].push(setting);
  }
  return [...sections.values()];
}

/** Weekday checkboxes inside one element that behaves like an input for save(): .value is the list of days. */
function weekdayPicker(setting) {
  const group = h('div', { class: 'weekday-picker', role: 'group' });
  const boxes = setting.choices.map(({ value, label }) => {
    const box = h('input', { type: 'checkbox', value, checked: setting.value.includes(Number(value)) });
    group.append(h('label', { class: 'check weekday' }, box, label));
    return box;
  });
  for (const box of boxes) box.addEventListener('change', () => group.dispatchEvent(new Event('change')));
  group.read = () => boxes.filter((b) => b.checked).map((b) => Number(b.value));
  group.show = (days) => boxes.forEach((b) => { b.checked = days.includes(Number(b.value)); });
  return group;
}

/** An input matching the setting's kind (from the settings registry), and how to read its value back. */
function control(setting) {
  const { kind, value } = setting;
  if (kind === 'choice') {
    return [h('select', {}, ...setting.choices.map((c) => option(c.value, c.label, c.value === value))), (i) => i.value];
  }
  if (kind === 'boolean') return [h('input', { type: 'checkbox', checked: Boolean(value) }), (i) => i.checked];
  if (kind === 'number') {
    return [h('input', { type: 'number', value: String(value), step: 'any', min: setting.minimum ?? undefined, max: setting.maximum ?? undefined }),
      (i) => (i.value === '' ? null : Number(i.value))];
  }
  if (kind === 'weekdays') {
    const picker = weekdayPicker(setting);
    return [picker, (i) => i.read()];
  }
  if (kind === 'time') return [h('input', { type: 'time', value: String(value), step: '300' }), (i) => i.value];
  if (Array.isArray(setting.default)) {
    return [h('textarea', { rows: '3', value: value.join('\n'), spellcheck: 'false' }),
      (i) => i.value.split('\n').map((line) => line.trim()).filter(Boolean)];
  }
  return [h('input', { type: kind === 'url' ? 'url' : 'text', value: String(value ?? '') }), (i) => i.value];
}

/** The API names the setting by its key; the page names it as the user sees it. */
function settingError(err, setting, label) {
  return errorText({ message: String(err.message).replaceAll(setting.key, label) });
}

function display(input, value) {
  if (input.show) input.show(value);
  else if (input.type === 'checkbox') input.checked = Boolean(value);
  else input.value = Array.isArray(value) ? value.join('\n') : String(value);
}

export function createSettingsView(app) {
  const sectionLinks = h('nav', { class: 'section-links', 'aria-label': 'Settings sections' });
  const view = { id: 'settings', title: 'Settings' };
  const forms = h('div', { class: 'settings-sections' });
  const inputs = new Map();
  const integrations = createIntegrationsSection(app);

  /** One setting as a row: label and hint on the left, the control on the right, its error underneath. */
  function settingField(setting) {
    const [input, read] = control(setting);
    const label = setting.unit ? `${setting.label} (${setting.unit})` : setting.label;
    const range = setting.kind === 'number' && setting.minimum !== null ? `${setting.minimum}–${setting.maximum} ${setting.unit}`.trim() : '';
    const hint = [setting.help, range ? `From ${range}.` : ''].filter(Boolean).join(' ');
    input.id = `setting-${setting.key}`;
    if (input.tagName === 'DIV') input.setAttribute('aria-labelledby', `${input.id}-label`);
    input.name = setting.key;
    const error = h('p', { class: 'field-error', id: `${input.id}-error`, role: 'alert', hidden: true });
    const hintEl = hint ? h('p', { class: 'field-hint', id: `${input.id}-hint`, text: hint }) : null;
    input.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '));
    const saved = h('span', { class: 'saved', 'aria-live': 'polite' });
    const reset = h('button', { type: 'button', class: 'link small', text: 'Default', 'aria-label': `Reset ${label} to the default`,
      onclick: () => { display(input, setting.default); save(); } });
    async function save() {
      saved.textContent = '';
      try {
        const value = await app.bridge.invoke('settings:set', setting.key, read(input));
        setFieldError(input, error, '');
        app.settings[setting.key] = value;
        saved.textContent = 'Saved';
        setTimeout(() => { saved.textContent = ''; }, 2000);
      } catch (err) {
        setFieldError(input, error, settingError(err, setting, label));
      }
    }
    input.addEventListener('change', save);
    inputs.set(setting.key, input);
    return h('div', { class: `setting${input.tagName === 'TEXTAREA' ? ' wide' : ''}`, dataset: { key: setting.key } },
      h('div', { class: 'setting-text' }, h(input.tagName === 'DIV' ? 'span' : 'label', { for: input.tagName === 'DIV' ? undefined : input.id, id: `${input.id}-label`, text: label }), hintEl),
      h('div', { class: 'setting-control' }, input, reset, saved), error);
  }

  function forgetApp() {
    const app_ = h('input', { type: 'text', maxlength: '200', placeholder: 'e.g. firefox' });
    const built = field('Forget everything recorded for an app', app_, 'Deletes its window spans from the timeline for good.');
    const form = h('form', { class: 'inline-form' }, built.field, h('button', { type: 'submit', class: 'danger', text: 'Forget app' }));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const result = await app.bridge.invoke('privacy:forgetApp', app_.value.trim());
        setFieldError(app_, built.error, '');
        toast(`Removed ${result.removedSpans} window spans of ${result.app}.`);
        app_.value = '';
        app.changed(['today']);
      } catch (err) {
        setFieldError(app_, built.error, errorText(err));
      }
    });
    return form;
  }

  async function info() {
    const about = await app.bridge.invoke('app:getInfo');
    const rows = [['Version', about.version], ['Data folder', about.dataDir], ['Log file', about.logFile],
      ['Encryption key', about.keyStorage], ['Encrypted', about.encrypted ? 'Yes (AES-256-GCM)' : 'No'],
      ['Stored data', `${(about.storeBytes / 1024).toFixed(1)} KiB`], ['Local API port', String(about.apiPort)],
      ['Dashboard shown in', app.bridge.transport === 'pywebview' ? 'The app window' : 'A browser (through the local API)']];
    return h('section', { class: 'card settings-section', 'aria-labelledby': 'about-heading' },
      h('h2', { id: 'about-heading', text: 'About this installation' }),
      h('dl', { class: 'about' }, ...rows.filter(([, v]) => v).flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
  }

  view.refresh = async () => {
    if (forms.contains(document.activeElement)) return;
    const sections = bySection(await app.bridge.invoke('settings:getSchema'));
    inputs.clear();
    replaceChildren(sectionLinks, ...[...sections, ['rules', 'Rules'], ['integrations', 'Integrations'], ['data', 'Data']]
      .map(([id, title]) => sectionLink(id, title)));
    const built = sections.map(([id, title, settings]) => {
      const extra = id === 'privacy' ? forgetApp() : null;
      return h('section', { class: 'card settings-section', id: `settings-${id}`, 'aria-labelledby': `settings-${id}-h` },
        h('h2', { id: `settings-${id}-h`, text: title }), ...settings.map(settingField), extra);
    });
    const [rules, data, about] = await Promise.all([createRulesSection(app), createDataSection(app), info(), integrations.refresh()]);
    replaceChildren(forms, ...built, rules, integrations.el, data, about);
  };

  /** Another window or the tray changed a setting: show the new value unless the user is editing it. */
  app.bridge.on('settings:changed', ({ key, value }) => {
    const input = inputs.get(key);
    if (input && document.activeElement !== input) display(input, value);
  });

  const heading = h('h1', { id: 'settings-heading', text: 'Settings' });
  view.el = h('section', { class: 'view', id: 'view-settings', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, sectionLinks), forms);
  return view;
}
