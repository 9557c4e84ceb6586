// Review: a day's suggested entries from the tracked timeline next to the existing entries; accept (after edits),
// reject or accept all; the pending absence and the working hours nothing covers. Titles are text, never HTML.
import { h, option, replaceChildren } from '../dom.js';
import { addDays, date, dayBounds, duration, hourLabel, localDay, parseDay, splitList, time } from '../format.js';
import { projectSelect, tagInput } from '../pickers.js';
import { emptyState, showError, toast } from '../ui.js';

const HOUR_MS = 3600000;
const UNCATEGORIZED = '#9e9e9e';
const AWAY_CHOICES = [['keep', 'Keep'], ['resume', 'Discard'], ['newActivity', 'New entry']];

function categorySelect(app, selectedId) {
  const select = h('select', { class: 'category-select', 'aria-label': 'Category' }, option('', 'No category', !selectedId),
    ...app.catalogs.categories.map((c) => option(c.id, c.name, c.id === selectedId)));
  return select;
}

/** Two lanes over the day's hours: the entries and the suggestions. */
function lanes(app, entries, suggestions) {
  const items = [...entries.map((a) => [a.startTime, a.endTime || new Date().toISOString()]), ...suggestions.map((s) => [s.start, s.end])];
  if (!items.length) return null;
  const from = new Date(Math.min(...items.map(([s]) => Date.parse(s))));
  from.setMinutes(0, 0, 0);
  const to = Math.max(...items.map(([, e]) => Date.parse(e)), from.getTime() + 2 * HOUR_MS);
  const width = Math.ceil((to - from.getTime()) / HOUR_MS) * HOUR_MS;
  const place = (start, end) => ({ left: `${((Date.parse(start) - from) / width) * 100}%`,
    width: `${Math.max(0.3, ((Date.parse(end) - Date.parse(start)) / width) * 100)}%` });
  const lane = (label, blocks) => h('div', { class: 'review-lane' }, h('span', { class: 'review-lane-label', text: label }),
    h('div', { class: 'timeline-bar', role: 'img', 'aria-label': `${label} on the day` }, ...blocks));
  const ticks = h('div', { class: 'timeline-ticks review-ticks', 'aria-hidden': 'true' });
  for (let t = from.getTime(); t <= from.getTime() + width; t += (width > 12 * HOUR_MS ? 2 : 1) * HOUR_MS) {
    ticks.append(h('span', { style: { left: `${((t - from) / width) * 100}%` }, text: hourLabel(new Date(t).getHours(), app.hour12) }));
  }
  return h('div', { class: 'card review-lanes' },
    lane('Entries', entries.map((a) => h('div', { class: 'timeline-span review-entry', title: `${a.name} (${time(a.startTime)}–${time(a.endTime)})`,
      style: { ...place(a.startTime, a.endTime || new Date().toISOString()), background: app.catalogs.projectColor(a.projectId) } }))),
    lane('Suggested', suggestions.map((s) => h('div', { class: 'timeline-span review-suggestion', title: `${s.name} (${time(s.start)}–${time(s.end)})`,
      style: { ...place(s.start, s.end), background: app.catalogs.category(s.categoryId)?.color || UNCATEGORIZED } }))),
    ticks);
}

export function createReviewView(app) {
  const view = { id: 'review', title: 'Review' };
  let day = new Date();
  const heading = h('h1', { id: 'review-heading', text: 'Review' });
  const dayLabel = h('h2', { class: 'period-label' });
  const picker = h('input', { type: 'date', 'aria-label': 'Day to review', value: localDay(day) });
  picker.addEventListener('change', () => { if (picker.value) { day = parseDay(picker.value); view.refresh(); } });
  const acceptAll = h('button', { type: 'button', class: 'primary', id: 'review-accept-all', text: 'Accept all' });
  const body = h('div', { class: 'review-body', 'aria-live': 'polite' });
  let shown = [];

  const step = (n) => { day = addDays(day, n); picker.value = localDay(day); view.refresh(); };

  async function run(what, action) {
    try {
      await action();
    } catch (error) {
      showError(error, what);
    }
    app.activitiesChanged();
    app.changed(['review', 'where']);
  }

  /** Accept one edited suggestion; when its project or category was corrected, offer the rule. */
  async function accept(suggestion, edits) {
    const item = { id: suggestion.id, ...edits };
    const corrected = edits.projectId !== (suggestion.projectId || 'default') || (edits.categoryId || null) !== (suggestion.categoryId || null);
    const proposal = corrected ? await app.optional('review:proposeRule', item) : null;
    await app.bridge.invoke('review:accept', [item]);
    if (proposal) offerRule(proposal);
  }

  function offerRule(proposal) {
    const target = proposal.projectId ? app.catalogs.projectName(proposal.projectId) : app.catalogs.category(proposal.categoryId)?.name;
    const match = proposal.domain ? `the site ${proposal.domain}` : proposal.path ? `files in ${proposal.path}` : `the app ${proposal.app}`;
    toast(`Always put ${match} in ${target}?`, { title: 'Always do this', timeout: 15000, action: { label: 'Create rule', run: async () => {
      try {
        await app.bridge.invoke('rules:create', proposal);
        toast('Rule added: see Settings → Rules to edit or remove it.');
      } catch (error) {
        showError(error, 'Could not add the rule');
      }
    } } });
  }

  function card(suggestion) {
    const name = h('input', { type: 'text', value: suggestion.name, maxlength: '500', 'aria-label': 'Entry name' });
    const project = projectSelect(app, suggestion.projectId || 'default', { label: 'Project' });
    const category = categorySelect(app, suggestion.categoryId);
    const tags = tagInput(app, suggestion.tags || []);
    const edits = () => ({ name: name.value.trim() || suggestion.name, projectId: project.value, categoryId: category.value || null,
      tags: splitList(tags.input.value) });
    const sources = suggestion.sources.filter((s) => s.kind !== 'title').slice(0, 6)
      .map((s) => h('span', { class: 'chip', text: `${s.value} · ${duration(s.duration)}` }));
    return h('li', { class: 'card review-card', dataset: { suggestion: suggestion.id } },
      h('div', { class: 'review-card-head' },
        h('strong', { class: 'review-time', text: `${time(suggestion.start)}–${time(suggestion.end)}` }),
        h('span', { class: 'muted', text: duration(suggestion.duration) }),
        h('span', { class: 'muted review-reason', text: suggestion.reason })),
      h('div', { class: 'review-fields' }, name, project, category, ...tags.nodes,
        h('button', { type: 'button', class: 'primary', text: 'Accept', onclick: () => run('Could not accept', () => accept(suggestion, edits())) }),
        h('button', { type: 'button', text: 'Reject', onclick: () => run('Could not reject', () => app.bridge.invoke('review:reject', [suggestion.id])) })),
      h('div', { class: 'review-sources' }, ...sources));
  }

  function awayCard(absence) {
    if (!absence || !absence.choices?.length) return null;
    const until = absence.returnedAt ? `–${time(absence.returnedAt)}` : '';
    const offered = AWAY_CHOICES.filter(([id]) => absence.choices.includes(id));
    return h('section', { class: 'card review-away', 'aria-label': 'Time away' },
      h('p', { text: `You were away ${time(absence.idleStart)}${until}${absence.awayMs ? ` (${duration(absence.awayMs)})` : ''}. What should happen to that time?` }),
      h('div', { class: 'idle-choices' }, ...offered.map(([id, label]) => h('button', { type: 'button', text: label,
        onclick: () => run('Could not apply your choice', () => app.bridge.invoke('idle:resolve', absence.absenceId, id)) }))));
  }

  function gapRow(gap) {
    const name = h('input', { type: 'text', maxlength: '500', placeholder: 'What did you do?', 'aria-label': `What you did ${time(gap.start)}–${time(gap.end)}` });
    const project = projectSelect(app, 'default', { label: 'Project' });
    const fill = () => run('Could not add the entry', () => app.bridge.invoke('activity:add',
      { name: name.value.trim(), projectId: project.value, startTime: gap.start, endTime: gap.end }));
    return h('li', { class: 'record review-gap' }, h('span', { text: `${time(gap.start)}–${time(gap.end)} · ${duration(gap.duration)} untracked` }),
      name, project, h('button', { type: 'button', text: 'Fill', onclick: fill }));
  }

  acceptAll.addEventListener('click', () => run('Could not accept all', () => (shown.length
    ? app.bridge.invoke('review:accept', shown.map((s) => s.id)) : Promise.resolve())));

  view.refresh = async () => {
    const [start, end] = dayBounds(day);
    const [suggestions, entries, gaps, absence] = await Promise.all([
      app.bridge.invoke('review:getSuggestions', start, end),
      app.bridge.invoke('activity:getFiltered', { startDate: start, endDate: end, sortOrder: 'asc' }),
      app.bridge.invoke('review:getGaps', start, end), app.optional('idle:getPending')]);
    shown = suggestions;
    dayLabel.textContent = date(day);
    const total = suggestions.reduce((sum, s) => sum + s.duration, 0);
    acceptAll.textContent = suggestions.length ? `Accept all (${suggestions.length}, ${duration(total)})` : 'Accept all';
    acceptAll.disabled = !suggestions.length;
    replaceChildren(body, awayCard(absence), lanes(app, entries, suggestions),
      h('h3', { text: 'Suggested entries' }),
      suggestions.length ? h('ul', { class: 'review-list', 'aria-label': 'Suggested entries' }, ...suggestions.map(card))
        : emptyState('Nothing to review: every tracked minute of this day is an entry, or was rejected.'),
      gaps.length ? [h('h3', { text: 'Working hours with nothing tracked' }),
        h('ul', { class: 'record-list', 'aria-label': 'Untracked working hours' }, ...gaps.map(gapRow))] : null);
  };
  for (const event of ['review:changed', 'timeline:relabeled', 'idle:returned', 'idle:resolved']) app.bridge.on(event, () => app.changed(['review']));

  view.el = h('section', { class: 'view', id: 'view-review', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('div', { class: 'period-controls' },
        h('button', { type: 'button', text: '‹', 'aria-label': 'Previous day', onclick: () => step(-1) }), picker,
        h('button', { type: 'button', text: '›', 'aria-label': 'Next day', onclick: () => step(1) }), acceptAll)),
    dayLabel, body);
  return view;
}
