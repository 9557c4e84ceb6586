// Clients, as Toggl Track has them: the picker a project chooses its client with ("New client…" makes one), and the
// Clients section of the Projects view (add, rename, archive, delete). Both render from the store's clients.
import { field, h, option, replaceAroundFocus, replaceChildren, setFieldError } from './dom.js';
import { checked, createForm, recordField, textOrNull } from './records.js';
import { emptyState, errorText, showError, toast } from './ui.js';
import { plural } from './words.js';

const NEW_CLIENT = '__new__';
const CONFIRM_MS = 4000;

/** The options of a client <select>: no client, the pickable clients (an archived current one marked), "New client…". */
function clientOptions(app, selectedId) {
  const clients = app.catalogs.pickableClients(selectedId);
  return [option('', 'No client', !selectedId),
    ...clients.map((c) => option(c.id, c.isArchived ? `${c.name} (archived)` : c.name, c.id === selectedId)),
    option(NEW_CLIENT, 'New client…')];
}

const livePickers = new Set(); // WeakRefs to the refill of each picker: one that left the page is forgotten
const following = new WeakSet();

/** Every client picker on the page refills after a change of the clients (also one inside a focused card). */
function followClients(app, refill) {
  livePickers.add(new WeakRef(refill));
  if (following.has(app)) return;
  following.add(app);
  app.catalogs.onChange((area) => {
    if (area !== 'client') return;
    for (const ref of livePickers) {
      const live = ref.deref();
      if (live) live();
      else livePickers.delete(ref);
    }
  });
}

/**
 * A labelled client picker. `pick(change)` gets {clientId} for a listed client (null: none) or {client: name} for
 * a new one typed after choosing "New client…"; it returns a Promise of the saved project (an error shows next to
 * the picker). Returns {field, input, error, read, reset}: `read()` is the change the picker holds now.
 */
export function clientPicker(app, selectedId, { label = 'Client', pick } = {}) {
  const select = h('select', { class: 'client-select' });
  const name = h('input', { type: 'text', class: 'new-client-name', maxlength: '200', placeholder: 'New client name',
    'aria-label': 'New client name', hidden: true });
  const built = field(label, select);
  built.field.classList.add('client-field');
  built.input.after(name);
  let chosen = selectedId || ''; // the client shown when not typing a new one
  const typing = () => !name.hidden;
  const refill = () => {
    replaceChildren(select, ...clientOptions(app, chosen));
    select.value = typing() ? NEW_CLIENT : chosen;
  };
  const read = () => (typing() ? { client: name.value.trim() || null } : { clientId: chosen || null });
  const save = async () => {
    if (!pick) return;
    try {
      const saved = await pick(read());
      chosen = saved?.clientId || '';
      name.value = '';
      name.hidden = true;
      refill();
      setFieldError(select, built.error, '');
    } catch (err) {
      setFieldError(select, built.error, errorText(err));
    }
  };
  select.addEventListener('change', () => {
    name.hidden = select.value !== NEW_CLIENT;
    if (typing()) {
      name.focus();
      return;
    }
    chosen = select.value;
    save();
  });
  name.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && name.value.trim()) { event.preventDefault(); save(); }
    if (event.key === 'Escape') { name.hidden = true; refill(); select.focus(); }
  });
  name.addEventListener('change', () => { if (name.value.trim()) save(); });
  refill();
  followClients(app, refill);
  const reset = () => { name.value = ''; name.hidden = true; chosen = ''; refill(); };
  return { field: built.field, input: select, error: built.error, read, reset };
}

/** A delete button that asks first, saying what happens to the client's projects. */
function deleteClientButton(app, client, projectCount) {
  const button = h('button', { type: 'button', class: 'danger small', text: 'Delete', 'aria-label': `Delete ${client.name}` });
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = projectCount ? `Delete? ${plural(projectCount, 'project loses', 'projects lose')} it` : 'Really delete?';
      setTimeout(() => { armed = false; button.textContent = 'Delete'; }, CONFIRM_MS);
      return;
    }
    try {
      await app.bridge.invoke('client:delete', client.id);
      toast(`Client “${client.name}” deleted`);
    } catch (err) {
      showError(err, `Could not delete ${client.name}`);
    }
  });
  return button;
}

/** The Clients section: add form and one row per client; `render()` follows the catalog. */
export function createClientsSection(app) {
  const list = h('ul', { class: 'record-list client-list', 'aria-label': 'Clients' });
  const form = createForm(app, 'client', 'Add client', [
    ['name', 'Client name', h('input', { type: 'text', maxlength: '200', required: true })],
  ]);

  function row(client) {
    const count = app.catalogs.projects.filter((p) => p.clientId === client.id).length;
    const archive = h('input', { type: 'checkbox', checked: Boolean(client.isArchived) });
    archive.addEventListener('change', async () => {
      try {
        await app.bridge.invoke('client:update', client.id, { isArchived: checked(archive) });
      } catch (err) {
        archive.checked = !archive.checked;
        showError(err, `Could not change ${client.name}`);
      }
    });
    return h('li', { class: `record client-row${client.isArchived ? ' archived' : ''}`, dataset: { id: client.id } },
      recordField(app, 'client', client, 'name', 'Client name', h('input', { type: 'text', value: client.name, maxlength: '200' }), textOrNull),
      h('span', { class: 'client-projects muted', text: plural(count, 'project', 'projects') }),
      h('label', { class: 'check' }, archive, ' Archived'),
      deleteClientButton(app, client, count));
  }

  /** Every row but the one holding the focus (someone may be typing in it) is redrawn. */
  const render = () => replaceAroundFocus(list, app.catalogs.clients, row,
    h('li', {}, emptyState('No clients yet: add one, or pick “New client…” on a project.')));
  const heading = h('h2', { id: 'clients-heading', text: 'Clients' });
  const el = h('section', { class: 'card clients-card', 'aria-labelledby': heading.id }, heading,
    h('p', { class: 'muted', text: 'An archived client stays on its projects but is no longer offered when picking one.' }),
    form, list);
  return { el, render };
}
