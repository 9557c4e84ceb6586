// Form controls fed by the catalogs: project select, tag input with suggestions.
import { h, option } from './dom.js';

/** A <select> of projects (archived ones hidden unless current); `blank` adds a first option like "Any project". */
export function projectSelect(app, selectedId, { blank, label } = {}) {
  const select = h('select', { class: 'project-select' });
  if (label) select.setAttribute('aria-label', label);
  fillProjects(app, select, selectedId, blank);
  return select;
}

export function fillProjects(app, select, selectedId, blank) {
  const chosen = selectedId ?? select.value;
  const options = app.catalogs.pickable(chosen).map((p) => option(p.id, p.isArchived ? `${p.name} (archived)` : p.name, p.id === chosen));
  if (blank) options.unshift(option('', blank, !chosen));
  select.replaceChildren(...options);
}

/** A text input for comma-separated tags that suggests known tags for the word being typed. */
export function tagInput(app, tags = [], { label = 'Tags' } = {}) {
  const list = h('datalist', { id: `tags-${Math.random().toString(36).slice(2)}` });
  const input = h('input', { type: 'text', class: 'tag-input', value: tags.join(', '), list: list.id, autocomplete: 'off',
    'aria-label': label, placeholder: 'tag, tag' });
  const suggest = () => {
    const parts = input.value.split(',');
    const typed = parts.pop().trim().toLowerCase();
    const prefix = parts.length ? `${parts.map((p) => p.trim()).join(', ')}, ` : '';
    const used = new Set(parts.map((p) => p.trim().toLowerCase()));
    const names = app.catalogs.tags.map((t) => t.name).filter((n) => !used.has(n.toLowerCase()) && n.toLowerCase().startsWith(typed));
    list.replaceChildren(...names.slice(0, 20).map((n) => option(`${prefix}${n}`, n)));
  };
  input.addEventListener('input', suggest);
  input.addEventListener('focus', suggest);
  return { input, list, nodes: [input, list] };
}
