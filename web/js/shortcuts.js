// Keyboard shortcuts; single keys only act when no text field has the focus. Ctrl+K opens the command palette.
import { h } from './dom.js';
import { continueActivity } from './entries.js';
import { installPalette } from './palette.js';

export const SHORTCUTS = [
  ['S', 'Start (focus the quick-start box) or stop the timer'],
  ['P', 'Pause or resume the timer'],
  ['N', 'New activity: focus the quick-start box'],
  ['Ctrl+K', 'Command palette: every action, or type an entry like “9-10 Call @Acme”'],
  ['C', 'Continue the last activity'],
  ['/', 'Search activities'],
  ['1 – 7', 'Go to Today, Activities, Projects, Tags, Goals, Analytics, Settings'],
  ['?', 'Show these shortcuts'],
];

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function installShortcuts(app, order) {
  const help = h('dialog', { class: 'shortcuts', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title', text: 'Keyboard shortcuts' }),
    h('dl', {}, ...SHORTCUTS.flatMap(([keys, what]) => [h('dt', {}, h('kbd', { text: keys })), h('dd', { text: what })])),
    h('form', { method: 'dialog' }, h('button', { class: 'primary', text: 'Close' })));
  document.body.append(help);

  const go = async (id) => { location.hash = `#/${id}`; await app.show(id); return app.views.get(id); };
  const focusQuickStart = async () => { await go('today'); document.getElementById('quick-name').focus(); };
  const openPalette = installPalette(app, go);
  const continueLast = async () => {
    const [last] = await app.bridge.invoke('activity:getFiltered', { limit: 1, sortOrder: 'desc' });
    if (last) await continueActivity(app, last);
  };
  const actions = {
    s: async () => (await go('today')).toggleTimer(),
    p: async () => (await go('today')).togglePause(),
    n: focusQuickStart,
    c: continueLast,
    '/': async () => (await go('activities')).focusSearch(),
    '?': () => help.showModal(),
  };
  order.forEach((id, i) => { actions[String(i + 1)] = () => go(id); });

  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      openPalette();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || help.open) return;
    const action = actions[event.key.toLowerCase()];
    if (!action) return;
    event.preventDefault();
    action();
  });
  return help;
}
