// window.lighttrack: one API for the dashboard, over pywebview's js_api or over HTTP + SSE.
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './channels.js';

const ALLOWED_INVOKE = new Set(INVOKE_CHANNELS);
const ALLOWED_EVENTS = new Set(EVENT_CHANNELS);

export class BridgeError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
  }
}

function unwrap(envelope) {
  if (envelope && envelope.success === true) return envelope.data;
  if (envelope && envelope.success === false) throw new BridgeError(envelope.error || 'The call failed.', envelope.code || 'INTERNAL_ERROR');
  throw new BridgeError('LightTrack sent an unreadable answer.', 'INTERNAL_ERROR');
}

/** Listeners per event channel, shared by both transports. */
class Listeners {
  constructor() { this.byChannel = new Map(); }
  add(channel, callback) {
    if (!this.byChannel.has(channel)) this.byChannel.set(channel, new Set());
    this.byChannel.get(channel).add(callback);
    return () => this.byChannel.get(channel)?.delete(callback);
  }
  emit(channel, data) {
    if (!ALLOWED_EVENTS.has(channel)) return;
    for (const callback of [...(this.byChannel.get(channel) || [])]) {
      try { callback(data); } catch (error) { console.error(`listener of ${channel} failed`, error); }
    }
  }
}

function connectionChanged(online) {
  window.dispatchEvent(new CustomEvent('lighttrack:connection', { detail: { online } }));
}

/** The pywebview window: js_api calls, events pushed by Python through window.__lighttrackEvent. */
class PywebviewTransport {
  constructor(listeners) {
    this.name = 'pywebview';
    this.nativeDialogs = true;
    this.ready = new Promise((resolve) => {
      if (window.pywebview && window.pywebview.api) resolve();
      else window.addEventListener('pywebviewready', () => resolve(), { once: true });
    });
    window.__lighttrackEvent = (channel, data) => listeners.emit(channel, data);
  }
  async api(method, ...args) {
    await this.ready;
    return window.pywebview.api[method](...args);
  }
  async invoke(channel, args) { return unwrap(await this.api('invoke', channel, args)); }
  subscribe() {}
  async info() { return this.api('get_info'); }
  showSaveDialog(options) { return this.api('show_save_dialog', options); }
  showOpenDialog(options) { return this.api('show_open_dialog', options); }
  openExternal(url) { return this.api('open_external', url); }
  showItemInFolder(path) { return this.api('show_item_in_folder', path); }
}

/** A plain browser against `lighttrack serve`: fetch for calls, EventSource for events.
 * Both carry the HttpOnly session cookie set by the one-time login address; the page never sees a token. */
class HttpTransport {
  constructor(listeners) {
    this.name = 'http';
    this.nativeDialogs = false;
    this.listeners = listeners;
    this.source = null;
    this.retryDelay = 1000;
  }
  async invoke(channel, args) {
    let response;
    try {
      response = await fetch(`/api/v1/invoke/${channel}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ args }),
      });
    } catch {
      throw new BridgeError('LightTrack is not reachable; is it still running?', 'NETWORK_ERROR');
    }
    let envelope;
    try { envelope = await response.json(); } catch { envelope = null; }
    return unwrap(envelope);
  }
  subscribe() {
    if (this.source) return;
    const source = new EventSource('/api/v1/events');
    this.source = source;
    for (const channel of ALLOWED_EVENTS) {
      source.addEventListener(channel, (event) => {
        let data = null;
        try { data = JSON.parse(event.data); } catch { return; }
        this.listeners.emit(channel, data);
      });
    }
    source.onopen = () => { this.retryDelay = 1000; connectionChanged(true); };
    source.onerror = () => {
      connectionChanged(false);
      if (source.readyState === EventSource.CLOSED) this.reconnect();
    };
  }
  reconnect() {
    // EventSource retries by itself unless the server answered with an error status; then we retry.
    this.source = null;
    setTimeout(() => this.subscribe(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 30000);
  }
  async info() {
    const [version, platform] = await Promise.all([this.invoke('app:getVersion', []), this.invoke('app:getPlatform', [])]);
    return { version, platform };
  }
  async showSaveDialog() { return null; }
  showOpenDialog(options = {}) {
    return new Promise((resolve) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = Boolean(options.multiple);
      if (options.accept) input.accept = options.accept;
      input.addEventListener('change', () => resolve(input.files.length ? [...input.files] : null), { once: true });
      input.addEventListener('cancel', () => resolve(null), { once: true });
      input.click();
    });
  }
  async openExternal(url) {
    window.open(url, '_blank', 'noopener,noreferrer');
    return true;
  }
  async showItemInFolder() { return false; }
}

function chooseTransport(listeners) {
  const wanted = new URLSearchParams(location.search).get('bridge');
  if (window.pywebview || wanted === 'pywebview') return new PywebviewTransport(listeners);
  return new HttpTransport(listeners);
}

/** Build the bridge object (exported for tests; main.js installs it as window.lighttrack). */
export function createBridge() {
  const listeners = new Listeners();
  const transport = chooseTransport(listeners);
  let info = null;
  const appInfo = () => (info ||= transport.info());
  return Object.freeze({
    transport: transport.name,
    nativeDialogs: transport.nativeDialogs,
    async invoke(channel, ...args) {
      if (!ALLOWED_INVOKE.has(channel)) throw new BridgeError(`Channel ${String(channel).slice(0, 64)} is not allowed.`, 'FORBIDDEN');
      return transport.invoke(channel, args);
    },
    on(channel, callback) {
      if (!ALLOWED_EVENTS.has(channel)) throw new BridgeError(`Event ${String(channel).slice(0, 64)} is not allowed.`, 'FORBIDDEN');
      if (typeof callback !== 'function') throw new TypeError('callback must be a function');
      transport.subscribe();
      return listeners.add(channel, callback);
    },
    async getVersion() { return (await appInfo()).version; },
    async getPlatform() { return (await appInfo()).platform; },
    showSaveDialog: (options = {}) => transport.showSaveDialog(options),
    showOpenDialog: (options = {}) => transport.showOpenDialog(options),
    openExternal(url) {
      if (!/^https?:\/\//i.test(String(url))) return Promise.reject(new BridgeError('Only http(s) links can be opened.', 'VALIDATION_ERROR'));
      return transport.openExternal(String(url));
    },
    showItemInFolder: (path) => transport.showItemInFolder(String(path)),
  });
}

export function installBridge() {
  if (!window.lighttrack) {
    Object.defineProperty(window, 'lighttrack', { value: createBridge(), writable: false, configurable: false });
  }
  return window.lighttrack;
}
