// Clients, as Toggl Track has them: the picker a project chooses its client with ("New client…" makes one), and the
// Clients list of the Projects view, whose rows open a small editor (rename, archive, delete).
import { html, useEffect, useRef, useState } from './lib.js';
import { Armed, FieldError, changed, deleteRecord, fieldFor, Popover } from './editing.js';
import { errorText, toast } from './ui.js';
import { plural } from './words.js';

const NEW_CLIENT = '__new__';

/**
 * The client of a project being edited: "No client", the pickable clients (an archived current one marked) and
 * "New client…", which shows a name field. `value` is {clientId} or {client: the new one's name}.
 */
export function ClientChoice({ app, clients, currentId, value, onChange, error }) {
  const typing = 'client' in value;
  const nameRef = useRef(null);
  const selectRef = useRef(null);
  const shown = useRef(false);
  useEffect(() => { // after a switch between the list and the name field, not when the editor opens
    if (shown.current) (typing ? nameRef : selectRef).current?.focus();
    shown.current = true;
  }, [typing]);
  const pickable = clients.filter((c) => !c.isArchived || c.id === currentId);
  const pick = (event) => {
    const id = event.currentTarget.value;
    onChange(id === NEW_CLIENT ? { client: '' } : { clientId: id || null });
  };
  const escape = (event) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation(); // back to the list, not out of the editor
    onChange({ clientId: currentId || null });
  };
  return html`<div class="field client-field">
    <label for="project-client">Client</label>
    <select id="project-client" ref=${selectRef} class="client-select" value=${typing ? NEW_CLIENT : value.clientId || ''} onChange=${pick}
        aria-invalid=${error && !typing ? 'true' : undefined}>
      <option value="">No client</option>
      ${pickable.map((c) => html`<option key=${c.id} value=${c.id}>${c.isArchived ? `${c.name} (archived)` : c.name}</option>`)}
      <option value=${NEW_CLIENT}>New client…</option>
    </select>
    ${typing ? html`<input ref=${nameRef} type="text" class="new-client-name" maxlength="200" placeholder="New client name"
      aria-label="New client name" value=${value.client} aria-invalid=${error ? 'true' : undefined} onInput=${(e) => onChange({ client: e.currentTarget.value })}
      onKeyDown=${escape} />` : null}
    <${FieldError} id="project-client" error=${error} />
  </div>`;
}

const CLIENT_FIELDS = [[/client name|a client named|^name/i, 'name']];

/** Add (client null) or edit one client: name, archived; delete asks first, saying what happens to its projects. */
export function ClientEditor({ app, client, projectCount, close }) {
  const [name, setName] = useState(client?.name || '');
  const [archived, setArchived] = useState(Boolean(client?.isArchived));
  const [errors, setErrors] = useState({});
  const fail = (err) => setErrors({ [fieldFor(err, CLIENT_FIELDS)]: errorText(err) });

  async function save(event) {
    event.preventDefault();
    const data = client ? changed(client, { name: name.trim(), isArchived: archived }) : { name: name.trim() };
    try {
      if (!client) toast(`Client “${(await app.bridge.invoke('client:create', data)).name}” added`);
      else if (Object.keys(data).length) await app.bridge.invoke('client:update', client.id, data);
      close();
    } catch (err) {
      fail(err);
    }
  }

  const remove = () => deleteRecord(app, 'client', client, { close, fail: (form) => setErrors({ form }),
    what: `Client “${client.name}”` });

  const title = client ? `Edit client ${client.name}` : 'New client';
  return html`<${Popover} class="client-editor" label=${title} onSubmit=${save} close=${close} errors=${errors}>
    <h2 class="popover-title">${client ? 'Client' : 'New client'}</h2>
    <div class="field">
      <label for="client-name">Client name</label>
      <input id="client-name" type="text" maxlength="200" required value=${name}
        onInput=${(e) => setName(e.currentTarget.value)} aria-invalid=${errors.name ? 'true' : undefined} />
      <${FieldError} id="client-name" error=${errors.name} />
    </div>
    ${client ? html`<label class="check"><input type="checkbox" id="client-archived" checked=${archived}
        onChange=${(e) => setArchived(e.currentTarget.checked)} /> Archived
      <span class="muted"> — stays on its projects, no longer offered when picking a client</span></label>` : null}
    <${FieldError} error=${errors.form} />
    <div class="popover-actions">
      ${client ? html`<${Armed} class="danger" id="client-delete" label="Delete" run=${remove}
        confirm=${projectCount ? `Delete? ${plural(projectCount, 'project loses', 'projects lose')} it` : 'Really delete?'} />` : null}
      <span class="spacer"></span>
      <button type="button" onClick=${close}>Cancel</button>
      <button type="submit" class="primary" id="client-save">${client ? 'Save' : 'Add client'}</button>
    </div>
  <//>`;
}

/** The Clients card: one row per client (its project count, archived or not); a row opens its editor. */
export function ClientList({ clients, projects, open }) {
  const counts = new Map();
  for (const p of projects) if (p.clientId) counts.set(p.clientId, (counts.get(p.clientId) || 0) + 1);
  return html`<section class="card clients-card" aria-labelledby="clients-heading">
    <div class="card-title-row">
      <h2 id="clients-heading">Clients</h2>
      <button type="button" id="new-client" onClick=${() => open(null)}>New client</button>
    </div>
    ${clients.length ? html`<ul class="client-list" aria-label="Clients">
      ${clients.map((c) => html`<li key=${c.id} class=${`client-row${c.isArchived ? ' archived' : ''}`} data-id=${c.id}>
        <button type="button" class="client-open" onClick=${() => open(c)}>
          <span class="client-name">${c.name}</span>
          ${c.isArchived ? html`<span class="chip">Archived</span>` : null}
          <span class="client-projects muted">${plural(counts.get(c.id) || 0, 'project', 'projects')}</span>
        </button>
      </li>`)}
    </ul>` : html`<p class="empty">No clients yet: add one, or pick “New client…” on a project.</p>`}
  </section>`;
}
