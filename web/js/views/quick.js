// The tray's "Start new…": one quick-entry line, focused, in a window of its own (Toggl's mini timer).
import { h } from '../dom.js';
import { html, render } from '../lib.js';
import { QuickEntry } from '../quickentry.js';
import { toast } from '../ui.js';

export function createQuickView(app) {
  const view = { id: 'quick', title: 'Start new', hiddenFromNav: true };
  const root = h('div', { class: 'card quick-start mini' });
  const done = (stored) => toast(stored.endTime ? `Added “${stored.name}”` : `Started “${stored.name}”`);
  view.refresh = async () => {
    render(html`<${QuickEntry} app=${app} id="mini-line" submitLabel="Start" autofocus=${true} onDone=${done} />`, root);
    document.getElementById('mini-line')?.focus();
  };
  const heading = h('h1', { id: 'quick-heading', text: 'Start new' });
  view.el = h('section', { class: 'view view-quick', id: 'view-quick', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('p', { class: 'subtitle', text: 'Type what you work on; add a time, @project or #tag, e.g. “1h30 Review @Acme”.' })), root);
  return view;
}
