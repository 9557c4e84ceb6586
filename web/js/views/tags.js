// Tags and categories as lists to read (colour, name, and a category's productivity rating); a row opens a small
// editor (renaming a tag renames it on every activity), "New tag" and "New category" the same editor empty.
import { h } from '../dom.js';
import { html, render, signal, useState, useValue } from '../lib.js';
import { Armed, ColorChoice, FieldError, changed, deleteRecord, fieldFor, Popover } from '../editing.js';
import { errorText, toast } from '../ui.js';

const FIELDS = [[/^name|named/i, 'name'], [/colou?r/i, 'color'], [/productivity/i, 'productivity']];
const KINDS = {
  tag: { label: 'tag', title: 'Tag', hint: 'Renaming a tag renames it on every activity.' },
  category: { label: 'category', title: 'Category', hint: 'The rating counts in the productivity pulse and score.' },
};

function LabelEditor({ app, kind, record, close }) {
  const words = KINDS[kind];
  const [form, setForm] = useState(() => ({ name: record?.name || '', color: record?.color || null,
    productivity: record?.productivity || 'neutral' }));
  const [errors, setErrors] = useState({});
  const set = (key) => (value) => setForm({ ...form, [key]: value });

  async function save(event) {
    event.preventDefault();
    const wanted = { name: form.name.trim(), color: form.color, ...(kind === 'category' ? { productivity: form.productivity } : {}) };
    try {
      if (record) {
        const changes = changed(record, wanted);
        if (Object.keys(changes).length) app.store.applyRecord(kind, await app.bridge.invoke(`${kind}:update`, record.id, changes));
      } else {
        const made = Object.fromEntries(Object.entries(wanted).filter(([, value]) => value !== null));
        const saved = await app.bridge.invoke(`${kind}:create`, made);
        app.store.applyRecord(kind, saved);
        toast(`${words.title} “${saved.name}” added`);
      }
      close();
    } catch (err) {
      setErrors({ [fieldFor(err, FIELDS)]: errorText(err) });
    }
  }

  const remove = () => deleteRecord(app, kind, record, { close, fail: (form) => setErrors({ form }) });

  const id = (field) => `${kind}-${field}`;
  return html`<${Popover} class="label-editor" label=${record ? `Edit ${words.label} ${record.name}` : `New ${words.label}`}
      onSubmit=${save} close=${close} errors=${errors}>
    <h2 class="popover-title">${record ? words.title : `New ${words.label}`}</h2>
    <div class="field">
      <label for=${id('name')}>Name</label>
      <input id=${id('name')} type="text" maxlength="100" value=${form.name} onInput=${(e) => set('name')(e.currentTarget.value)}
        aria-invalid=${errors.name ? 'true' : undefined} />
      <${FieldError} id=${id('name')} error=${errors.name} />
    </div>
    <${ColorChoice} id=${id('color')} kind=${words.label} colors=${app.colors} value=${form.color} onChange=${set('color')}
      error=${errors.color} />
    ${kind === 'category' ? html`<div class="field">
      <label for="category-productivity">Productivity</label>
      <select id="category-productivity" value=${form.productivity} onChange=${(e) => set('productivity')(e.currentTarget.value)}>
        ${app.ratings.map((r) => html`<option key=${r.id} value=${r.id}>${r.label}</option>`)}
      </select>
      <${FieldError} id="category-productivity" error=${errors.productivity} />
    </div>` : null}
    <p class="hint muted">${words.hint}</p>
    <${FieldError} error=${errors.form} />
    <div class="popover-actions">
      ${record ? html`<${Armed} class="danger" id=${id('delete')} label="Delete" confirm="Really delete?" run=${remove} />` : null}
      <span class="spacer"></span>
      <button type="button" onClick=${close}>Cancel</button>
      <button type="submit" class="primary" id=${id('save')}>${record ? 'Save' : `Add ${words.label}`}</button>
    </div>
  <//>`;
}

function LabelList({ app, kind, records, open }) {
  const rating = (id) => app.ratings.find((r) => r.id === id)?.label || id;
  const heading = kind === 'tag' ? 'Tags' : 'Categories';
  return html`<section class="card labels-card" aria-labelledby=${`${kind}-heading`}>
    <div class="card-title-row">
      <h2 id=${`${kind}-heading`}>${heading}</h2>
      <button type="button" id=${`new-${kind}`} onClick=${() => open(kind, null)}>New ${KINDS[kind].label}</button>
    </div>
    ${kind === 'category' ? html`<p class="muted">Categories come from the window rules; their rating drives the productivity pulse.</p>` : null}
    ${records.length ? html`<ul class="label-list" aria-label=${heading}>
      ${records.map((r) => html`<li key=${r.id} class="label-row" data-id=${r.id}>
        <button type="button" class="label-open" onClick=${() => open(kind, r)}>
          <span class="dot" style=${{ background: r.color }}></span>
          <span class="label-name">${r.name}</span>
          ${kind === 'category' ? html`<span class="label-rating muted">${rating(r.productivity)}</span>` : null}
        </button>
      </li>`)}
    </ul>` : html`<p class="empty">No ${heading.toLowerCase()} yet: add one, or type #tag in a quick entry.</p>`}
  </section>`;
}

function TagsPage({ app, editor }) {
  const tags = useValue(app.store.tags);
  const categories = useValue(app.store.categories);
  const editing = useValue(editor);
  const open = (kind, record) => { editor.value = { kind, record }; };
  const close = () => { editor.value = null; };
  const byName = (a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
  const records = { tag: tags, category: categories };
  const record = editing?.record && records[editing.kind].find((r) => r.id === editing.record.id);
  return html`
    <header class="view-header"><h1 id="tags-heading">Tags & categories</h1></header>
    <div class="labels-grid">
      <${LabelList} app=${app} kind="tag" records=${[...tags].sort(byName)} open=${open} />
      <${LabelList} app=${app} kind="category" records=${[...categories].sort(byName)} open=${open} />
    </div>
    ${editing && (record || !editing.record) ? html`<${LabelEditor} key=${`${editing.kind}-${record?.id || 'new'}`} app=${app}
      kind=${editing.kind} record=${record || null} close=${close} />` : null}`;
}

export function createTagsView(app) {
  const view = { id: 'tags', title: 'Tags & categories' };
  const editor = signal(null); // the open editor: {kind: 'tag'|'category', record: the record, or null for a new one}
  view.el = h('section', { class: 'view', id: 'view-tags', 'aria-labelledby': 'tags-heading', hidden: true });
  render(html`<${TagsPage} app=${app} editor=${editor} />`, view.el);
  return view;
}
