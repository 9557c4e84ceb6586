// Horizontal bar lists (HTML) with their values as text; time series are drawn by plot.js (uPlot).
import { h } from './dom.js';

/** Rows [{label, value, color, text}] as labelled horizontal bars, longest first. */
export function barList(rows, label) {
  const max = Math.max(...rows.map((r) => r.value), 1);
  return h('ul', { class: 'bar-list', 'aria-label': label },
    ...rows.map((row) => h('li', {},
      h('span', { class: 'bar-label', text: row.label, title: row.label }),
      h('span', { class: 'bar-track', 'aria-hidden': 'true' },
        h('span', { class: 'bar-fill', style: { width: `${(row.value / max) * 100}%`, background: row.color || 'var(--accent)' } })),
      h('span', { class: 'bar-value', text: row.text }))));
}
