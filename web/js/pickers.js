// Form controls fed by the store's catalogs: project select, tag input with suggestions. Every project select
// follows the catalog: a project made anywhere (another view, the tray, the API) appears in it within the second.
import { h, option } from './dom.js';
import { html, useValue } from './lib.js';

const liveSelects = new Set(); // WeakRefs: a select that left the page is forgotten
const watching = new WeakSet();

function followProjects(app, select) {
  liveSelects.add(new WeakRef(select));
  if (watching.has(app)) return;
  watching.add(app);
  app.catalogs.onChange((area) => {
    if (area !== 'project') return;
    for (const ref of liveSelects) {
      const live = ref.deref();
      if (live) fillProjects(app, live, null, live.dataset.blank);
      else liveSelects.delete(ref);
    }
  });
}

/** A <select> of projects (archived ones hidden unless current); `blank` adds a first option like "Any project". */
export function projectSelect(app, selectedId, { blank, label } = {}) {
  const select = h('select', { class: 'project-select' });
  if (label) select.setAttribute('aria-label', label);
  if (blank) select.dataset.blank = blank;
  fillProjects(app, select, selectedId, blank);
  followProjects(app, select);
  return select;
}

/** The Preact project picker: a colour dot and a select that follow the catalog. */
export function ProjectPicker({ app, id, value, onChange, blank, label }) {
  const projects = useValue(app.store.projects);
  const shown = projects.filter((p) => !p.isArchived || p.id === value);
  const color = projects.find((p) => p.id === value)?.color || 'transparent';
  return html`<span class="project-picker">
    <span class="dot" aria-hidden="true" style=${`background:${color}`}></span>
    <select id=${id} class="project-select" aria-label=${label || 'Project'} value=${value}
        onChange=${(e) => onChange(e.currentTarget.value)}>
      ${blank ? html`<option value="" selected=${!value}>${blank}</option>` : null}
      ${shown.map((p) => html`<option value=${p.id} selected=${p.id === value}>${p.isArchived ? `${p.name} (archived)` : p.name}</option>`)}
    </select>
  </span>`;
}

function fillProjects(app, select, selectedId, blank) {
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
