// Settings → Sync: status of this device's sync, "Sync now", pairing and removing devices, and the conflicts.
import { h, replaceChildren } from '../dom.js';
import { clockText, stamp } from '../format.js';
import { emptyState, errorText, showError, toast } from '../ui.js';

const GROUP_LABELS = { text: 'Name and description', class: 'Project and category', times: 'Start and end',
  deleted: 'Deleted or not', fields: 'Details', name: 'Name', color: 'Colour', value: 'Value', client: 'Client' };

const RECORD_LABELS = { activities: 'Entry', projects: 'Project', clients: 'Client', categories: 'Category',
  goals: 'Goal', rules: 'Rule', tags: 'Tag', settings: 'Setting', devices: 'Device' };
const CATALOG_FIELDS = { projectId: ['project', 'projects'], categoryId: ['category', 'categories'], clientId: ['client', 'clients'] };
const TIME_FIELDS = { startTime: 'start', endTime: 'end', deletedAt: 'deleted' };

/** "Entry “Draft”: Name and description" — the record as the user knows it, and what of it differs. */
function conflictTitle(conflict) {
  const name = conflict.recordName || (conflict.table === 'settings' ? conflict.recordId : '');
  return `${RECORD_LABELS[conflict.table] || conflict.table}${name ? ` “${name}”` : ''}: `
    + `${GROUP_LABELS[conflict.group] || conflict.group}`;
}

/** One side of a conflict in words: names quoted, projects by name, times as the app writes them. */
function describe(value, app) {
  if (value === null || value === '') return '(empty)';
  if (typeof value !== 'object') return String(value);
  const parts = Object.entries(value).filter(([, v]) => v !== null && v !== '')
    .map(([key, v]) => fieldText(key, v, app));
  return parts.join(' · ') || '(empty)';
}

function fieldText(key, value, app) {
  if (key === 'name') return `“${value}”`;
  if (key === 'isDeleted') return value ? 'deleted' : 'not deleted';
  if (TIME_FIELDS[key]) return `${TIME_FIELDS[key]} ${stamp(value, app.hour12)}`;
  if (CATALOG_FIELDS[key]) {
    const [label, list] = CATALOG_FIELDS[key];
    const found = app.store[list].peek().find((record) => record.id === value);
    return `${label} ${found ? found.name : '(deleted)'}`;
  }
  return `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`;
}

function statusLines(status, hour12) {
  if (!status.configured) {
    return [h('p', { text: 'Sync is not set up on this device.' }),
      h('p', { class: 'muted', text: 'Run `lighttrack sync setup --dsn DSN` with LightTrack closed; see the README.' })];
  }
  const last = status.lastSync ? stamp(status.lastSync, hour12) : 'never';
  const lines = [h('p', { text: `This device: ${status.deviceName}` }), h('p', { text: `Last sync: ${last}` }),
    h('p', { text: `Pending changes: ${status.pending}` }),
    h('p', { class: 'muted', text: `Device id ${status.deviceId} · vault ${status.vaultId}` })];
  if (status.lastError && !status.needsPassphrase) {
    lines.push(h('p', { class: 'field-error', role: 'alert', text: `Last error: ${status.lastError}` }));
  }
  if (Math.abs(status.clockSkewMs) > 60000) {
    lines.push(h('p', { role: 'alert', text: `This computer's clock is ${Math.round(status.clockSkewMs / 1000)} s off the server's.` }));
  }
  return lines;
}

/** A sync passphrase field with its button; `run(passphrase)` does the work, its error shows under the field. */
function passphraseForm(label, action, run) {
  const field = h('input', { type: 'password', autocomplete: 'current-password', 'aria-label': 'Sync passphrase',
    placeholder: 'Sync passphrase', required: true });
  const error = h('p', { class: 'field-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'danger small', text: action });
  return h('form', { class: 'inline-form sync-passphrase', 'aria-label': label, onsubmit: async (event) => {
    event.preventDefault();
    button.disabled = true;
    error.textContent = '';
    try {
      await run(field.value);
    } catch (err) {
      error.textContent = errorText(err);
      field.focus();
    } finally {
      button.disabled = false;
    }
  } }, field, button, error);
}

export function createSyncView(app) {
  const view = { id: 'sync', title: 'Sync' };
  const statusBox = h('div', { class: 'sync-status', role: 'status', 'aria-live': 'polite' });
  const conflictList = h('ul', { class: 'record-list sync-conflicts', 'aria-label': 'Sync conflicts' });

  async function resolve(conflict, index) {
    try {
      await app.bridge.invoke('sync:resolve', conflict.id, index);
      toast('Kept your choice; it reaches your other devices at the next sync.');
      app.changed(['today', 'activities', 'projects', 'tags', 'settings']);
      await view.refresh();
    } catch (err) {
      showError(err, 'Could not resolve the conflict');
    }
  }

  const conflictItem = (conflict) => h('li', { class: 'record' },
    h('p', { text: conflictTitle(conflict) }),
    h('ul', {}, ...conflict.siblings.map((sibling, index) => h('li', {},
      h('span', { text: describe(sibling.value, app) }),
      h('span', { class: 'muted', text: ` (${sibling.deviceName}, ${stamp(sibling.at, app.hour12)}) ` }),
      h('button', { type: 'button', class: 'small', text: 'Keep this', onclick: () => resolve(conflict, index) })))));

  let closeFailure = () => {}; // the last "Sync failed" toast: it goes once sync works again
  const syncNow = h('button', { type: 'button', class: 'primary', text: 'Sync now', onclick: async () => {
    syncNow.disabled = true;
    closeFailure();
    try {
      await app.bridge.invoke('sync:now');
      app.changed(['today', 'activities', 'projects', 'tags', 'goals', 'settings']);
    } catch (err) {
      closeFailure = showError(err, 'Sync failed');
    } finally {
      syncNow.disabled = false;
      await view.refresh();
    }
  } });

  const pairingBox = h('div', { class: 'sync-pairing', role: 'status', 'aria-live': 'polite' });
  const pair = h('button', { type: 'button', text: 'Pair a device', onclick: async () => {
    pair.disabled = true;
    try {
      const made = await app.bridge.invoke('sync:pair');
      const until = clockText(made.expiresAt, app.hour12);
      replaceChildren(pairingBox,
        h('p', { text: `Pairing code (one use, until ${until}):` }),
        h('p', { class: 'pairing-code', text: made.code }),
        h('p', { class: 'muted', text: 'On the new device, with LightTrack closed: '
          + `lighttrack sync setup --dsn "…your login…" --pairing-code ${made.code}` }));
    } catch (err) {
      showError(err, 'Could not make a pairing code');
    } finally {
      pair.disabled = false;
    }
  } });

  const deviceList = h('ul', { class: 'record-list sync-devices', 'aria-label': 'Devices' });
  let asking = null; // the device being removed or renamed: the list is not redrawn under the user
  const devicesPart = h('div', { hidden: true }, h('h2', { text: 'Devices' }), deviceList);

  async function remove(device, passphrase) {
    await app.bridge.invoke('sync:removeDevice', device.deviceId, passphrase);
    asking = null;
    toast(`Removed ${device.name}: it can't send changes any more, and the vault has a new key it never had. `
      + 'Your other devices ask for the passphrase once; print a new recovery kit.');
    await view.refresh();
  }

  const unlockForm = passphraseForm('Unlock sync', 'Unlock', async (passphrase) => {
    await app.bridge.invoke('sync:unlock', passphrase);
    closeFailure();
    toast('Unlocked: this device syncs again.');
    await view.refresh();
  });
  unlockForm.querySelector('button').className = 'primary small';
  const unlockPart = h('div', { class: 'sync-unlock', hidden: true },
    h('p', { text: 'Another device changed the sync key (it removed a device). Enter the sync passphrase once to go on '
      + 'syncing; your changes here are kept.' }), unlockForm);

  function deviceItem(device) {
    const seen = stamp(device.lastSeen, app.hour12);
    const item = h('li', { class: 'record sync-device' });
    const ask = () => {
      asking = device.deviceId;
      replaceChildren(item, h('p', { text: `Remove ${device.name}? It can't send changes any more, and the vault `
        + 'gets a new key it never had (its passphrase wraps the new key).' }),
        passphraseForm(`Remove ${device.name}`, 'Remove', (passphrase) => remove(device, passphrase)),
        h('button', { type: 'button', class: 'small', text: 'Cancel', onclick: show }));
      item.querySelector('input').focus();
    };
    const rename = () => {
      asking = device.deviceId;
      replaceChildren(item, renameForm(device, show));
      item.querySelector('input').select();
    };
    function show() {
      if (asking === device.deviceId) asking = null;
      const notes = [device.thisDevice && 'this device', device.removed && 'removed'].filter(Boolean).join(', ');
      const action = device.removed ? null : device.thisDevice
        ? h('button', { type: 'button', class: 'small', text: 'Rename…', onclick: rename })
        : h('button', { type: 'button', class: 'small', text: 'Remove…', onclick: ask });
      replaceChildren(item, h('span', { class: 'sync-device-name', text: device.name }),
        h('span', { class: 'muted', text: ` · last seen ${seen}${notes ? ` (${notes})` : ''}` }), action);
    }
    show();
    return item;
  }

  function renameForm(device, cancel) {
    const field = h('input', { type: 'text', value: device.name, maxlength: 64, 'aria-label': 'Device name', required: true });
    const error = h('p', { class: 'field-error', role: 'alert' });
    return h('form', { class: 'inline-form', 'aria-label': 'Rename this device', onsubmit: async (event) => {
      event.preventDefault();
      try {
        const renamed = await app.bridge.invoke('sync:renameDevice', field.value);
        asking = null;
        toast(`This device is now called “${renamed.name}”; your other devices show it at their next sync.`);
        await view.refresh();
      } catch (err) {
        error.textContent = errorText(err);
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    } }, field, h('button', { type: 'submit', class: 'primary small', text: 'Save' }),
    h('button', { type: 'button', class: 'small', text: 'Cancel', onclick: cancel }), error);
  }

  view.refresh = async () => {
    const [status, conflicts] = await Promise.all([app.bridge.invoke('sync:getStatus'), app.bridge.invoke('sync:getConflicts')]);
    replaceChildren(statusBox, ...statusLines(status, app.hour12));
    syncNow.hidden = !status.configured;
    unlockPart.hidden = !status.needsPassphrase;
    pair.hidden = !status.configured;
    devicesPart.hidden = !status.configured;
    if (status.configured && !(asking && deviceList.querySelector('form'))) {
      try {
        replaceChildren(deviceList, ...(await app.bridge.invoke('sync:getDevices')).map(deviceItem));
      } catch (err) {
        replaceChildren(deviceList, h('li', { class: 'muted', text: `Devices can't be listed now: ${err.message}` }));
      }
    }
    replaceChildren(conflictList, ...(conflicts.length ? conflicts.map(conflictItem) : [h('li', {}, emptyState('No conflicts.'))]));
  };
  app.bridge.on('sync-status-changed', (event) => {
    if (!event || !('configured' in event)) return;
    if (app.current === view) view.refresh();
    else app.stale.add(view.id);
  });

  const heading = h('h1', { id: 'sync-heading', text: 'Sync' });
  view.el = h('section', { class: 'view', id: 'view-sync', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, pair, syncNow),
    statusBox,
    unlockPart,
    pairingBox,
    devicesPart,
    h('h2', { text: 'Sync conflicts' }),
    h('p', { class: 'muted', text: 'Edits made on two devices at once are both kept; the newer one shows until you choose.' }),
    conflictList);
  return view;
}
