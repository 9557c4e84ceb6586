// Jira on activities: the worklog's sync status under a row, and linking an activity to an issue.
import { h } from './dom.js';
import { stamp } from './format.js';

const KEY = /^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,6}$/;

/** The issue an activity is linked to, as far as the page knows (the app mirrors it in metadata.jira). */
export function issueKey(activity) {
  return activity.metadata?.jira?.issueKey || null;
}

/** Where the activity's worklog stands ({key, text}), or null when Jira has nothing to say about it. */
export function syncState(app, activity) {
  if (!app.connections.connected('jira')) return null;
  const jira = activity.metadata?.jira || {};
  const key = issueKey(activity);
  let text;
  if (activity.syncStatus === 'failed') text = `not sent${jira.error ? `: ${jira.error}` : ''}`;
  else if (!key) return null;
  else if (activity.syncStatus === 'synced') text = `worklog sent${jira.syncedAt ? ` at ${stamp(jira.syncedAt, app.hour12)}` : ''}`;
  else text = activity.endTime ? 'waiting to be sent' : 'sent when the activity stops';
  return { key, text };
}

/** Controls for the Activities toolbar: link the one selected activity to an issue (empty = unlink). */
export function issueLinkControls(app, activity, act) {
  const input = h('input', { type: 'text', id: 'jira-issue', value: issueKey(activity) || '', placeholder: 'PROJ-123',
    maxlength: '20', spellcheck: 'false', autocomplete: 'off' });
  const link = () => act('Link to Jira', async () => {
    const key = input.value.trim().toUpperCase();
    if (key && !KEY.test(key)) throw new Error('an issue key looks like PROJ-123');
    const linked = await app.bridge.invoke('jira:linkIssue', activity.id, key || null);
    return linked.issueKey ? `Linked to ${linked.issueKey}` : 'Unlinked from Jira';
  });
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') link(); });
  return [h('label', { for: input.id, text: 'Jira issue' }), input,
    h('button', { type: 'button', id: 'jira-link', text: 'Link', onclick: link })];
}
