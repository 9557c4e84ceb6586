// Today: the running timer, the quick-start box, the focus session, today's activities, the window timeline and
// the day's meetings and commits.
import { h, replaceChildren } from '../dom.js';
import { EntryList } from '../entries.js';
import { date, dayBounds, duration, elapsed, splitList } from '../format.js';
import { html, render, useState } from '../lib.js';
import { ProjectPicker } from '../pickers.js';
import { QuickEntry } from '../quickentry.js';
import { emptyState, liveClock, showError, swatch } from '../ui.js';
import { timelineBar } from '../timeline.js';
import { createExternalList } from '../external.js';
import { createFocusCard } from '../focus.js';

const STATUS_POLL_MS = 5000;

export function createTodayView(app) {
  const view = { id: 'today', title: 'Today' };
  const heading = h('h1', { id: 'today-heading', text: 'Today' });
  const subtitle = h('p', { class: 'subtitle' });
  const status = h('p', { class: 'tracker-status', role: 'status' });
  const timerCard = h('section', { class: 'card timer-card', 'aria-label': 'Running activity' });
  const list = h('div', { class: 'today-entries', 'aria-label': "Today's activities" });
  const timeline = h('div', { class: 'timeline-slot' });
  const focus = createFocusCard(app);
  const external = createExternalList(app);
  let running = null;

  // -- quick entry: the line, plus a project and tags beside it --------------------------------
  const quickRoot = h('section', { class: 'card quick-start', 'aria-label': 'Start an activity' });
  const quickFields = { projectId: 'default', tags: '' };
  function QuickStart() {
    const [fields, setFields] = useState(quickFields);
    const change = (key) => (value) => { quickFields[key] = value; setFields({ ...quickFields }); };
    return html`<${QuickEntry} app=${app} id="quick-name" submitLabel="Start"
        extra=${() => ({ projectId: quickFields.projectId, tags: splitList(quickFields.tags) })}
        onDone=${() => { change('tags')(''); change('projectId')('default'); }}>
      <${ProjectPicker} app=${app} id="quick-project" value=${fields.projectId} onChange=${change('projectId')} />
      <input id="quick-tags" class="tag-input" type="text" placeholder="tag, tag" aria-label="Tags" value=${fields.tags}
        onInput=${(e) => change('tags')(e.currentTarget.value)} />
    <//>`;
  }
  render(html`<${QuickStart} />`, quickRoot);

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
  function renderList(activities) {
    const total = activities.reduce((sum, a) => sum + elapsed(a), 0);
    subtitle.textContent = `${date(new Date())} · ${duration(total)} tracked`;
    render(html`<${EntryList} app=${app} activities=${activities} empty="Nothing tracked yet today." />`, list);
  }

  // -- tracker status and timeline ---------------------------------------------------------
  async function renderStatus() {
    const state = await app.optional('tracker:getStatus');
    if (!state) {
      status.hidden = true;
      return;
    }
    status.hidden = false;
    const [text, action] = trackingLine(state);
    replaceChildren(status, h('span', { class: 'status-text', text }), ...(action ? [' ', action] : []));
  }

  /** What the tracker is doing, and the one action that changes it (none where nothing can be tracked). */
  function trackingLine(state) {
    const act = (label, channel, ...args) => h('button', { type: 'button', class: 'link', text: label, onclick: async () => {
      try {
        await app.bridge.invoke(channel, ...args);
      } catch (err) {
        showError(err, 'Tracking did not change');
      }
      renderStatus();
    } });
    const pause = act('Pause tracking', 'tracker:setPaused', true);
    if (state.paused) return ['Window tracking is paused.', act('Resume tracking', 'tracker:setPaused', false)];
    if (!state.windowSource) return ['No windows to track here: LightTrack runs without a desktop session.', null];
    if (app.settings.trackWindows === false) return ['Window tracking is off.', act('Turn it on', 'settings:set', 'trackWindows', true)];
    if (state.idle) return [`Away for ${duration((state.idleSeconds || 0) * 1000)}.`, pause];
    if (state.currentWindow) return [`Now: ${state.currentWindow.app} — ${state.currentWindow.title || ''}`, pause];
    return [state.tracking ? 'Tracking windows.' : 'Window tracking starts when you say yes in the welcome.', pause];
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

  view.refresh = async () => {
    const [current, today] = await Promise.all([
      app.bridge.invoke('activity:getRunning'), app.bridge.invoke('activity:getTodayActivities')]);
    running = current;
    renderTimer();
    renderList(today);
    await Promise.all([renderStatus(), renderTimeline(), focus.refresh(), external.refresh()]);
  };

  /** Keyboard shortcut S: stop the running activity, or go to the quick-start box. */
  view.toggleTimer = async () => {
    if (running) await control('activity:stop');
    else document.getElementById('quick-name')?.focus();
  };
  view.togglePause = async () => {
    if (running) await control(running.isPaused ? 'activity:resume' : 'activity:pause');
  };

  app.catalogs.onChange(() => { if (running) renderTimer(); });
  setInterval(() => { if (app.current === view) renderStatus().catch(() => {}); }, STATUS_POLL_MS);

  view.el = h('section', { class: 'view', id: 'view-today', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading, subtitle, status),
    timerCard, quickRoot, focus.el,
    h('h2', { text: 'Activities' }), list,
    h('h2', { text: 'Window timeline' }), timeline, external.el);
  return view;
}
