// Where did my time go: the tracked timeline of a day, week, month, year or range by app, title, domain, file,
// category and project (timeline:getSummary, privacy settings applied). Titles are text, never HTML.
import { barList } from '../charts.js';
import { h, replaceChildren } from '../dom.js';
import { addDays, date, dayBounds, duration, localDay, month, monthStart, parseDay, weekStart } from '../format.js';
import { emptyState } from '../ui.js';

const SCALES = [['day', 'Day'], ['week', 'Week'], ['month', 'Month'], ['year', 'Year'], ['range', 'Range']];
const TOP_ROWS = 12;
const UNCATEGORIZED = '#9e9e9e';

export function createWhereView(app) {
  const view = { id: 'where', title: 'Where did my time go' };
  let scale = 'day';
  let anchor = new Date();
  const heading = h('h1', { id: 'where-heading', text: 'Where did my time go' });
  const label = h('h2', { class: 'period-label' });
  const from = h('input', { type: 'date', 'aria-label': 'First day', value: localDay(anchor) });
  const to = h('input', { type: 'date', 'aria-label': 'Last day', value: localDay(anchor) });
  for (const input of [from, to]) input.addEventListener('change', () => { if (from.value) anchor = parseDay(from.value); view.refresh(); });
  const body = h('div', { class: 'where-body', 'aria-live': 'polite' });
  const scaleButtons = SCALES.map(([id, text]) => h('button', { type: 'button', class: 'segment', dataset: { scale: id },
    'aria-pressed': String(id === scale), text, onclick: () => { scale = id; view.refresh(); } }));

  /** The period's first day, its day after the last, and its title. */
  function period() {
    if (scale === 'week') {
      const first = weekStart(anchor, app.weekStartsOn());
      return [first, addDays(first, 7), `Week of ${date(first)}`];
    }
    if (scale === 'month') {
      const first = monthStart(anchor);
      return [first, new Date(first.getFullYear(), first.getMonth() + 1, 1), month(first)];
    }
    if (scale === 'year') return [new Date(anchor.getFullYear(), 0, 1), new Date(anchor.getFullYear() + 1, 0, 1), String(anchor.getFullYear())];
    if (scale === 'range') {
      const first = parseDay(from.value || localDay(anchor));
      const last = parseDay(to.value || from.value || localDay(anchor));
      return [first, addDays(last < first ? first : last, 1), `${date(first)} – ${date(last < first ? first : last)}`];
    }
    return [anchor, addDays(anchor, 1), date(anchor)];
  }

  function step(direction) {
    if (scale === 'week') anchor = addDays(anchor, 7 * direction);
    else if (scale === 'month') anchor = new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
    else if (scale === 'year') anchor = new Date(anchor.getFullYear() + direction, 0, 1);
    else anchor = addDays(anchor, direction);
    from.value = localDay(anchor);
    view.refresh();
  }

  function section(title, rows, emptyText) {
    return h('section', { class: 'card chart-card', 'aria-label': title }, h('h3', { text: title }),
      rows.length ? barList(rows.slice(0, TOP_ROWS), title) : emptyState(emptyText));
  }

  const plain = (rows) => rows.map((r) => ({ label: r.key, value: r.duration, text: duration(r.duration) }));

  /** Projects as a tree: a parent's bar holds its sub-projects' time, children indented under it. */
  function projectRows(rows) {
    const own = new Map(rows.map((r) => [r.key, r.duration]));
    const parentOf = (id) => app.catalogs.project(id)?.parentId || null;
    const total = new Map();
    for (const [id, ms] of own) for (let p = id; p; p = parentOf(p)) total.set(p, (total.get(p) || 0) + ms);
    const ordered = [];
    const visit = (parent, depth) => [...total.keys()].filter((id) => parentOf(id) === parent).sort((a, b) => total.get(b) - total.get(a))
      .forEach((id) => { ordered.push({ id, depth }); visit(id, depth + 1); });
    visit(null, 0);
    const named = ordered.map(({ id, depth }) => ({ label: `${'  '.repeat(depth)}${app.catalogs.projectName(id)}`, value: total.get(id),
      color: app.catalogs.projectColor(id), text: duration(total.get(id)) }));
    const none = own.get(null);
    return none ? [...named, { label: 'No project', value: none, color: UNCATEGORIZED, text: duration(none) }] : named;
  }

  function categoryRows(rows) {
    return rows.map((r) => {
      const category = app.catalogs.category(r.key);
      const rating = category?.productivity ? ` · ${category.productivity.replace(/_/g, ' ')}` : '';
      return { label: category?.name || r.name || 'Uncategorized', value: r.duration, color: category?.color || UNCATEGORIZED,
        text: `${duration(r.duration)}${rating}` };
    });
  }

  view.refresh = async () => {
    for (const button of scaleButtons) button.setAttribute('aria-pressed', String(button.dataset.scale === scale));
    to.hidden = scale !== 'range';
    const [first, after, title] = period();
    const [start] = dayBounds(first);
    const [end] = dayBounds(after);
    const summary = await app.bridge.invoke('timeline:getSummary', start, end);
    label.textContent = title;
    replaceChildren(body,
      h('div', { class: 'figures' }, h('div', { class: 'figure card' }, h('span', { class: 'figure-label', text: 'Tracked' }),
        h('strong', { id: 'where-total', text: duration(summary.total) }))),
      summary.total ? h('div', { class: 'chart-grid' },
        section('Categories', categoryRows(summary.byCategory), 'No categories.'),
        section('Projects', projectRows(summary.byProject), 'No projects.'),
        section('Apps', plain(summary.byApp), 'No apps.'),
        section('Window titles', plain(summary.byTitle), 'No titles.'),
        section('Web sites', plain(summary.byDomain), 'No web sites: browser tabs come from ActivityWatch\'s web watcher.'),
        section('Files', plain(summary.byFile || []), 'No files: editor files come from ActivityWatch\'s editor watchers.'))
        : emptyState('Nothing tracked in this period.'));
  };
  app.bridge.on('timeline:relabeled', () => app.changed(['where']));

  view.el = h('section', { class: 'view', id: 'view-where', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('div', { class: 'period-controls' },
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' }, ...scaleButtons),
        h('button', { type: 'button', text: '‹', 'aria-label': 'Previous period', onclick: () => step(-1) }), from, to,
        h('button', { type: 'button', text: '›', 'aria-label': 'Next period', onclick: () => step(1) }))),
    label, body);
  return view;
}
