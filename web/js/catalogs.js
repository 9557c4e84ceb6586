// Projects, tags and categories, loaded once and kept current by their events.

const AREAS = ['project', 'tag', 'category'];

export class Catalogs {
  constructor(bridge) {
    this.bridge = bridge;
    this.projects = [];
    this.tags = [];
    this.categories = [];
    this.listeners = new Set();
    for (const area of AREAS) {
      for (const verb of ['created', 'updated', 'deleted']) bridge.on(`${area}:${verb}`, () => this.reload(area));
    }
  }

  async load() {
    await Promise.all(AREAS.map((area) => this.reload(area, false)));
  }

  async reload(area, notify = true) {
    const list = await this.bridge.invoke(`${area}:getAll`);
    this[area === 'category' ? 'categories' : `${area}s`] = list;
    if (notify) for (const listener of this.listeners) listener(area);
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  project(id) { return this.projects.find((p) => p.id === id) || null; }
  category(id) { return this.categories.find((c) => c.id === id) || null; }
  tag(name) { return this.tags.find((t) => t.name.toLowerCase() === String(name).toLowerCase()) || null; }

  /** Projects offered in pickers: live ones not archived, plus `keepId` (the current choice) even if archived. */
  pickable(keepId) {
    return this.projects.filter((p) => !p.isArchived || p.id === keepId);
  }

  projectName(id) { return this.project(id)?.name || 'Unknown project'; }
  projectColor(id) { return this.project(id)?.color || '#9e9e9e'; }
}
