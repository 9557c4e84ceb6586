// Boot: the bridge, the theme, the views, live events, shortcuts, and the welcome on the first run.
import { App } from './app.js';
import { installBridge } from './bridge.js';
import { h, replaceChildren } from './dom.js';
import { createIdleBanner } from './idle.js';
import { installShortcuts } from './shortcuts.js';
import { liveClock, showError, tickLiveClocks, toast } from './ui.js';
import { createActivitiesView } from './views/activities.js';
import { createAnalyticsView } from './views/analytics.js';
import { createGoalsView } from './views/goals.js';
import { createProjectsView } from './views/projects.js';
import { createSettingsView } from './views/settings.js';
import { createSyncView } from './views/sync.js';
import { createTagsView } from './views/tags.js';
import { createTodayView } from './views/today.js';
import { createWelcome } from './welcome.js';

const VIEWS = [createTodayView, createActivitiesView, createProjectsView, createTagsView, createGoalsView, createAnalyticsView,
  createSettingsView, createSyncView];
const ACTIVITY_EVENTS = ['activity:started', 'activity:stopped', 'activity:updated', 'activity:paused', 'activity:resumed',
  'activity:deleted', 'activities:merged', 'activity:split', 'activities:imported', 'data:deleted'];
const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

function applyTheme(app) {
  const chosen = app.settings.theme || 'system';
  const theme = chosen === 'system' ? (darkQuery.matches ? 'dark' : 'light') : chosen;
  document.documentElement.dataset.theme = theme;
}

/** The running activity in the sidebar, on every view. */
function createRunningBadge(app) {
  const badge = h('div', { class: 'running-badge', role: 'status', 'aria-label': 'Running activity' });
  async function refresh() {
    const running = await app.bridge.invoke('activity:getRunning');
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
          app.activitiesChanged();
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
  const [settings] = await Promise.all([bridge.invoke('settings:getAll'), app.catalogs.load(), app.connections.load()]);
  app.settings = settings;
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
  bridge.on('theme-changed', ({ theme }) => { app.settings.theme = theme; applyTheme(app); });

  for (const channel of ACTIVITY_EVENTS) {
    bridge.on(channel, () => {
      app.activitiesChanged();
      running.refresh();
      if (channel === 'activity:resumed' || channel === 'activity:stopped') idle.check();
    });
  }
  bridge.on('show-notification', (note) => toast(note.body || note.message || '', { title: note.title, timeout: 8000 }));
  window.addEventListener('lighttrack:connection', ({ detail }) => {
    if (detail.online && !offline.hidden) {
      app.activitiesChanged();
      running.refresh();
    }
    offline.hidden = detail.online;
  });

  installShortcuts(app, [...app.views.keys()]);
  window.addEventListener('hashchange', () => route(app));
  nav.addEventListener('click', (event) => {
    if (event.target.closest('a')) main.focus({ preventScroll: true });
  });
  setInterval(() => tickLiveClocks(), 1000);
  await Promise.all([route(app), running.refresh(), idle.check()]);
  document.body.dataset.ready = 'true';
  await welcome.check().catch((error) => showError(error, 'The welcome could not open'));
}

boot().catch((error) => {
  console.error(error);
  const message = document.getElementById('boot-error');
  message.textContent = `The dashboard could not start: ${error.message}`;
  message.hidden = false;
});
