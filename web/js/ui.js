// Shared pieces of the page: toasts, the live clock, error sentences.
import { h } from './dom.js';
import { elapsed, clock } from './format.js';
import { humanize } from './words.js';

const TOAST_LIMIT = 4;

/** Show a toast; `action` = {label, run} adds a button (e.g. Undo). Returns a function that closes it. */
export function toast(message, { title, kind = 'info', action, timeout = 6000 } = {}) {
  const region = document.getElementById(kind === 'error' ? 'alerts' : 'toasts');
  const close = () => item.remove();
  // a plain message shown again replaces its earlier copy (a toast with an action keeps its own: each undoes its change)
  const item = h('div', { class: `toast toast-${kind}`, 'data-message': action ? null : `${title || ''}|${message}` },
    h('div', { class: 'toast-text' }, title ? h('strong', { text: title }) : null, h('span', { text: message })),
    action ? h('button', { type: 'button', class: 'link', onclick: () => { close(); action.run(); }, text: action.label }) : null,
    h('button', { type: 'button', class: 'icon', 'aria-label': 'Dismiss', onclick: close, text: '×' }));
  for (const same of [...region.children].filter((old) => !action && old.dataset.message === item.dataset.message)) same.remove();
  region.append(item);
  while (region.children.length > TOAST_LIMIT) region.firstElementChild.remove();
  if (timeout) setTimeout(close, timeout);
  return close;
}

export function errorText(error) {
  return humanize(error && error.message ? error.message : String(error));
}

/** Report a failed call in an error toast; returns a function that closes it. */
export function showError(error, what) {
  return toast(errorText(error), { title: what, kind: 'error', timeout: 8000 });
}

/** An element whose text is the live worked time of `activity` (updated by tickLiveClocks). */
export function liveClock(activity, className = 'live-clock') {
  const el = h('span', { class: className, text: clock(elapsed(activity)) });
  if (!activity.endTime) {
    Object.assign(el.dataset, {
      start: activity.startTime, paused: String(activity.pausedDuration || 0), pauseStart: activity.isPaused ? activity.pauseStartTime || '' : '',
    });
  }
  return el;
}

export function tickLiveClocks(now = Date.now()) {
  for (const el of document.querySelectorAll('[data-start]')) {
    const activity = {
      startTime: el.dataset.start, pausedDuration: Number(el.dataset.paused), isPaused: Boolean(el.dataset.pauseStart),
      pauseStartTime: el.dataset.pauseStart || null,
    };
    el.textContent = clock(elapsed(activity, now));
  }
}

/** A progress bar with its text (value and target in the same unit). */
export function progressBar(value, target, label, { overIsBad = false } = {}) {
  const ratio = target > 0 ? value / target : 0;
  const percent = Math.round(ratio * 100);
  return h('div', { class: `progress${ratio > 1 && overIsBad ? ' over' : ''}` },
    h('div', { class: 'progress-track', role: 'progressbar', 'aria-label': label, 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-valuenow': String(Math.min(percent, 100)), 'aria-valuetext': `${percent}%` },
    h('div', { class: 'progress-fill', style: { width: `${Math.min(100, Math.max(0, ratio * 100))}%` } })),
    h('span', { class: 'progress-text', text: `${percent}%` }));
}

/** A coloured dot (decorative) for projects, tags and categories. */
export function swatch(color) {
  return h('span', { class: 'swatch', 'aria-hidden': 'true', style: { background: color || 'var(--muted)' } });
}

export function emptyState(text) {
  return h('p', { class: 'empty', text });
}
