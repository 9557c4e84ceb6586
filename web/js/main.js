// Boot: the bridge, the theme, the views, live events, shortcuts, and the welcome on the first run.
import { App } from './app.js';
import { installBridge } from './bridge.js';
import { h, replaceChildren } from './dom.js';
import { createIdleBanner } from './idle.js';
import { effect } from './lib.js';
import { installShortcuts } from './shortcuts.js';
import { liveClock, showError, tickLiveClocks, toast } from './ui.js';
import { createActivitiesView } from './views/activities.js';
import { createAnalyticsView } from './views/analytics.js';
import { createCalendarView } from './views/calendar.js';
import { createGoalsView } from './views/goals.js';
import { createProjectsView } from './views/projects.js';
import { createQuickView } from './views/quick.js';
import { createReviewView } from './views/review.js';
import { createSettingsView } from './views/settings.js';
import { createSyncView } from './views/sync.js';
import { createTagsView } from './views/tags.js';
import { createTodayView } from './views/today.js';
import { createWhereView } from './views/where.js';
import { createWelcome } from './welcome.js';

const VIEWS = [createTodayView, createActivitiesView, createProjectsView, createTagsView, createGoalsView, createAnalyticsView,
  createSettingsView, createSyncView, createReviewView, createWhereView, createCalendarView, createQuickView];
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
// settings every view's times and weeks follow, the Settings view's own included
const WRITTEN_EVERYWHERE = new Set(['timeFormat', 'weekStartsOn']);

function applyTheme(app) {
  const chosen = app.settings.theme || 'system';
  const theme = chosen === 'system' ? (darkQuery.matches ? 'dark' : 'light') : chosen;
  document.documentElement.dataset.theme = theme;
}

/** The running activity in the sidebar, on every view, from the store. */
function createRunningBadge(app) {
  const badge = h('div', { class: 'running-badge', role: 'status', 'aria-label': 'Running activity' });
  function refresh() {
    const running = app.store.running.value;
    if (!running) {
      replaceChildren(badge, h('span', { class: 'muted', text: 'No timer running' }));
      return;
    }
    replaceChildren(badge,
      h('span', { class: 'badge-name', text: running.name, title: running.name }),
      liveClock(running, 'badge-clock'),
      h('button', { type: 'button', class: 'small danger', text: 'Stop', 'aria-label': `Stop ${running.name}`, onclick: async () => {
        try {
          await app.bridge.invoke('activity:stop', running.id);
          await app.activitiesChanged();
        } catch (err) {
          showError(err, 'Could not stop');
        }
      } }));
  }
  return { el: badge, refresh };
}

function route(app) {
  const id = location.hash.replace(/^#\/?/, '').split(/[?&=]/)[0];
  const view = app.views.has(id) ? id : 'today';
  document.body.classList.toggle('mini', view === 'quick'); // the tray's quick-entry window: no sidebar
  for (const link of document.querySelectorAll('.nav a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  return app.show(view);
}

async function boot() {
  const bridge = installBridge();
  const app = new App(bridge);
  const main = document.getElementById('main');
  const nav = document.querySelector('.nav');
  const [settings, ratings, exportFormats, colors] = await Promise.all([bridge.invoke('settings:getAll'),
    bridge.invoke('category:getRatings'), bridge.invoke('export:getFormats'), bridge.invoke('project:getColors'),
    app.catalogs.load(), app.connections.load()]);
  Object.assign(app, { settings, ratings, exportFormats, colors });
  applyTheme(app);
  for (const create of VIEWS) {
    const view = create(app);
    app.addView(view);
    main.append(view.el);
  }
  const idle = createIdleBanner(app);
  main.prepend(idle.el);
  const running = createRunningBadge(app);
  document.querySelector('.sidebar').append(running.el);
  const offline = document.getElementById('offline');
  const welcome = createWelcome(app);
  document.body.append(welcome.el);

  // Keep the page's token out of the address bar, screenshots and history.
  if (location.hash.includes('token=')) history.replaceState(null, '', `${location.pathname}${location.search}#/today`);

  darkQuery.addEventListener('change', () => applyTheme(app));
  bridge.on('theme-changed', ({ theme }) => { app.settings = { ...app.settings, theme }; applyTheme(app); });
  bridge.on('settings:changed', ({ key, value }) => { // from any door: the Settings view, the CLI, the API
    app.settings = { ...app.settings, [key]: value };
    if (key === 'theme') return; // the page's colours follow it (applyTheme); no view draws anything else from it
    // the Settings view shows a single changed value in place (a redraw would drop what is being typed there)
    app.changed([...app.views.keys()].filter((id) => WRITTEN_EVERYWHERE.has(key) || id !== 'settings'));
  });

  app.store.listen();
  let firstRevision = true;
  effect(() => {
    app.store.revision.value; // subscribe
    if (!firstRevision) {
      app.revisionMoved();
      idle.check();
    }
    firstRevision = false;
  });
  effect(() => running.refresh());
  bridge.on('show-notification', (note) => toast(note.body || note.message || '', { title: note.title, timeout: 8000 }));
  window.addEventListener('lighttrack:connection', ({ detail }) => {
    if (detail.online && !offline.hidden) app.activitiesChanged();
    offline.hidden = detail.online;
  });

  installShortcuts(app, [...app.views.values()].filter((v) => !v.hiddenFromNav).map((v) => v.id));
  window.addEventListener('hashchange', () => route(app));
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) main.focus({ preventScroll: true });
  });
  setInterval(() => tickLiveClocks(), 1000);
  await Promise.all([route(app), idle.check()]);
  document.body.dataset.ready = 'true';
  // Read the Activities list while the user looks at the first view, so switching to it paints at once.
  setTimeout(() => app.prefetch(['activities']), 300);
  await welcome.check().catch((error) => showError(error, 'The welcome could not open'));
}

boot().catch((error) => {
  console.error(error);
  const message = document.getElementById('boot-error');
  message.textContent = `The dashboard could not start: ${error.message}`;
  message.hidden = false;
});
