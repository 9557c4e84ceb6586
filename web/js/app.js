// The dashboard's shared state: the bridge, the store, the views and which of them need a refresh.
import { Catalogs } from './catalogs.js';
import { Connections } from './connections.js';
import { signal } from './lib.js';
import { Store } from './store.js';

const REFRESH_DELAY_MS = 20;

export class App {
  constructor(bridge) {
    this.bridge = bridge;
    this.store = new Store(bridge);
    this.catalogs = new Catalogs(this.store);
    this.connections = new Connections(this);
    this.views = new Map();
    this.current = null;
    this.stale = new Set();
    this.missing = new Set();
    /** The settings as this page knows them; components that write what a setting shapes re-render with `useValue`. */
    this.settingsValue = signal({});
    this.refreshTimer = null;
  }

  get settings() { return this.settingsValue.peek(); }

  set settings(values) { this.settingsValue.value = values; }

  /** Call a channel another part of LightTrack may not provide yet: undefined when it is unknown. */
  async optional(channel, ...args) {
    if (this.missing.has(channel)) return undefined;
    try {
      return await this.bridge.invoke(channel, ...args);
    } catch (error) {
      if (error.code === 'UNKNOWN_CHANNEL' || error.code === 'FORBIDDEN') {
        this.missing.add(channel);
        return undefined;
      }
      throw error;
    }
  }

  addView(view) { this.views.set(view.id, view); }

  /** Something changed the activities: refresh the visible view soon and the others when shown. */
  activitiesChanged() { return this.store.activitiesChanged(); }

  /** The store's revision moved: refresh the visible view soon and the others when shown. */
  revisionMoved() { this.changed(['today', 'activities', 'analytics', 'goals', 'projects', 'review', 'where', 'calendar']); }

  changed(viewIds) {
    for (const id of viewIds) this.stale.add(id);
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (this.current && this.stale.has(this.current.id)) this.refresh(this.current);
    }, REFRESH_DELAY_MS);
  }

  async refresh(view) {
    this.stale.delete(view.id);
    try {
      await view.refresh?.(); // a view drawn from the store alone has nothing to read
    } catch (error) {
      console.error(`refreshing ${view.id} failed`, error);
      view.failed?.(error);
    }
  }

  /** Load views that are not shown yet, in the background. */
  async prefetch(ids) {
    for (const id of ids) {
      const view = this.views.get(id);
      if (view && !view.loaded && this.current !== view) {
        view.loaded = true;
        await this.refresh(view);
      }
    }
  }

  async show(id) {
    const view = this.views.get(id) || this.views.get('today');
    if (this.current === view) return;
    this.current?.el && (this.current.el.hidden = true);
    this.current = view;
    view.el.hidden = false;
    document.title = `${view.title} · LightTrack`;
    if (!view.loaded || this.stale.has(view.id)) {
      view.loaded = true;
      await this.refresh(view);
    }
  }

  weekStartsOn() { return this.settings.weekStartsOn || 'monday'; }

  /** true/false from the 12/24-hour setting; undefined follows the locale. */
  get hour12() {
    const chosen = this.settings.timeFormat;
    return chosen === '12h' ? true : chosen === '24h' ? false : undefined;
  }
}
