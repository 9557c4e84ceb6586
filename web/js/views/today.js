// Today: the running timer, the quick-start box, the focus session, today's activities, the window timeline and
// the day's meetings and commits.
import { activityRow } from '../activityrow.js';
import { h, replaceChildren } from '../dom.js';
import { date, dayBounds, duration, elapsed, localDay, addDays, splitList } from '../format.js';
import { fillProjects, projectSelect, tagInput } from '../pickers.js';
import { emptyState, liveClock, showError, swatch } from '../ui.js';
import { timelineBar } from '../timeline.js';
import { createExternalList } from '../external.js';
import { createFocusCard } from '../focus.js';

const STATUS_POLL_MS = 5000;
const SUGGESTION_DAYS = 90;

export function createTodayView(app) {
  const view = { id: 'today', title: 'Today' };
  const heading = h('h1', { id: 'today-heading', text: 'Today' });
  const subtitle = h('p', { class: 'subtitle' });
  const status = h('p', { class: 'tracker-status', role: 'status' });
  const timerCard = h('section', { class: 'card timer-card', 'aria-label': 'Running activity' });
  const list = h('ul', { class: 'activity-list', 'aria-label': "Today's activities" });
  const timeline = h('div', { class: 'timeline-slot' });
  const focus = createFocusCard(app);
  const external = createExternalList(app);
  const suggestions = new Map();
  const nameOptions = h('datalist', { id: 'name-options' });
  let running = null;
  let pendingRender = null;

  // -- quick start -----------------------------------------------------------------
  const nameInput = h('input', { type: 'text', id: 'quick-name', list: 'name-options', autocomplete: 'off', required: true,
    placeholder: 'What are you working on?', maxlength: '500' });
  const projectInput = projectSelect(app, 'default', { label: 'Project' });
  projectInput.id = 'quick-project';
  const tags = tagInput(app, [], { label: 'Tags' });
  tags.input.id = 'quick-tags';
  const quickError = h('p', { class: 'field-error', id: 'quick-error', role: 'alert', hidden: true });
  nameInput.setAttribute('aria-describedby', quickError.id);
  nameInput.addEventListener('change', () => {
    const known = suggestions.get(nameInput.value.trim().toLowerCase());
    if (!known) return;
    if (projectInput.value === 'default') projectInput.value = known.projectId;
    if (!tags.input.value.trim()) tags.input.value = known.tags.join(', ');
  });
  const quickStart = h('form', { class: 'card quick-start', 'aria-label': 'Start an activity' },
    h('label', { for: nameInput.id, class: 'visually-hidden', text: 'Activity name' }), nameInput, nameOptions,
    projectInput, ...tags.nodes,
    h('button', { type: 'submit', class: 'primary', text: 'Start' }), quickError);
  quickStart.addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      quickError.textContent = 'Give the activity a name first.';
      quickError.hidden = false;
      nameInput.focus();
      return;
    }
    try {
      await app.bridge.invoke('activity:start', { name, projectId: projectInput.value, tags: splitList(tags.input.value) });
      quickError.hidden = true;
      nameInput.value = '';
      tags.input.value = '';
      projectInput.value = 'default';
      app.activitiesChanged();
    } catch (err) {
      quickError.textContent = err.message;
      quickError.hidden = false;
    }
  });

  // -- timer card -----------------------------------------------------------------------
  async function control(channel) {
    try {
      await app.bridge.invoke(channel, running.id);
      app.activitiesChanged();
    } catch (err) {
      showError(err, 'The timer did not change');
    }
  }

  function renderTimer() {
    if (!running) {
      replaceChildren(timerCard, h('div', { class: 'timer-idle' },
        h('span', { class: 'timer-clock idle', text: '0:00:00' }),
        h('p', { text: 'No timer running. Name an activity below and press Start (or press S).' })));
      return;
    }
    const project = app.catalogs.project(running.projectId);
    replaceChildren(timerCard,
      h('div', { class: 'timer-main' },
        h('p', { class: 'timer-name', text: running.name }),
        h('p', { class: 'timer-meta' }, swatch(project?.color), project?.name || 'No project',
          ...(running.tags || []).map((t) => h('span', { class: 'chip', text: t })),
          running.isPaused ? h('span', { class: 'badge paused', text: 'Paused' }) : null)),
      liveClock(running, 'timer-clock'),
      h('div', { class: 'timer-buttons' },
        running.isPaused
          ? h('button', { type: 'button', class: 'primary', id: 'resume-button', onclick: () => control('activity:resume'), text: 'Resume' })
          : h('button', { type: 'button', id: 'pause-button', onclick: () => control('activity:pause'), text: 'Pause' }),
        h('button', { type: 'button', class: 'danger', id: 'stop-button', onclick: () => control('activity:stop'), text: 'Stop' })));
  }

  // -- list ---------------------------------------------------------------------------
  function continueButton(activity) {
    return h('button', { type: 'button', class: 'icon', title: 'Continue', 'aria-label': `Continue ${activity.name}`, text: '▶',
      onclick: async () => {
        try {
          await app.bridge.invoke('activity:start', { name: activity.name, projectId: activity.projectId, tags: activity.tags });
          app.activitiesChanged();
        } catch (err) {
          showError(err, 'Could not start');
        }
      } });
  }

  function renderList(activities) {
    if (list.contains(document.activeElement)) {
      pendingRender = activities; // don't pull an input away from someone typing in it
      return;
    }
    pendingRender = null;
    const total = activities.reduce((sum, a) => sum + elapsed(a), 0);
    subtitle.textContent = `${date(new Date())} · ${duration(total)} tracked`;
    if (!activities.length) {
      replaceChildren(list, h('li', {}, emptyState('Nothing tracked yet today.')));
      return;
    }
    replaceChildren(list, ...[...activities].reverse().map((activity) => {
      const row = activityRow(app, activity, { onChanged: () => app.activitiesChanged() });
      if (activity.endTime) row.insertBefore(continueButton(activity), row.querySelector('.row-error'));
      return row;
    }));
  }
  list.addEventListener('focusout', (event) => {
    if (pendingRender && !list.contains(event.relatedTarget)) setTimeout(() => pendingRender && renderList(pendingRender));
  });

  // -- tracker status and timeline ---------------------------------------------------------
  async function renderStatus() {
    const state = await app.optional('tracker:getStatus');
    if (!state) {
      status.hidden = true;
      return;
    }
    status.hidden = false;
    const toggle = h('button', { type: 'button', class: 'link', text: state.paused ? 'Resume tracking' : 'Pause tracking',
      onclick: async () => {
        try {
          await app.bridge.invoke('tracker:setPaused', !state.paused);
        } catch (err) {
          showError(err, 'Tracking did not change');
        }
        renderStatus();
      } });
    let text;
    if (state.paused) text = 'Window tracking is paused.';
    else if (state.idle) text = `Away for ${duration((state.idleSeconds || 0) * 1000)}.`;
    else if (state.currentWindow) text = `Now: ${state.currentWindow.app} — ${state.currentWindow.title || ''}`;
    else text = state.tracking ? 'Tracking windows.' : 'Window tracking is off.';
    replaceChildren(status, h('span', { class: 'status-text', text }), ' ', toggle);
  }

  async function renderTimeline() {
    const [start, end] = dayBounds(new Date());
    const spans = await app.optional('timeline:get', start, end);
    if (spans === undefined) {
      replaceChildren(timeline, emptyState('Window tracking is not part of this LightTrack build.'));
      return;
    }
    replaceChildren(timeline, timelineBar(app, spans));
  }

  async function loadSuggestions() {
    const recent = await app.bridge.invoke('activity:getFiltered',
      { startDate: localDay(addDays(new Date(), -SUGGESTION_DAYS)), limit: 500 });
    suggestions.clear();
    for (const activity of recent) {
      const key = activity.name.toLowerCase();
      if (!suggestions.has(key)) suggestions.set(key, activity);
    }
    replaceChildren(nameOptions, ...[...suggestions.values()].slice(0, 100).map((a) =>
      h('option', { value: a.name, label: app.catalogs.projectName(a.projectId) })));
  }

  view.refresh = async () => {
    const [current, today] = await Promise.all([
      app.bridge.invoke('activity:getRunning'), app.bridge.invoke('activity:getTodayActivities')]);
    running = current;
    renderTimer();
    renderList(today);
    await Promise.all([renderStatus(), renderTimeline(), loadSuggestions(), focus.refresh(), external.refresh()]);
  };

  /** Keyboard shortcut S: stop the running activity, or go to the quick-start box. */
  view.toggleTimer = async () => {
    if (running) await control('activity:stop');
    else nameInput.focus();
  };
  view.togglePause = async () => {
    if (running) await control(running.isPaused ? 'activity:resume' : 'activity:pause');
  };

  app.catalogs.onChange(() => { fillProjects(app, projectInput); if (running) renderTimer(); });
  setInterval(() => { if (app.current === view) renderStatus().catch(() => {}); }, STATUS_POLL_MS);

  view.el = h('section', { class: 'view', id: 'view-today', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, subtitle, status),
    timerCard, quickStart, focus.el,
    h('h2', { text: 'Activities' }), list,
    h('h2', { text: 'Window timeline' }), timeline, external.el);
  return view;
}
