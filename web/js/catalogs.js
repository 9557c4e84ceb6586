// Projects, clients, tags and categories as the views ask for them, read from the store's signals.
import { effect } from './lib.js';

const AREAS = { project: 'projects', client: 'clients', tag: 'tags', category: 'categories' };
const FALLBACK_COLOR = '#8a94a6';

export class Catalogs {
  constructor(store) {
    this.store = store;
  }

  get projects() { return this.store.projects.value; }
  get clients() { return this.store.clients.value; }
  get tags() { return this.store.tags.value; }
  get categories() { return this.store.categories.value; }

  load() { return this.store.load(); }

  /** Call `listener(area)` after each change of a catalog; returns a function that stops it. */
  onChange(listener) {
    const stops = Object.entries(AREAS).map(([area, key]) => {
      let first = true;
      return effect(() => {
        this.store[key].value; // subscribe
        if (!first) listener(area);
        first = false;
      });
    });
    return () => stops.forEach((stop) => stop());
  }

  project(id) { return this.projects.find((p) => p.id === id) || null; }
  category(id) { return this.categories.find((c) => c.id === id) || null; }
  tag(name) { return this.tags.find((t) => t.name.toLowerCase() === String(name).toLowerCase()) || null; }

  /** Projects offered in pickers: live ones not archived, plus `keepId` (the current choice) even if archived. */
  pickable(keepId) {
    return this.projects.filter((p) => !p.isArchived || p.id === keepId);
  }

  client(id) { return this.clients.find((c) => c.id === id) || null; }

  /** Clients offered in pickers: live ones not archived, plus `keepId` (a project's current client) even if archived. */
  pickableClients(keepId) {
    return this.clients.filter((c) => !c.isArchived || c.id === keepId);
  }

  projectName(id) { return this.project(id)?.name || 'Unknown project'; }
  projectColor(id) { return this.project(id)?.color || FALLBACK_COLOR; }
}
