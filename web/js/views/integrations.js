// Settings → Integrations: a card per service with its status, last error, connect form and actions.
import { field, h, option, replaceChildren, setFieldError, uid } from '../dom.js';
import { stamp } from '../format.js';
import { errorText, toast } from '../ui.js';

const STATES = {
  ok: ['Connected', 'ok'], connected: ['Connected', 'ok'], syncing: ['Syncing…', 'busy'], error: ['Connected, last attempt failed', 'bad'],
  paused: ['Paused after repeated failures', 'bad'], disconnected: ['Not connected', 'off'],
};
const ABOUT = {
  jira: 'Logs the time of activities linked to an issue (PROJ-123 in the name, or chosen in Activities) as worklogs.',
  github: 'Shows your commits and pull requests on the Today timeline and in project analytics.',
  slack: 'Sets your status and pauses notifications during focus sessions, and restores them afterwards.',
  calendar: 'Shows your meetings on the Today timeline; a meeting can become an activity tagged “meeting”.',
};
const HINTS = {
  siteUrl: 'e.g. https://your-team.atlassian.net or your Jira server’s address.',
  apiToken: 'Cloud: an API token from id.atlassian.com. Server / Data Center: a personal access token.',
  feedUrl: 'Google Calendar: Settings → your calendar → “Secret address in iCal format”. Outlook: Publish calendar → ICS link.',
  repositories: 'One owner/name per line; repositories of your projects’ folders are found by themselves.',
  token: 'Kept in the system keyring, never shown again.',
};
const CHOICE_LABELS = { cloud: 'Jira Cloud', server: 'Server / Data Center' };

/** An input for one described field, and how to read it back (undefined = leave it out of the form). */
function control(spec, config, connected) {
  const value = config[spec.name] ?? spec.default;
  if (spec.secret) {
    const input = h('input', { type: 'password', autocomplete: 'new-password', spellcheck: 'false',
      placeholder: connected ? 'Saved in the keyring; leave empty to keep it' : '' });
    return [input, () => input.value.trim() || undefined];
  }
  if (spec.kind === 'boolean') {
    const input = h('input', { type: 'checkbox', checked: Boolean(value) });
    return [input, () => input.checked];
  }
  if (spec.kind === 'choice') {
    const input = h('select', {}, ...spec.choices.map((c) => option(c, CHOICE_LABELS[c] || c, c === value)));
    return [input, () => input.value];
  }
  if (spec.kind === 'list') {
    const input = h('textarea', { rows: '3', spellcheck: 'false', value: (value || []).join('\n') });
    return [input, () => input.value.split('\n').map((line) => line.trim()).filter(Boolean)];
  }
  if (spec.kind === 'number') {
    const input = h('input', { type: 'number', min: '0', step: '1', value: value ?? '' });
    return [input, () => (input.value === '' ? undefined : Number(input.value))];
  }
  const input = h('input', { type: spec.kind === 'url' ? 'url' : 'text', spellcheck: 'false', value: value ?? '' });
  return [input, () => input.value.trim() || undefined];
}

function statusLines(status, hour12) {
  const [label, tone] = STATES[status.connected ? status.state : 'disconnected'] || [status.state, 'off'];
  const facts = [];
  if (status.connected) facts.push(status.lastSyncAt ? `Last sync ${stamp(status.lastSyncAt, hour12)}` : 'Not synced yet');
  if (status.pending) facts.push(`${status.pending} waiting to be sent`);
  return [
    h('span', { class: `state-badge state-${tone}`, text: label }),
    facts.length ? h('span', { class: 'muted', text: facts.join(' · ') }) : null,
    status.lastError ? h('p', { class: 'integration-error', text:
      `Last error${status.lastErrorAt ? ` (${stamp(status.lastErrorAt, hour12)})` : ''}: ${status.lastError}` }) : null,
  ];
}

function integrationCard(app, name) {
  const headingId = uid('integration');
  const statusEl = h('div', { class: 'integration-status', role: 'status' });
  const message = h('p', { class: 'integration-message', role: 'status', hidden: true });
  const details = h('details', { class: 'integration-form' });
  const actions = h('div', { class: 'integration-actions' });
  const card = h('section', { class: 'card integration', dataset: { integration: name }, 'aria-labelledby': headingId });
  let connectedShown = null;

  function say(text, bad = false) {
    message.textContent = text || '';
    message.hidden = !text;
    message.classList.toggle('bad', bad);
  }

  async function act(what, run) {
    say('');
    for (const button of actions.querySelectorAll('button')) button.disabled = true;
    try {
      await run();
    } catch (err) {
      say(`${what}: ${errorText(err)}`, true);
    }
    render();
  }

  function renderForm(status) {
    const inputs = status.fields.map((spec) => {
      const [input, read] = control(spec, status.config || {}, status.connected);
      input.name = spec.name;
      const built = field(spec.label, input, HINTS[spec.name]);
      if (spec.kind === 'boolean') built.field.classList.add('check-field');
      return { spec, read, ...built };
    });
    const formError = h('p', { class: 'field-error', role: 'alert', hidden: true });
    const email = inputs.find((i) => i.spec.name === 'email');
    const deployment = inputs.find((i) => i.spec.name === 'deployment');
    const showEmail = () => { if (email && deployment) email.field.hidden = deployment.input.value !== 'cloud'; };
    deployment?.input.addEventListener('change', showEmail);
    showEmail();
    const form = h('form', { class: 'integration-fields', novalidate: true, 'aria-label': `${status.label} settings` },
      ...inputs.map((i) => i.field), formError,
      h('button', { type: 'submit', class: 'primary', text: status.connected ? 'Save and reconnect' : `Connect ${status.label}` }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      connect(inputs, formError);
    });
    replaceChildren(details, h('summary', { text: status.connected ? 'Change settings' : `Connect ${status.label}…` }), form);
  }

  async function connect(inputs, formError) {
    inputs.forEach((i) => setFieldError(i.input, i.error, ''));
    formError.hidden = true;
    const config = {};
    const missing = [];
    for (const item of inputs) {
      if (item.field.hidden) continue;
      const value = item.read();
      if (value !== undefined) config[item.spec.name] = value;
      else if (item.spec.required && !(item.spec.secret && app.connections.connected(name))) missing.push(item);
    }
    for (const item of missing) setFieldError(item.input, item.error, `${item.spec.label} is needed to connect.`);
    if (missing.length) {
      missing[0].input.focus();
      return;
    }
    const submit = details.querySelector('button[type=submit]');
    const label = submit.textContent;
    submit.disabled = true;
    submit.textContent = 'Connecting…';
    try {
      const status = await app.bridge.invoke('integration:connect', name, config);
      app.connections.set(status);
      say(status.message || 'Saved, but the service could not be reached yet; LightTrack will keep trying.', !status.message);
      details.open = false;
      render(true);
      if (status.message) syncNow().catch((err) => say(`Sync: ${errorText(err)}`, true));
    } catch (err) {
      submit.textContent = label;
      const named = inputs.find((i) => new RegExp(`\\b${i.spec.name}\\b`).test(err.message));
      if (named) {
        setFieldError(named.input, named.error, errorText(err));
        named.input.focus();
      } else {
        formError.textContent = errorText(err);
        formError.hidden = false;
      }
      submit.disabled = false;
    }
  }

  /** A sync round now (the app also runs one every 5 minutes); what it brought shows in the other views. */
  async function syncNow() {
    const [synced] = await app.bridge.invoke('integration:syncNow', name);
    app.connections.set(synced);
    app.changed(['today', 'activities', 'projects', 'analytics']);
    return synced;
  }

  function renderActions(status) {
    if (!status.connected) {
      replaceChildren(actions);
      return;
    }
    replaceChildren(actions,
      h('button', { type: 'button', text: 'Test', 'aria-label': `Test the ${status.label} connection`, onclick: () => act('Test', async () => {
        const result = await app.bridge.invoke('integration:test', name);
        say(result.message, !result.ok);
      }) }),
      h('button', { type: 'button', text: 'Sync now', 'aria-label': `Sync ${status.label} now`, onclick: () => act('Sync', async () => {
        if (!(await syncNow()).lastError) say('Synced.');
      }) }),
      h('button', { type: 'button', class: 'danger', text: 'Disconnect', 'aria-label': `Disconnect ${status.label}`,
        onclick: () => act('Disconnect', async () => {
          app.connections.set(await app.bridge.invoke('integration:disconnect', name));
          toast(`${status.label} disconnected; its token was removed from the keyring.`);
          app.changed(['today']);
        }) }));
  }

  /** Redraw the status (always) and the form (when the connection changed and nobody is typing in it). */
  function render(force = false) {
    const status = app.connections.get(name);
    if (!status) return;
    replaceChildren(statusEl, ...statusLines(status, app.hour12));
    renderActions(status);
    if (force || (connectedShown !== status.connected && !details.contains(document.activeElement))) {
      connectedShown = status.connected;
      renderForm(status);
    }
    card.classList.toggle('connected', status.connected);
  }

  const status = app.connections.get(name);
  replaceChildren(card, h('div', { class: 'integration-head' }, h('h3', { id: headingId, text: status.label }), statusEl),
    h('p', { class: 'muted', text: ABOUT[name] || '' }), message, actions, details);
  render();
  return { el: card, render };
}

/** The section, built once; `refresh` reloads the statuses (the settings view calls it). */
export function createIntegrationsSection(app) {
  const list = h('div', { class: 'integration-list' });
  const el = h('section', { class: 'card settings-section', id: 'settings-integrations', 'aria-labelledby': 'settings-integrations-h' },
    h('h2', { id: 'settings-integrations-h', text: 'Integrations' }),
    h('p', { class: 'muted', text: 'Nothing leaves this computer until you connect a service. Tokens and secret addresses are kept '
      + 'in the system keyring, never in LightTrack’s files, and are never shown again. Work done offline is sent when the service is back.' }),
    list);
  const cards = new Map();
  app.connections.onChange((name) => {
    if (name) cards.get(name)?.render();
  });

  async function refresh() {
    const statuses = await app.connections.load();
    for (const status of statuses) if (!cards.has(status.name)) cards.set(status.name, integrationCard(app, status.name));
    for (const card of cards.values()) card.render();
    replaceChildren(list, ...[...cards.values()].map((c) => c.el));
    el.hidden = statuses.length === 0;
  }
  return { el, refresh };
}
