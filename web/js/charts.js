// Small hand-drawn charts: horizontal bar lists (HTML) and column charts (SVG), each with a text equivalent.
import { h, svg } from './dom.js';

const WIDTH = 600;
const HEIGHT = 170;
const AXIS = 18;
const PAD = 16;

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

/**
 * Values as vertical columns. labels[i] names column i; `format` turns a value into text;
 * `every` shows one axis label in that many; `highlight` is a set of indexes drawn in the accent colour.
 */
export function columnChart(values, labels, { format = String, label = '', every = 1, highlight = new Set() } = {}) {
  const max = Math.max(...values, 1);
  const slot = (WIDTH - 2 * PAD) / values.length;
  const plot = HEIGHT - AXIS;
  const chart = svg('svg', { class: 'column-chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label });
  values.forEach((value, i) => {
    const height = (value / max) * (plot - 4);
    chart.append(svg('rect', { x: (PAD + i * slot + slot * 0.15).toFixed(1), y: (plot - height).toFixed(1), width: (slot * 0.7).toFixed(1),
      height: Math.max(height, value > 0 ? 1 : 0).toFixed(1), rx: '2', class: highlight.has(i) ? 'col hl' : 'col' },
    svg('title', { text: `${labels[i]}: ${format(value)}` })));
    if (i % every === 0) {
      chart.append(svg('text', { x: (PAD + i * slot + slot / 2).toFixed(1), y: HEIGHT - 4, 'text-anchor': 'middle', class: 'axis', text: labels[i] }));
    }
  });
  chart.append(svg('line', { x1: '0', x2: WIDTH, y1: plot, y2: plot, class: 'baseline' }));
  return chart;
}
