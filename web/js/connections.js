// The integrations' connection status, shared by the views: loaded once, kept current by `sync-status-changed`.

export class Connections {
  constructor(app) {
    this.app = app;
    this.byName = new Map();
    this.listeners = new Set();
    app.bridge.on('sync-status-changed', (event) => {
      if (event?.status) this.set(event.status);
      else if (event?.activityId) app.changed(['today', 'activities']);
    });
  }

  async load() {
    const list = await this.app.optional('integration:list');
    for (const status of list || []) this.byName.set(status.name, status);
    this.notify();
    return this.list();
  }

  set(status) {
    this.byName.set(status.name, status);
    this.notify(status.name);
  }

  list() { return [...this.byName.values()]; }
  get(name) { return this.byName.get(name) || null; }
  connected(name) { return Boolean(this.byName.get(name)?.connected); }
  anyConnected(...names) { return names.some((name) => this.connected(name)); }

  notify(name) { for (const listener of this.listeners) listener(name); }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
