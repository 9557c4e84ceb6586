// The Rules section of Settings: which app or window title goes to which project or category.
import { field, h, option, replaceChildren, setFieldError } from '../dom.js';
import { duration } from '../format.js';
import { errorText, showError, swatch } from '../ui.js';

const KINDS = [['category', 'Category'], ['project', 'Project']];

function targets(app, kind, chosen) {
  const list = kind === 'project' ? app.catalogs.pickable(chosen) : app.catalogs.categories;
  return list.map((item) => option(item.id, item.name, item.id === chosen));
}

export async function createRulesSection(app) {
  const rules = await app.optional('rules:getAll');
  if (rules === undefined) return null;
  const body = h('tbody', {});

  async function update(rule, changes, input) {
    try {
      Object.assign(rule, await app.bridge.invoke('rules:update', rule.id, changes));
      input.removeAttribute('aria-invalid');
      input.title = '';
    } catch (err) {
      input.setAttribute('aria-invalid', 'true');
      input.title = errorText(err);
      showError(err, 'The rule was not saved');
    }
  }

  function row(rule) {
    const target = rule.kind === 'project' ? 'projectId' : 'categoryId';
    const color = rule.kind === 'project' ? app.catalogs.projectColor(rule.projectId) : app.catalogs.category(rule.categoryId)?.color;
    const enabled = h('input', { type: 'checkbox', checked: rule.enabled, 'aria-label': 'Rule enabled' });
    enabled.addEventListener('change', () => update(rule, { enabled: enabled.checked }, enabled));
    const appInput = h('input', { type: 'text', value: rule.app || '', 'aria-label': 'App', maxlength: '200' });
    appInput.addEventListener('change', () => update(rule, { app: appInput.value.trim() || null }, appInput));
    const title = h('input', { type: 'text', value: rule.titlePattern || '', 'aria-label': 'Title pattern', maxlength: '500', spellcheck: 'false' });
    title.addEventListener('change', () => update(rule, { titlePattern: title.value.trim() || null }, title));
    const site = h('input', { type: 'text', value: rule.domain || '', 'aria-label': 'Web site', maxlength: '253', placeholder: 'github.com' });
    site.addEventListener('change', () => update(rule, { domain: site.value.trim() || null }, site));
    const folder = h('input', { type: 'text', value: rule.path || '', 'aria-label': 'Folder', maxlength: '1000' });
    folder.addEventListener('change', () => update(rule, { path: folder.value.trim() || null }, folder));
    const goesTo = h('select', { 'aria-label': rule.kind === 'project' ? 'Project' : 'Category' }, ...targets(app, rule.kind, rule[target]));
    goesTo.addEventListener('change', () => update(rule, { [target]: goesTo.value }, goesTo));
    const remove = h('button', { type: 'button', class: 'icon danger', 'aria-label': 'Delete rule', title: 'Delete rule', text: '✕',
      onclick: async () => {
        try {
          await app.bridge.invoke('rules:delete', rule.id);
          tr.remove();
        } catch (err) {
          showError(err, 'The rule was not deleted');
        }
      } });
    const tr = h('tr', {}, h('td', {}, enabled), h('td', {}, appInput), h('td', {}, title), h('td', {}, site), h('td', {}, folder),
      h('td', { class: 'target' }, swatch(color), goesTo), h('td', {}, remove));
    return tr;
  }

  // -- new rule --------------------------------------------------------------------------
  const kind = h('select', {}, ...KINDS.map(([v, text]) => option(v, text)));
  const appName = h('input', { type: 'text', maxlength: '200', placeholder: 'e.g. code' });
  const pattern = h('input', { type: 'text', maxlength: '500', placeholder: 'e.g. (?i)jira|confluence', spellcheck: 'false' });
  const domain = h('input', { type: 'text', maxlength: '253', placeholder: 'e.g. github.com' });
  const target = h('select', {}, ...targets(app, 'category'));
  kind.addEventListener('change', () => replaceChildren(target, ...targets(app, kind.value)));
  const fields = { kind: field('Sets the', kind), app: field('When the app is', appName), titlePattern: field('or the title matches', pattern),
    domain: field('or the web site is', domain), target: field('to', target) };
  const form = h('form', { class: 'inline-form rule-form', 'aria-label': 'Add a rule' },
    ...Object.values(fields).map((f) => f.field), h('button', { type: 'submit', class: 'primary', text: 'Add rule' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
    const data = { kind: kind.value, [kind.value === 'project' ? 'projectId' : 'categoryId']: target.value };
    if (appName.value.trim()) data.app = appName.value.trim();
    if (pattern.value.trim()) data.titlePattern = pattern.value.trim();
    if (domain.value.trim()) data.domain = domain.value.trim();
    try {
      const created = await app.bridge.invoke('rules:create', data);
      body.prepend(row(created));
      appName.value = '';
      pattern.value = '';
      domain.value = '';
    } catch (err) {
      const named = err.message.startsWith('titlePattern') ? fields.titlePattern : err.message.startsWith('domain') ? fields.domain
        : err.message.startsWith('rule') ? fields.app : fields.target;
      setFieldError(named.input, named.error, errorText(err));
    }
  });

  replaceChildren(body, ...rules.map(row));
  return h('section', { class: 'card settings-section', id: 'settings-rules', 'aria-labelledby': 'settings-rules-h' },
    h('h2', { id: 'settings-rules-h', text: 'Rules' }),
    h('p', { class: 'muted', text: 'Rules put tracked windows, browser tabs and editor files into projects and categories; the first matching rule wins.' }),
    form, reapplyForm(app),
    h('div', { class: 'table-scroll' }, h('table', { class: 'rules' },
      h('thead', {}, h('tr', {}, ...['On', 'App', 'Title pattern', 'Web site', 'Folder', 'Goes to', ''].map((t) => h('th', { scope: 'col', text: t })))), body)));
}


/** Re-apply today's rules to the windows tracked in a date range: preview, apply, undo the last apply. */
function reapplyForm(app) {
  const today = new Date().toISOString().slice(0, 10);
  const from = h('input', { type: 'date', value: today });
  const to = h('input', { type: 'date', value: today });
  const result = h('p', { class: 'muted', role: 'status', id: 'reapply-result' });
  const range = () => [new Date(`${from.value}T00:00`).toISOString(), new Date(`${to.value}T00:00`).getTime() + 86400000];
  const describe = (report, verb) => {
    const moved = report.moves.slice(0, 3).map((m) => `${labelOf(app, m.before)} → ${labelOf(app, m.after)} (${duration(m.duration)})`);
    result.textContent = `${report.changed} tracked spans ${verb}${moved.length ? `: ${moved.join('; ')}` : ''}.`;
  };
  const call = (channel, verb) => async () => {
    try {
      const [start, endMs] = range();
      const args = channel === 'rules:undoReapply' ? [] : [start, new Date(endMs).toISOString()];
      describe(await app.bridge.invoke(channel, ...args), verb);
    } catch (err) {
      showError(err, 'The rules were not applied');
    }
  };
  return h('div', { class: 'inline-form reapply-form', role: 'group', 'aria-label': 'Re-apply the rules to past days' },
    field('Re-apply the rules from', from).field, field('to', to).field,
    h('button', { type: 'button', text: 'Preview', onclick: call('rules:previewReapply', 'would change') }),
    h('button', { type: 'button', class: 'primary', text: 'Apply', onclick: call('rules:reapply', 'changed') }),
    h('button', { type: 'button', text: 'Undo last', onclick: call('rules:undoReapply', 'put back') }), result);
}

function labelOf(app, label) {
  const project = label.projectId ? app.catalogs.projectName(label.projectId) : null;
  const category = label.category ? app.catalogs.category(label.category)?.name || label.category : null;
  return [project, category].filter(Boolean).join(' / ') || 'nothing';
}
