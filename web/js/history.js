// "Earlier versions" of one entry, as the sync server keeps them: each with where and when it was written,
// and a Restore button that shows it again on every device.
import { html, useState } from './lib.js';
import { stamp, time } from './format.js';
import { errorText, toast } from './ui.js';

function summary(doc) {
  if (!doc) return 'erased';
  const times = doc.startTime ? `${time(doc.startTime)}–${doc.endTime ? time(doc.endTime) : 'running'}` : '';
  const tags = (doc.tags || []).map((tag) => `#${tag}`).join(' ');
  return [doc.name, times, tags, doc.isDeleted ? '(deleted)' : ''].filter(Boolean).join(' · ');
}

export function EntryHistory({ app, activity, close }) {
  const [state, setState] = useState({ versions: null, message: '' });

  async function load(event) {
    if (!event.currentTarget.open || state.versions) return;
    try {
      setState({ versions: await app.bridge.invoke('sync:getHistory', 'activities', activity.id), message: '' });
    } catch (err) {
      setState({ versions: [], message: err.code === 'CONFLICT' || /not set up/.test(err.message)
        ? 'Earlier versions are kept on the sync server: set up sync to have them.' : errorText(err) });
    }
  }

  async function restore(version) {
    try {
      await app.bridge.invoke('sync:restoreVersion', 'activities', activity.id, version.seq);
      close();
      toast('Restored that version; it reaches your other devices at the next sync.');
      await app.activitiesChanged();
    } catch (err) {
      setState({ ...state, message: errorText(err) });
    }
  }

  const { versions, message } = state;
  return html`<details class="entry-history" onToggle=${load}>
    <summary>Earlier versions</summary>
    ${message ? html`<p class="muted" role="status">${message}</p>` : null}
    ${versions === null ? html`<p class="muted">Loading…</p>` : null}
    ${versions && !versions.length && !message ? html`<p class="muted">No versions on the sync server yet.</p>` : null}
    ${versions && versions.length ? html`<ol class="history-list">
      ${versions.map((version, index) => html`<li>
        <span class="history-when">${stamp(version.at, app.hour12)}</span>
        <span class="history-what">${summary(version.document)}</span>
        ${index === 0 ? html`<span class="muted">latest</span>`
          : html`<button type="button" class="small" disabled=${version.erased} onClick=${() => restore(version)}>Restore</button>`}
      </li>`)}
    </ol>` : null}
  </details>`;
}
