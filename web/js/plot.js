// Charts drawn by uPlot: bars stacked by project with labelled axes (12 px), a tooltip of values, a table for
// screen readers. The theme's colours come from the page's CSS variables at drawing time.
import uPlot from '../vendor/uplot/dist/uPlot.esm.js';
import { h } from './dom.js';
import { duration } from './format.js';

const HEIGHT = 220;
const FONT = '12px system-ui, sans-serif';

function themeColor(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

/** Cumulative sums, so that series i's bar top is the stack of series 0..i. */
function stacked(series) {
  const sums = new Array(series[0]?.values.length || 0).fill(0);
  return series.map((s) => s.values.map((v, i) => { sums[i] += v; return sums[i]; }));
}

function tooltip(u, labels, series) {
  const tip = h('div', { class: 'plot-tip', hidden: true });
  u.over.append(tip);
  return (index, left) => {
    if (index === null || index === undefined) { tip.hidden = true; return; }
    const rows = series.filter((s) => s.values[index] > 0);
    const total = series.reduce((sum, s) => sum + s.values[index], 0);
    tip.replaceChildren(h('strong', { text: `${labels[index]} · ${duration(total)}` }),
      ...rows.map((s) => h('div', {}, h('span', { class: 'dot', style: { background: s.color } }), ` ${s.label} ${duration(s.values[index])}`)));
    tip.hidden = false;
    tip.style.left = `${Math.min(left + 12, u.over.clientWidth - 180)}px`;
  };
}

/**
 * A stacked bar chart in `host`: labels[i] names bar i; series = [{label, color, values}] bottom to top.
 * Returns the uPlot (destroyed when the host is emptied again by the caller).
 */
export function stackedBars(host, { labels, series, label, every = 1 }) {
  const text = () => themeColor('--text');
  const grid = () => themeColor('--border');
  const tops = stacked(series);
  const x = labels.map((_, i) => i);
  const drawn = series.map((s, i) => ({ s, top: tops[i] })).reverse(); // tallest first, each part painted over it
  const bars = uPlot.paths.bars({ size: [0.7, 48], gap: 1 });
  const width = Math.max(280, host.clientWidth || host.parentElement?.clientWidth || 600);
  // one label in `every`, and more apart when the labels would touch (about 7 px a character at 12 px)
  const longest = Math.max(...labels.map((l) => String(l).length), 1);
  every = Math.max(every, Math.ceil((labels.length * (longest * 7 + 12)) / (width - 60)));
  const options = {
    width, height: HEIGHT, legend: { show: false }, cursor: { y: false, points: { show: false } },
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, Math.max(max, 3600000) * 1.05] } },
    axes: [
      { stroke: text, font: FONT, grid: { show: false }, ticks: { stroke: grid }, space: 10,
        splits: () => x.filter((i) => i % every === 0), values: (u, splits) => splits.map((i) => labels[i] ?? '') },
      { stroke: text, font: FONT, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 48,
        values: (u, splits) => splits.map((v) => duration(v)), incrs: [900000, 1800000, 3600000, 7200000, 4 * 3600000, 8 * 3600000, 24 * 3600000, 48 * 3600000] },
    ],
    series: [{}, ...drawn.map(({ s }) => ({ label: s.label, fill: s.color, stroke: s.color, width: 0, paths: bars, points: { show: false } }))],
    hooks: { setCursor: [(u) => show?.(u.cursor.idx, u.cursor.left)] },
  };
  let show = null;
  const plot = new uPlot(options, [x, ...drawn.map(({ top }) => top)], host);
  show = tooltip(plot, labels, series);
  host.plot = plot; // tests read the drawn axes
  redrawnOnThemeChange(plot);
  plot.root.setAttribute('role', 'img');
  plot.root.setAttribute('aria-label', label);
  const observer = new ResizeObserver(() => {
    const next = host.clientWidth;
    if (next && Math.abs(next - plot.width) > 4) plot.setSize({ width: next, height: HEIGHT });
  });
  observer.observe(host);
  host.append(table(labels, series, label));
  return plot;
}

const drawnPlots = new Set();
let themeWatch = null;

/** Axes take the theme's colours when they are drawn: a theme change draws the charts on the page again. */
function redrawnOnThemeChange(plot) {
  forgetRemovedPlots();
  drawnPlots.add(plot);
  if (themeWatch) return;
  themeWatch = new MutationObserver(() => {
    forgetRemovedPlots();
    for (const shown of drawnPlots) shown.redraw(false, true);
  });
  themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

function forgetRemovedPlots() {
  for (const shown of drawnPlots) if (!shown.root.isConnected) drawnPlots.delete(shown);
}

/** The same numbers as a table, for screen readers. */
function table(labels, series, label) {
  return h('table', { class: 'visually-hidden' }, h('caption', { text: label }),
    h('tr', {}, h('th', { text: '' }), ...series.map((s) => h('th', { text: s.label }))),
    ...labels.map((l, i) => h('tr', {}, h('th', { text: l }), ...series.map((s) => h('td', { text: duration(s.values[i]) })))));
}
