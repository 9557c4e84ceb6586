// The command palette (Ctrl+K): every action by name, and whatever else is typed becomes a quick entry
// ("9-10 Call @Acme", "1h30 Review"), previewed before Enter stores it.
import { html, render, useEffect, useRef, useState } from './lib.js';
import { continueActivity } from './entries.js';
import { parsedDetails } from './quickentry.js';
import { errorText, showError, toast } from './ui.js';

const PREVIEW_DELAY_MS = 120;

function actionsOf(app, go) {
  const running = app.store.running.value;
  const timer = async (channel) => {
    try {
      await app.bridge.invoke(channel, running.id);
      await app.activitiesChanged();
    } catch (err) {
      showError(err, 'The timer did not change');
    }
  };
  const continueLast = async () => {
    const [last] = await app.bridge.invoke('activity:getFiltered', { limit: 1, sortOrder: 'desc' });
    if (last) await continueActivity(app, last);
    else toast('Nothing to continue yet.');
  };
  const list = [...app.views.values()].filter((v) => !v.hiddenFromNav).map((view) => ({ id: `go-${view.id}`, label: `Go to ${view.title}`, run: () => go(view.id) }));
  if (running) {
    list.unshift({ id: 'stop', label: `Stop “${running.name}”`, run: () => timer('activity:stop') },
      running.isPaused ? { id: 'resume', label: 'Resume the timer', run: () => timer('activity:resume') }
        : { id: 'pause', label: 'Pause the timer', run: () => timer('activity:pause') });
  }
  list.push({ id: 'continue-last', label: 'Continue the last activity', run: continueLast },
    { id: 'search', label: 'Search activities', run: async () => (await go('activities')).focusSearch() },
    { id: 'new-project', label: 'New project', run: async () => (await go('projects')).newProject() },
    { id: 'new-client', label: 'New client', run: async () => (await go('projects')).newClient() },
    { id: 'new-goal', label: 'New goal', run: async () => (await go('goals')).newGoal() });
  return list;
}

function Palette({ app, go, close }) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [parsed, setParsed] = useState(null);
  const [error, setError] = useState('');
  const input = useRef(null);
  useEffect(() => { input.current.focus(); }, []);
  useEffect(() => {
    setParsed(null);
    setError('');
    if (!text.trim()) return undefined;
    const timer = setTimeout(() => app.bridge.invoke('activity:parse', text, { createProject: true })
      .then(setParsed, (err) => setError(errorText(err))), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const words = text.trim().toLowerCase();
  const matching = actionsOf(app, go).filter((a) => !words || a.label.toLowerCase().includes(words));
  const entry = words ? [{ id: 'quick-add', label: parsed ? `Add “${parsed.name}”${parsedDetails(app, parsed)}` : `Add “${text.trim()}” as an entry`, run: async () => {
    try {
      await app.bridge.invoke('activity:quickAdd', text, { createProject: true });
      await app.activitiesChanged();
      toast('Added');
    } catch (err) {
      showError(err, 'Could not add');
    }
  } }] : [];
  const items = [...matching, ...entry];
  const choose = async (item) => { close(); await item.run(); };
  const onKey = (event) => {
    if (event.key === 'Escape') close();
    else if (event.key === 'ArrowDown') { event.preventDefault(); setActive(Math.min(active + 1, items.length - 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive(Math.max(active - 1, 0)); }
    else if (event.key === 'Enter' && items[active]) { event.preventDefault(); choose(items[active]); }
  };
  return html`<div class="popover-backdrop" onMouseDown=${(e) => e.target === e.currentTarget && close()}>
    <div class="popover palette" role="dialog" aria-modal="true" aria-label="Command palette">
      <input id="palette-input" ref=${input} type="text" autocomplete="off" placeholder="Type a command, or an entry like 9-10 Call @Acme"
        role="combobox" aria-expanded="true" aria-controls="palette-list" value=${text} onKeyDown=${onKey}
        aria-activedescendant=${items[active] ? `palette-${items[active].id}` : undefined}
        onInput=${(e) => { setText(e.currentTarget.value); setActive(0); }} />
      ${error && words ? html`<p class="quick-preview error">${error}</p>` : null}
      <ul id="palette-list" role="listbox" class="palette-list">
        ${items.map((item, i) => html`<li id=${`palette-${item.id}`} role="option" aria-selected=${i === active ? 'true' : 'false'}
          class=${i === active ? 'active' : ''} onMouseDown=${(e) => { e.preventDefault(); choose(item); }}>${item.label}</li>`)}
      </ul>
    </div>
  </div>`;
}

/** Install the palette; returns open(). */
export function installPalette(app, go) {
  const root = document.createElement('div');
  document.body.append(root);
  const close = () => render(null, root);
  return () => render(html`<${Palette} app=${app} go=${go} close=${close} />`, root);
}
