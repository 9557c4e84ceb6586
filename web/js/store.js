// The one client-side store: catalogs, the running activity and an activity revision, fed by the channels and the
// event stream (SSE in a browser, pushed events in the window). Every list, picker, total and badge renders from it.
import { batch, signal } from './lib.js';

const ACTIVITY_EVENTS = ['activity:started', 'activity:stopped', 'activity:updated', 'activity:paused', 'activity:resumed',
  'activity:deleted', 'activities:merged', 'activity:split', 'activities:imported', 'data:deleted', 'projects:merged'];
const CATALOG_AREAS = { project: 'projects', client: 'clients', tag: 'tags', category: 'categories' };
// A project carries its client's name: a client's change reloads the projects too.
const ALSO_RELOADS = { client: ['project'] };
const COALESCE_MS = 20;

export class Store {
  constructor(bridge) {
    this.bridge = bridge;
    this.projects = signal([]);
    this.clients = signal([]);
    this.tags = signal([]);
    this.categories = signal([]);
    this.running = signal(null);
    /** Bumped after any change to activities, from any door; lists re-read what they show when it moves. */
    this.revision = signal(0);
    /** Activities this page just saved, shown at once while the lists re-read (id → activity). */
    this.saved = signal(new Map());
    this.pending = null;
  }

  /** This page saved `activity`: every list shows the new version before the next read arrives. */
  applySaved(activity) {
    this.saved.value = new Map(this.saved.peek()).set(activity.id, activity);
  }

  /** The newer of a list's copy and this page's saved copy. */
  latest(activity) {
    const saved = this.saved.peek().get(activity.id);
    return saved && saved.updatedAt >= activity.updatedAt ? saved : activity;
  }

  async load() {
    await Promise.all([...Object.keys(CATALOG_AREAS).map((area) => this.reloadCatalog(area)), this.reloadRunning()]);
  }

  /** Subscribe to the event stream: activity events bump the revision, catalog events reload that catalog. */
  listen() {
    for (const channel of ACTIVITY_EVENTS) this.bridge.on(channel, () => this.activitiesChanged());
    for (const area of Object.keys(CATALOG_AREAS)) {
      const areas = [area, ...(ALSO_RELOADS[area] || [])];
      for (const verb of ['created', 'updated', 'deleted']) {
        this.bridge.on(`${area}:${verb}`, () => Promise.all(areas.map((a) => this.reloadCatalog(a))));
      }
    }
  }

  /** This page saved a catalog `record` (e.g. a project): every view shows it before the event's reload arrives. */
  applyRecord(area, record) {
    const list = this[CATALOG_AREAS[area]];
    const known = list.peek().some((r) => r.id === record.id);
    list.value = known ? list.peek().map((r) => (r.id === record.id ? record : r)) : [...list.peek(), record];
  }

  async reloadCatalog(area) {
    this[CATALOG_AREAS[area]].value = await this.bridge.invoke(`${area}:getAll`);
  }

  async reloadRunning() {
    this.running.value = await this.bridge.invoke('activity:getRunning');
  }

  /** Something changed activities (an event, or this page's own write): coalesce a burst into one revision. */
  activitiesChanged() {
    if (this.pending) return this.pending;
    this.pending = new Promise((resolve) => setTimeout(async () => {
      this.pending = null;
      try {
        const running = await this.bridge.invoke('activity:getRunning');
        batch(() => { this.running.value = running; this.revision.value += 1; });
      } catch (error) {
        this.revision.value += 1;
      }
      resolve();
    }, COALESCE_MS));
    return this.pending;
  }
}
