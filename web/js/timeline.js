// The tracked windows of a day as one horizontal bar coloured by category, with a legend and a text list.
import { h } from './dom.js';
import { duration, time, hourLabel } from './format.js';
import { emptyState, swatch } from './ui.js';

const HOUR_MS = 3600000;
const LISTED_SPANS = 300;
const UNCATEGORIZED = '#9e9e9e';

function spanLabel(span) {
  return `${span.app || 'Unknown app'} — ${span.title || ''} (${time(span.start)}–${time(span.end)}, ${duration(span.duration)})`;
}

/** The bar spans whole hours from the first to the last window of the day. */
function hourRange(spans) {
  const first = new Date(spans[0].start);
  first.setMinutes(0, 0, 0);
  const last = new Date(spans[spans.length - 1].end);
  if (last.getMinutes() || last.getSeconds()) last.setHours(last.getHours() + 1, 0, 0, 0);
  return [first.getTime(), Math.max(last.getTime(), first.getTime() + 2 * HOUR_MS)];
}

function legend(app, spans) {
  const totals = new Map();
  for (const span of spans) totals.set(span.category || '', (totals.get(span.category || '') || 0) + span.duration);
  return h('ul', { class: 'legend', 'aria-label': 'Time per category' },
    ...[...totals.entries()].sort((a, b) => b[1] - a[1]).map(([id, ms]) => {
      const category = app.catalogs.category(id);
      return h('li', {}, swatch(category?.color || UNCATEGORIZED), `${category?.name || 'Uncategorized'} `,
        h('span', { class: 'muted', text: duration(ms) }));
    }));
}

function spanTable(spans) {
  const shown = spans.slice(-LISTED_SPANS).reverse();
  const rows = shown.map((s) => h('tr', {},
    h('td', { text: `${time(s.start)}–${time(s.end)}` }), h('td', { text: s.app || '' }),
    h('td', { class: 'window-title', text: s.title || '' }), h('td', { text: duration(s.duration) })));
  return h('details', { class: 'span-list' },
    h('summary', { text: `Windows (${spans.length}${spans.length > LISTED_SPANS ? `, latest ${LISTED_SPANS} listed` : ''})` }),
    h('table', {}, h('thead', {}, h('tr', {}, ...['Time', 'App', 'Window title', 'Duration'].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...rows)));
}

export function timelineBar(app, spans) {
  if (!spans.length) return emptyState('No windows recorded today yet.');
  const [from, to] = hourRange(spans);
  const width = to - from;
  const bar = h('div', { class: 'timeline-bar', role: 'img', 'aria-label': `Tracked windows from ${hourLabel(new Date(from).getHours(), app.hour12)}` });
  for (const span of spans) {
    const start = Date.parse(span.start);
    const color = app.catalogs.category(span.category)?.color || UNCATEGORIZED;
    bar.append(h('div', { class: 'timeline-span', title: spanLabel(span), style: {
      left: `${((start - from) / width) * 100}%`, width: `${Math.max(0.15, (span.duration / width) * 100)}%`, background: color } }));
  }
  const ticks = h('div', { class: 'timeline-ticks', 'aria-hidden': 'true' });
  const step = width > 12 * HOUR_MS ? 2 : 1;
  for (let t = from; t <= to; t += step * HOUR_MS) {
    ticks.append(h('span', { style: { left: `${((t - from) / width) * 100}%` }, text: hourLabel(new Date(t).getHours(), app.hour12) }));
  }
  return h('div', { class: 'timeline' }, bar, ticks, legend(app, spans), spanTable(spans));
}
