// The first-run welcome: what is tracked, where it lives, what the system will ask, and the first choices.
import { field, h, replaceChildren } from './dom.js';
import { showError } from './ui.js';

function checkbox(label, checked, hint) {
  const input = h('input', { type: 'checkbox', checked });
  return { input, el: h('label', { class: 'welcome-check', title: hint || '' }, input, ' ', label) };
}

function facts(welcome) {
  return [
    h('h3', { text: 'What LightTrack records' }),
    h('ul', {}, ...welcome.tracked.map((line) => h('li', { text: line }))),
    h('h3', { text: 'Where it stays' }),
    h('p', { text: `In ${welcome.dataDir}, encrypted; the key is kept in your ${welcome.keyStorage}.` }),
    h('p', { text: welcome.privacy }),
    welcome.permissions.length ? h('h3', { text: 'What your system may ask you to allow' }) : null,
    welcome.permissions.length ? h('ul', {}, ...welcome.permissions.map((p) =>
      h('li', {}, h('strong', { text: p.name }), ` — ${p.why} (${p.where}).`))) : null,
  ];
}

function choices(welcome) {
  const idle = h('input', { type: 'number', min: 1, max: 1440, step: 1, required: true,
    value: String(Math.round(welcome.choices.idleThresholdSeconds / 60)) });
  const inputs = {
    idle,
    trackWindows: checkbox('Record the app and window in front', welcome.choices.trackWindows),
    redactTitles: checkbox('Keep app names only, not window titles', welcome.choices.redactTitles),
    autostart: welcome.autostart.supported
      ? checkbox('Start LightTrack when I log in', welcome.choices.autostart, welcome.autostart.location) : null,
    checkForUpdates: checkbox('Check for new versions when I ask (contacts the update feed)', welcome.choices.checkForUpdates),
  };
  const idleField = field('Set time aside after this many idle minutes', idle);
  const els = [idleField.field, ...['trackWindows', 'redactTitles', 'autostart', 'checkForUpdates']
    .map((key) => inputs[key]?.el)];
  return { inputs, els };
}

function chosen(inputs) {
  const picked = {
    idleThresholdSeconds: Math.round(Number(inputs.idle.value) * 60),
    trackWindows: inputs.trackWindows.input.checked,
    redactTitles: inputs.redactTitles.input.checked,
    checkForUpdates: inputs.checkForUpdates.input.checked,
  };
  if (inputs.autostart) picked.autostart = inputs.autostart.input.checked;
  return picked;
}

/** A modal shown once: "Start tracking" says yes; "Not now" or Escape says no, records nothing and is remembered. */
export function createWelcome(app) {
  const dialog = h('dialog', { class: 'welcome', 'aria-labelledby': 'welcome-title' });
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); decline(); });

  function render(welcome) {
    const { inputs, els } = choices(welcome);
    const start = h('button', { type: 'submit', class: 'primary', text: 'Start tracking' });
    const later = h('button', { type: 'button', text: 'Not now', title: 'Record nothing; turn tracking on later in Settings', onclick: decline });
    const form = h('form', { method: 'dialog', onsubmit: (event) => submit(event, inputs, start) },
      h('h3', { text: 'Your first choices' }), ...els, h('div', { class: 'welcome-actions' }, later, start));
    replaceChildren(dialog, h('h2', { id: 'welcome-title', text: 'Welcome to LightTrack' }), ...facts(welcome), form);
  }

  async function submit(event, inputs, button) {
    event.preventDefault();
    if (!inputs.idle.reportValidity()) return;
    button.disabled = true;
    try {
      const welcome = await app.bridge.invoke('app:completeFirstRun', chosen(inputs));
      app.settings = { ...app.settings, ...welcome.choices, firstRunCompleted: true };
      dialog.close();
    } catch (error) {
      showError(error, 'Could not save your choices');
      button.disabled = false;
    }
  }

  async function decline() {
    try {
      const welcome = await app.bridge.invoke('app:declineFirstRun');
      app.settings = { ...app.settings, ...welcome.choices, firstRunCompleted: true };
      dialog.close();
    } catch (error) {
      showError(error, 'Could not save your answer');
    }
  }

  /** Show the welcome when this data folder has not completed its first run. */
  async function check() {
    const welcome = await app.optional('app:getWelcome');
    if (!welcome?.firstRun) return;
    render(welcome);
    dialog.showModal();
  }

  return { el: dialog, check };
}
