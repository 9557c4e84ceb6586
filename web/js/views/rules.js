// The Rules section of Settings: which app or window title goes to which project or category.
import { field, h, option, replaceChildren, setFieldError } from '../dom.js';
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
    const tr = h('tr', {}, h('td', {}, enabled), h('td', {}, appInput), h('td', {}, title),
      h('td', { class: 'target' }, swatch(color), goesTo), h('td', {}, remove));
    return tr;
  }

  // -- new rule --------------------------------------------------------------------------
  const kind = h('select', {}, ...KINDS.map(([v, text]) => option(v, text)));
  const appName = h('input', { type: 'text', maxlength: '200', placeholder: 'e.g. code' });
  const pattern = h('input', { type: 'text', maxlength: '500', placeholder: 'e.g. (?i)jira|confluence', spellcheck: 'false' });
  const target = h('select', {}, ...targets(app, 'category'));
  kind.addEventListener('change', () => replaceChildren(target, ...targets(app, kind.value)));
  const fields = { kind: field('Sets the', kind), app: field('When the app is', appName), titlePattern: field('or the title matches', pattern),
    target: field('to', target) };
  const form = h('form', { class: 'inline-form rule-form', 'aria-label': 'Add a rule' },
    ...Object.values(fields).map((f) => f.field), h('button', { type: 'submit', class: 'primary', text: 'Add rule' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
    const data = { kind: kind.value, [kind.value === 'project' ? 'projectId' : 'categoryId']: target.value };
    if (appName.value.trim()) data.app = appName.value.trim();
    if (pattern.value.trim()) data.titlePattern = pattern.value.trim();
    try {
      const created = await app.bridge.invoke('rules:create', data);
      body.prepend(row(created));
      appName.value = '';
      pattern.value = '';
    } catch (err) {
      const named = err.message.startsWith('titlePattern') ? fields.titlePattern : err.message.startsWith('rule') ? fields.app : fields.target;
      setFieldError(named.input, named.error, errorText(err));
    }
  });

  replaceChildren(body, ...rules.map(row));
  return h('section', { class: 'card settings-section', id: 'settings-rules', 'aria-labelledby': 'settings-rules-h' },
    h('h2', { id: 'settings-rules-h', text: 'Rules' }),
    h('p', { class: 'muted', text: 'Rules put tracked windows into projects and categories; the first matching rule wins.' }),
    form,
    h('div', { class: 'table-scroll' }, h('table', { class: 'rules' },
      h('thead', {}, h('tr', {}, ...['On', 'App', 'Title pattern', 'Goes to', ''].map((t) => h('th', { scope: 'col', text: t })))), body)));
}
