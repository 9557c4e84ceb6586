// The focus-session (Pomodoro) card on Today: start, skip a phase, stop; the phase and its time left, live.
import { h, replaceChildren } from './dom.js';
import { clock } from './format.js';
import { showError } from './ui.js';
import { plural } from './words.js';

const PHASES = { work: 'Focus', shortBreak: 'Short break', longBreak: 'Long break' };
const EVENTS = ['focus:started', 'focus:stopped', 'focus:work-started', 'focus:break-started'];

export function createFocusCard(app) {
  const card = h('section', { class: 'card focus-card', 'aria-labelledby': 'focus-title' });
  let status = null;
  let fetchedAt = 0;
  let ticker = null;

  const remaining = () => Math.max(0, status.remainingMs - (Date.now() - fetchedAt));

  async function call(channel, what) {
    try {
      status = await app.bridge.invoke(channel);
      fetchedAt = Date.now();
      render();
      app.activitiesChanged();
    } catch (err) {
      showError(err, what);
      refresh();
    }
  }

  function tick() {
    const left = card.querySelector('.focus-clock');
    if (!status?.active || !left) return;
    left.textContent = clock(remaining());
    if (remaining() === 0) refresh(); // the app moves to the next phase within a second
  }

  function render() {
    clearInterval(ticker);
    const done = status.completedPomodoros || 0;
    const count = done ? `${done} focus ${done === 1 ? 'phase' : 'phases'} done` : null;
    if (!status.active) {
      const minutes = app.settings.pomodoroMinutes ?? 25;
      const pause = app.settings.breakMinutes ?? 5;
      replaceChildren(card,
        h('div', { class: 'focus-main' },
          h('h2', { id: 'focus-title', text: 'Focus session' }),
          h('p', { class: 'muted', text: `${plural(minutes, 'minute')} of focus, then a ${pause}-minute break. Notifications stay quiet while you focus.` })),
        h('button', { type: 'button', id: 'focus-start', text: 'Start focus', onclick: () => call('focus:start', 'Could not start focusing') }));
      return;
    }
    const working = status.phase === 'work';
    replaceChildren(card,
      h('div', { class: 'focus-main' },
        h('h2', { id: 'focus-title' }, 'Focus session ', h('span', { class: `badge phase-${working ? 'work' : 'break'}`, text: PHASES[status.phase] || status.phase })),
        h('p', { class: 'muted', text: [working ? 'Until the next break' : 'Until focus resumes', count].filter(Boolean).join(' · ') })),
      h('span', { class: 'focus-clock', role: 'timer', 'aria-label': 'Time left in this phase', text: clock(remaining()) }),
      h('div', { class: 'timer-buttons' },
        h('button', { type: 'button', id: 'focus-skip', text: working ? 'Take the break now' : 'Skip the break',
          onclick: () => call('focus:skip', 'Could not skip') }),
        h('button', { type: 'button', class: 'danger', id: 'focus-stop', text: 'End session', onclick: () => call('focus:stop', 'Could not stop') })));
    ticker = setInterval(tick, 1000);
  }

  async function refresh() {
    const found = await app.optional('focus:getStatus');
    card.hidden = found === undefined;
    if (!found) return;
    status = found;
    fetchedAt = Date.now();
    render();
  }

  for (const channel of EVENTS) app.bridge.on(channel, () => refresh());
  return { el: card, refresh };
}
