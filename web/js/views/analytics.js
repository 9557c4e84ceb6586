// Analytics: day / week / month figures, charts per project, category, hour and day, the weekly trend, insights.
import { barList, columnChart } from '../charts.js';
import { h, replaceChildren } from '../dom.js';
import { addDays, date, dayMonth, duration, hourLabel, localDay, month, monthStart, parseDay, weekStart, weekdayDate } from '../format.js';
import { emptyState, swatch } from '../ui.js';
import { plural } from '../words.js';

const TREND_WEEKS = 12;
const SCALES = [['day', 'Day'], ['week', 'Week'], ['month', 'Month']];
const PREVIOUS = { day: 'the day before', week: 'last week', month: 'last month' };
const SEVERITY = { high: 'High', medium: 'Medium', low: 'Low' };
const PATTERN_NAMES = {
  frequent_context_switching: 'Frequent context switching', fragmented_work: 'Fragmented work', distracting_apps: 'Distracting apps',
};

export function createAnalyticsView(app) {
  const view = { id: 'analytics', title: 'Analytics' };
  let scale = 'week';
  let anchor = new Date();
  const body = h('div', { class: 'analytics-body', 'aria-live': 'polite', 'aria-busy': 'false' });
  const periodLabel = h('h2', { class: 'period-label' });
  const picker = h('input', { type: 'date', 'aria-label': 'Go to date', value: localDay(anchor) });
  picker.addEventListener('change', () => { if (picker.value) { anchor = parseDay(picker.value); view.refresh(); } });
  const scaleButtons = SCALES.map(([id, text]) => h('button', { type: 'button', class: 'segment', dataset: { scale: id },
    'aria-pressed': String(id === scale), text, onclick: () => { scale = id; view.refresh(); } }));

  function step(direction) {
    if (scale === 'day') anchor = addDays(anchor, direction);
    else if (scale === 'week') anchor = addDays(anchor, 7 * direction);
    else anchor = new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
    view.refresh();
  }

  /** The period's first and last day and its stats call. */
  function period() {
    if (scale === 'day') return { first: anchor, last: anchor, label: date(anchor), stats: ['analytics:getDailyStats', localDay(anchor)] };
    if (scale === 'week') {
      const first = weekStart(anchor, app.weekStartsOn());
      return { first, last: addDays(first, 6), label: `Week of ${date(first)}`, stats: ['analytics:getWeeklyStats', localDay(first)] };
    }
    const first = monthStart(anchor);
    return { first, last: new Date(first.getFullYear(), first.getMonth() + 1, 0), label: month(first),
      stats: ['analytics:getMonthlyStats', localDay(first).slice(0, 7)] };
  }

  async function trend(last) {
    const end = weekStart(last, app.weekStartsOn());
    const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addDays(end, -7 * (TREND_WEEKS - 1 - i)));
    const stats = await Promise.all(weeks.map((w) => app.bridge.invoke('analytics:getWeeklyStats', localDay(w))));
    return weeks.map((w, i) => ({ label: dayMonth(w), value: stats[i].totalTime || 0 }));
  }

  function figure(label, value, hint) {
    return h('div', { class: 'figure card' }, h('span', { class: 'figure-label', text: label }), h('strong', { text: value }),
      hint ? h('span', { class: 'muted', text: hint }) : null);
  }

  /** The tracked time against the period before (the previous day, 7 days or calendar month). */
  function comparison(compared) {
    const change = compared?.changes?.totalTime;
    if (!change || change.previous === null || change.previous === undefined) return null;
    const delta = change.change || 0;
    const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
    const percent = change.changePercent === null ? '' : ` (${sign}${Math.abs(Math.round(change.changePercent))}%)`;
    const el = figure(`vs. ${PREVIOUS[scale]}`, `${sign}${duration(Math.abs(delta))}`,
      `${duration(change.previous)} ${PREVIOUS[scale]}${percent}`);
    el.classList.add('comparison', delta > 0 ? 'up' : delta < 0 ? 'down' : 'same');
    return el;
  }

  function section(title, ...content) {
    return h('section', { class: 'card chart-card', 'aria-label': title }, h('h3', { text: title }), ...content);
  }

  function projectRows(stats) {
    return (stats.projectDistribution || []).map((row) => ({
      label: app.catalogs.projectName(row.projectId), value: row.duration, color: app.catalogs.projectColor(row.projectId),
      text: `${duration(row.duration)} · ${Math.round(row.percentage)}%` }));
  }

  function categoryRows(stats) {
    return (stats.categoryDistribution || []).map((row) => ({
      label: row.name || app.catalogs.category(row.categoryId)?.name || row.categoryId, value: row.duration,
      color: app.catalogs.category(row.categoryId)?.color, text: `${duration(row.duration)} · ${Math.round(row.percentage)}%` }));
  }

  function insights(analysis) {
    const peaks = analysis.peakProductivityHours || [];
    const patterns = analysis.distractionPatterns || [];
    return h('div', { class: 'insights' },
      section('Peak hours', peaks.length
        ? h('ol', { class: 'peaks' }, ...peaks.map((hour) => h('li', { text: `${hourLabel(hour)}–${hourLabel((hour + 1) % 24)}` })))
        : emptyState('No productive time in this period.')),
      section('Distraction patterns', patterns.length
        ? h('ul', { class: 'patterns' }, ...patterns.map((p) => h('li', {},
          h('strong', { text: PATTERN_NAMES[p.type] || p.type }), ` · ${SEVERITY[p.severity] || p.severity} · ${p.occurrences} times`,
          h('p', { class: 'muted', text: p.recommendation }))))
        : emptyState('No distraction patterns found.')),
      section('Recommendations', h('ul', { class: 'recommendations' }, ...(analysis.recommendations || []).map((r) => h('li', { text: r })))));
  }

  function render(current, stats, analysis, weeks, compared) {
    const hourly = stats.hourlyBreakdown || [];
    const peaks = new Set(analysis.peakProductivityHours || []);
    const pulse = analysis.productivityPulse ?? stats.productivityPulse;
    const figures = [
      figure('Tracked', duration(stats.totalTime), plural(stats.activityCount ?? stats.completedActivities ?? 0, 'activity', 'activities')),
      comparison(compared),
      figure('Productivity score', `${Math.round(analysis.productivityScore ?? stats.productivityScore ?? 0)}%`, 'time not in breaks or meetings'),
      figure('Productivity pulse', pulse === null || pulse === undefined ? '—' : String(Math.round(pulse)), 'by category rating, 0–100'),
    ];
    if (stats.dailyTotals) {
      figures.push(figure('Average per day', duration(stats.averageDailyTime)),
        figure('Best day', stats.mostProductiveDay ? weekdayDate(parseDay(stats.mostProductiveDay)) : '—'));
    }
    const days = stats.dailyTotals || [];
    replaceChildren(body,
      h('div', { class: 'figures' }, ...figures),
      stats.totalTime ? null : emptyState('Nothing was tracked in this period.'),
      h('div', { class: 'chart-grid' },
        section('Time per project', projectRows(stats).length ? barList(projectRows(stats), 'Time per project') : emptyState('No time tracked.')),
        section('Time per category', categoryRows(stats).length
          ? barList(categoryRows(stats), 'Time per category')
          : emptyState('No categorized time (categories come from tracked windows).')),
        section('Time per hour of day', columnChart(hourly.length ? hourly : new Array(24).fill(0), Array.from({ length: 24 }, (_, i) => hourLabel(i)),
          { format: duration, label: 'Time per hour of day', every: 3, highlight: peaks })),
        days.length ? section('Time per day', columnChart(days.map((d) => d.totalTime), days.map((d) => dayMonth(parseDay(d.date))),
          { format: duration, label: 'Time per day', every: days.length > 10 ? 5 : 1 })) : null,
        section(`Trend over ${TREND_WEEKS} weeks`, columnChart(weeks.map((w) => w.value), weeks.map((w) => w.label),
          { format: duration, label: 'Tracked time per week', every: 2, highlight: new Set([weeks.length - 1]) }))),
      (stats.topActivities || []).length ? section('Top activities', h('ol', { class: 'top-activities' },
        ...stats.topActivities.map((a) => h('li', {}, swatch(app.catalogs.projectColor(a.projectId)), `${a.name} `,
          h('span', { class: 'muted', text: `${duration(a.duration)} · ${app.catalogs.projectName(a.projectId)}` }))))) : null,
      insights(analysis));
    periodLabel.textContent = current.label;
  }

  view.refresh = async () => {
    for (const button of scaleButtons) button.setAttribute('aria-pressed', String(button.dataset.scale === scale));
    picker.value = localDay(anchor);
    const current = period();
    body.setAttribute('aria-busy', 'true');
    delete body.dataset.rendered;
    const [stats, analysis, weeks, compared] = await Promise.all([
      app.optional(...current.stats),
      app.bridge.invoke('analytics:getProductivityAnalysis', localDay(current.first), localDay(current.last)),
      trend(current.last),
      app.optional('analytics:comparePeriods', localDay(current.first), localDay(current.last)),
    ]);
    body.setAttribute('aria-busy', 'false');
    if (stats === undefined) {
      periodLabel.textContent = current.label;
      replaceChildren(body, emptyState('Monthly statistics need a newer LightTrack.'));
      return;
    }
    render(current, stats, analysis, weeks, compared);
    body.dataset.rendered = scale;
  };

  const heading = h('h1', { id: 'analytics-heading', text: 'Analytics' });
  view.el = h('section', { class: 'view', id: 'view-analytics', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading,
      h('div', { class: 'period-controls' },
        h('div', { class: 'segmented', role: 'group', 'aria-label': 'Period' }, ...scaleButtons),
        h('button', { type: 'button', 'aria-label': 'Previous period', text: '‹', onclick: () => step(-1) }),
        picker,
        h('button', { type: 'button', 'aria-label': 'Next period', text: '›', onclick: () => step(1) }),
        h('button', { type: 'button', text: 'Today', onclick: () => { anchor = new Date(); view.refresh(); } }))),
    periodLabel, body);
  return view;
}
