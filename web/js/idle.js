// The banner shown after an absence: what should happen to the time away? The choices, their order and wording,
// the prompt and the duration all come from the app (idle:getChoices, idle:getPending), as in the tray and the
// notification.
import { h, replaceChildren } from './dom.js';
import { showError } from './ui.js';

export function createIdleBanner(app) {
  const banner = h('section', { class: 'idle-banner', role: 'alertdialog', 'aria-labelledby': 'idle-title', 'aria-describedby': 'idle-text', hidden: true });
  let shown = null;
  let choices = null;

  async function show(absence) {
    choices = choices || await app.bridge.invoke('idle:getChoices');
    shown = absence;
    const offered = choices.filter((choice) => (absence.choices || []).includes(choice.id));
    replaceChildren(banner,
      h('h2', { id: 'idle-title', text: absence.title }),
      h('p', { id: 'idle-text', text: absence.prompt }),
      h('div', { class: 'idle-choices' }, ...offered.map((choice, index) =>
        h('button', { type: 'button', class: index === 0 ? 'primary' : '', title: choice.hint, dataset: { choice: choice.id },
          text: choice.label, onclick: () => resolve(choice.id) }))));
    banner.hidden = false;
    banner.querySelector('button')?.focus();
  }

  async function resolve(choice) {
    try {
      await app.bridge.invoke('idle:resolve', shown.absenceId, choice);
    } catch (err) {
      if (err.code !== 'CONFLICT' && err.code !== 'NOT_FOUND') showError(err, 'Could not apply your choice');
    }
    hide();
    app.activitiesChanged();
  }

  function hide() {
    shown = null;
    banner.hidden = true;
  }

  /** Ask the tracker whether an absence waits for an answer (at start and after activity changes). */
  async function check() {
    const pending = await app.optional('idle:getPending');
    if (pending && pending.choices?.length) await show(pending);
    else if (shown) hide();
  }

  app.bridge.on('idle:returned', (absence) => { if (absence.pending) show(absence).catch((err) => showError(err, 'Could not show the idle choices')); });
  app.bridge.on('idle:prompt-requested', () => check().catch((err) => showError(err, 'Could not show the idle choices')));
  app.bridge.on('idle:started', () => hide());
  app.bridge.on('idle:resolved', () => hide());
  return { el: banner, check };
}
