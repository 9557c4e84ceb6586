// The banner shown after an absence: what should happen to the time away?
import { h, replaceChildren } from './dom.js';
import { duration, time } from './format.js';
import { showError } from './ui.js';

const CHOICES = [
  ['keep', 'Keep the time', 'Count the time away as worked'],
  ['resume', 'Discard and resume', 'Drop the time away and carry on'],
  ['newActivity', 'Log as a new activity', 'Record the time away as its own activity'],
  ['stop', 'Stop at the idle start', 'Stop the activity when you left'],
];

export function createIdleBanner(app) {
  const banner = h('section', { class: 'idle-banner', role: 'alertdialog', 'aria-labelledby': 'idle-title', 'aria-describedby': 'idle-text', hidden: true });
  let shown = null;

  function show(absence) {
    shown = absence;
    const away = absence.awayMs ? duration(absence.awayMs) : 'a while';
    const offered = CHOICES.filter(([id]) => (absence.choices || []).includes(id));
    replaceChildren(banner,
      h('h2', { id: 'idle-title', text: 'Welcome back' }),
      h('p', { id: 'idle-text', text: `You were away for ${away} (since ${time(absence.idleStart)}). “${absence.activityName || 'Your activity'}” is paused since you left.` }),
      h('div', { class: 'idle-choices' }, ...offered.map(([id, label, hint]) =>
        h('button', { type: 'button', class: id === 'keep' ? 'primary' : '', title: hint, dataset: { choice: id }, text: label, onclick: () => resolve(id) }))));
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
    if (pending && pending.choices?.length) show(pending);
    else if (shown) hide();
  }

  app.bridge.on('idle:returned', (absence) => { if (absence.pending) show(absence); });
  app.bridge.on('idle:started', () => hide());
  app.bridge.on('idle:resolved', () => hide());
  return { el: banner, check };
}
