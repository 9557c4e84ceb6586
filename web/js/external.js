// Today's meetings (calendar) and commits / pull requests (GitHub), under the window timeline.
import { h, replaceChildren } from './dom.js';
import { dayBounds, duration, time } from './format.js';
import { emptyState, showError, toast } from './ui.js';

const KINDS = { meeting: 'Meeting', commit: 'Commit', pullRequest: 'Pull request' };

export function createExternalList(app) {
  const list = h('ul', { class: 'external-list', 'aria-label': 'Meetings and commits today' });
  const el = h('section', { class: 'external', 'aria-labelledby': 'external-heading' },
    h('h2', { id: 'external-heading', text: 'Meetings and commits' }), list);

  async function addAsActivity(item, button) {
    button.disabled = true;
    try {
      const activity = await app.bridge.invoke('calendar:toActivity', item.id);
      toast(`“${activity.name}” added as an activity tagged meeting`);
      app.activitiesChanged();
    } catch (err) {
      showError(err, 'Could not add the meeting');
      button.disabled = false;
    }
  }

  function meetingAction(item) {
    if (item.activityId) return h('span', { class: 'muted', text: 'Added as an activity' });
    if (item.allDay || item.end <= item.start || Date.parse(item.start) > Date.now()) return null;
    const button = h('button', { type: 'button', class: 'small', text: 'Add as activity', 'aria-label': `Add ${item.title} as an activity` });
    button.addEventListener('click', () => addAsActivity(item, button));
    return button;
  }

  function row(item) {
    const when = item.allDay ? 'All day'
      : item.end > item.start ? `${time(item.start)}–${time(item.end)}` : time(item.start);
    const meta = [item.repository, item.location, item.kind === 'meeting' && !item.allDay && item.end > item.start
      ? duration(Date.parse(item.end) - Date.parse(item.start)) : null, item.state].filter(Boolean).join(' · ');
    const title = item.url
      ? h('button', { type: 'button', class: 'link external-title', text: item.title || KINDS[item.kind],
        title: 'Open in the browser', onclick: () => app.bridge.openExternal(item.url).catch((err) => showError(err, 'Could not open')) })
      : h('span', { class: 'external-title', text: item.title || KINDS[item.kind] });
    return h('li', { class: `external-item kind-${item.kind}`, dataset: { id: item.id } },
      h('span', { class: 'external-time', text: when }),
      h('span', { class: 'external-kind', text: KINDS[item.kind] || item.kind }),
      h('span', { class: 'external-text' }, title, meta ? h('span', { class: 'muted', text: ` ${meta}` }) : null),
      item.kind === 'meeting' ? meetingAction(item) : null);
  }

  async function refresh() {
    const connected = app.connections.anyConnected('calendar', 'github');
    const items = connected ? await app.optional('integration:getTimeline', ...dayBounds(new Date())) : undefined;
    el.hidden = !items;
    if (!items) return;
    replaceChildren(list, ...(items.length ? items.map(row) : [h('li', {}, emptyState('No meetings or commits today.'))]));
  }

  app.connections.onChange((name) => { if (name === 'calendar' || name === 'github') app.changed(['today']); });
  return { el, refresh };
}
