// Analytics: day / week / month figures, charts per project, category, hour and day, the weekly trend, insights.
import { barList } from '../charts.js';
import { stackedBars } from '../plot.js';
import { dailyByProject, hourlyByProject, peakHours, sameElapsed, totals } from '../series.js';
import { h, replaceChildren } from '../dom.js';
import { addDays, date, dayMonth, duration, hourLabel, localDay, month, monthStart, parseDay, weekdayDate, weekStart } from '../format.js';
import { emptyState, swatch } from '../ui.js';
import { plural } from '../words.js';

const TREND_WEEKS = 12;
const SCALES = [['day', 'Day'], ['week', 'Week'], ['month', 'Month'], ['year', 'Year']];
const PREVIOUS = { day: 'yesterday', week: 'last week', month: 'last month', year: 'last year' };
const SEVERITY = { high: 'High', medium: 'Medium', low: 'Low' };
const PATTERN_NAMES = {
  frequent_context_switching: 'Frequent context switching', fragmented_work: 'Fragmented work', distracting_apps: 'Distracting apps',
};

/** What the pulse means, with each rating's weight as the app defines it. */
function pulseHelp(ratings) {
  const weights = ratings.map((r) => `${r.label.toLowerCase()} ${r.pulse}`).join(', ');
  return `Productivity pulse, 0–100: tracked time weighted by the rating of its category (${weights}). `
    + 'Time without a category is left out. Rate categories under Tags & categories.';
}

export function createAnalyticsView(app) {
  const view = { id: 'analytics', title: 'Analytics' };
  let scale = 'week';
  const charts = [];
  const hourOf = (hour) => hourLabel(hour, app.hour12);
  const themeAccent = () => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim();
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
    else if (scale === 'month') anchor = new Date(anchor.getFullYear(), anchor.getMonth() + direction, 1);
    else anchor = new Date(anchor.getFullYear() + direction, 0, 1);
    view.refresh();
  }

  /** The period's first and last day and its stats call. */
  function period() {
    if (scale === 'day') {
      const first = addDays(anchor, 0);
      return { first, last: first, previousFirst: addDays(first, -1), label: date(anchor), stats: ['analytics:getDailyStats', localDay(anchor)] };
    }
    if (scale === 'week') {
      const first = weekStart(anchor, app.weekStartsOn());
      return { first, last: addDays(first, 6), previousFirst: addDays(first, -7), label: `Week of ${date(first)}`,
        stats: ['analytics:getWeeklyStats', localDay(first)] };
    }
    if (scale === 'year') {
      const first = new Date(anchor.getFullYear(), 0, 1);
      const last = new Date(anchor.getFullYear(), 11, 31);
      return { first, last, previousFirst: new Date(anchor.getFullYear() - 1, 0, 1), label: String(anchor.getFullYear()),
        stats: ['analytics:getRangeStats', localDay(first), localDay(last)] };
    }
    const first = monthStart(anchor);
    return { first, last: new Date(first.getFullYear(), first.getMonth() + 1, 0), previousFirst: new Date(first.getFullYear(), first.getMonth() - 1, 1),
      label: month(first), stats: ['analytics:getMonthlyStats', localDay(first).slice(0, 7)] };
  }

  // weekly totals read once per revision of the store: switching scales reuses them
  const weekTotals = new Map();
  let weekRevision = -1;
  async function weekTotal(day) {
    if (weekRevision !== app.store.revision.peek()) { weekTotals.clear(); weekRevision = app.store.revision.peek(); }
    const key = localDay(day);
    if (!weekTotals.has(key)) weekTotals.set(key, app.bridge.invoke('analytics:getWeeklyStats', key).then((s) => s.totalTime || 0));
    return weekTotals.get(key);
  }

  async function trend(last) {
    const end = weekStart(last, app.weekStartsOn());
    const weeks = Array.from({ length: TREND_WEEKS }, (_, i) => addDays(end, -7 * (TREND_WEEKS - 1 - i)));
    const totalsOfWeeks = await Promise.all(weeks.map(weekTotal));
    return weeks.map((w, i) => ({ label: dayMonth(w), value: totalsOfWeeks[i] }));
  }

  function figure(label, value, hint) {
    return h('div', { class: 'figure card' }, h('span', { class: 'figure-label', text: label }), h('strong', { text: value }),
      hint ? h('span', { class: 'muted', text: hint }) : null);
  }

  /** The previous year up to the day this one has reached, from the daily summaries (read beside the year's). */
  async function previousYearSoFar(current) {
    const today = new Date();
    const partial = today <= current.last;
    const day = partial ? today : current.last;
    const until = new Date(current.previousFirst.getFullYear(), day.getMonth(), day.getDate());
    const previous = await app.bridge.invoke('analytics:getTotals', localDay(current.previousFirst), localDay(until));
    return { previous: previous.totalTime || 0, until, partial };
  }

  /** This period so far against the same elapsed part of the previous one; no colour judges the difference. */
  function comparison(current, elapsed) {
    const { current: now, previous, until, partial } = elapsed;
    if (!now && !previous) {
      const none = figure(`vs. ${PREVIOUS[scale]}`, '—', 'Nothing tracked in either period.');
      none.classList.add('comparison');
      return none;
    }
    const delta = now - previous;
    const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
    const percent = previous ? ` (${sign}${Math.abs(Math.round((delta / previous) * 100))}%)` : '';
    const part = partial ? ` up to ${until.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit', hour12: app.hour12 })}` : '';
    const el = figure(`vs. ${PREVIOUS[scale]}${partial ? ' at this point' : ''}`, `${sign}${duration(Math.abs(delta))}`,
      `${duration(previous)} ${PREVIOUS[scale]}${part}${percent}`);
    el.classList.add('comparison');
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

  function insights(analysis, peaks) {
    const patterns = analysis.distractionPatterns || [];
    return h('div', { class: 'insights' },
      section('Peak hours', h('p', { class: 'muted', text: 'The hours with the most tracked time in the chart above.' }), peaks.length
        ? h('ol', { class: 'peaks' }, ...peaks.map((p) => h('li', { text: `${hourOf(p.hour)}–${hourOf((p.hour + 1) % 24)} · ${duration(p.value)}` })))
        : emptyState('No tracked time in this period yet.')),
      section('Distraction patterns', patterns.length
        ? h('ul', { class: 'patterns' }, ...patterns.map((p) => h('li', {},
          h('strong', { text: PATTERN_NAMES[p.type] || p.type }), ` · ${SEVERITY[p.severity] || p.severity} · ${p.occurrences} times`,
          h('p', { class: 'muted', text: p.recommendation }))))
        : emptyState('No distraction patterns found.')),
      section('Recommendations', h('ul', { class: 'recommendations' }, ...(analysis.recommendations || []).map((r) => h('li', { text: r })))));
  }

  function projectSeries(byProject) {
    if (byProject.has('__tracked')) return [{ label: 'Tracked', color: themeAccent(), values: byProject.get('__tracked') }];
    return [...byProject.entries()].sort((a, b) => app.catalogs.projectName(a[0]).localeCompare(app.catalogs.projectName(b[0])))
      .map(([id, values]) => ({ label: app.catalogs.projectName(id), color: app.catalogs.projectColor(id), values }));
  }

  function chart(title, options) {
    const host = h('div', { class: 'plot' });
    const card = section(title, host);
    card.classList.add('wide');
    charts.push(() => stackedBars(host, options));
    return card;
  }

  /** Per project from the activities; for a year, one "Tracked" series from the summaries. */
  function periodSeries(current, stats, activities, days) {
    if (!activities) {
      const byDay = new Map((stats.dailyTotals || []).map((d) => [d.date, d.totalTime || 0]));
      const hourlyTotals = (stats.hourlyBreakdown || new Array(24).fill(0)).map((v) => (typeof v === 'number' ? v : v.duration || 0));
      const tracked = (values) => new Map([['__tracked', values]]);
      return { hourly: tracked(hourlyTotals), daily: tracked(days.map((d) => byDay.get(localDay(d)) || 0)) };
    }
    const inPeriod = activities.filter((a) => (a.endTime ? Date.parse(a.endTime) : Date.now()) > current.first.getTime());
    return { hourly: hourlyByProject(inPeriod, current.first, current.last), daily: days.length > 1 ? dailyByProject(inPeriod, days) : new Map() };
  }

  function render(current, stats, weeks, activities, elapsed) {
    const days = [];
    for (let d = current.first; d <= current.last; d = addDays(d, 1)) days.push(d);
    const { hourly, daily } = periodSeries(current, stats, activities, days);
    const peaks = peakHours(totals(hourly, 24));
    const pulse = stats.productivityPulse;
    const pulseFigure = figure('Productivity pulse', pulse === null || pulse === undefined ? '—' : String(Math.round(pulse)), 'by category rating, 0–100 (?)');
    const help = pulseHelp(app.ratings);
    pulseFigure.title = help;
    pulseFigure.tabIndex = 0;
    pulseFigure.setAttribute('aria-description', help);
    const figures = [
      figure('Tracked', duration(stats.totalTime), plural(stats.activityCount ?? stats.completedActivities ?? 0, 'activity', 'activities')),
      comparison(current, elapsed),
      pulseFigure,
    ];
    if (stats.dailyTotals) {
      const best = stats.mostProductiveDay ? `Best day: ${weekdayDate(parseDay(stats.mostProductiveDay))}` : 'No best day yet';
      figures.push(figure('Average per day', duration(stats.averageDailyTime), best));
    }
    charts.splice(0);
    const empty = !stats.totalTime;
    replaceChildren(body,
      h('div', { class: 'figures' }, ...figures),
      empty ? h('div', { class: 'card empty-period' }, h('p', { class: 'empty-title', text: `Nothing tracked ${scale === 'day' ? 'on this day' : `in this ${scale}`} yet.` }),
        h('p', { class: 'muted', text: 'Start a timer on Today, type an entry like “9-10:30 Write report”, or go to another period.' })) : null,
      empty ? null : h('div', { class: 'chart-grid' },
        section('Time per project', barList(projectRows(stats), 'Time per project')),
        section('Time per category', categoryRows(stats).length
          ? barList(categoryRows(stats), 'Time per category')
          : emptyState('No categorized time (categories come from tracked windows).')),
        chart('Time per hour of day, by project', { labels: Array.from({ length: 24 }, (_, i) => hourOf(i)), series: projectSeries(hourly),
          label: 'Time per hour of day, by project', every: 3 }),
        days.length > 1 ? chart('Time per day, by project', { labels: days.map((d) => dayMonth(d)),
          series: projectSeries(daily), label: 'Time per day, by project', every: days.length > 10 ? 5 : 1 }) : null),
      chart(`Trend over ${TREND_WEEKS} weeks`, { labels: weeks.map((w) => w.label),
        series: [{ label: 'Tracked', color: themeAccent(), values: weeks.map((w) => w.value) }], label: 'Tracked time per week', every: 2 }),
      (stats.topActivities || []).length ? section('Top activities', h('ol', { class: 'top-activities' },
        ...stats.topActivities.map((a) => h('li', {}, swatch(app.catalogs.projectColor(a.projectId)), `${a.name} `,
          h('span', { class: 'muted', text: `${duration(a.duration)} · ${app.catalogs.projectName(a.projectId)}` }))))) : null,
      empty ? null : insights(stats, peaks));
    for (const draw of charts) draw();
    periodLabel.textContent = current.label;
  }

  /** The period's activities and those of the previous period up to the same elapsed point (two reads: a year each). */
  async function periodActivities(current) {
    if (scale === 'year') return null; // a year is drawn from the daily summaries, not from every activity
    const elapsedDays = Math.round((Math.min(Date.now(), addDays(current.last, 1).getTime()) - current.first.getTime()) / 86400000);
    const previousLast = addDays(current.previousFirst, Math.max(0, elapsedDays));
    const read = (from, to) => app.bridge.invoke('activity:getFiltered', { startDate: localDay(from), endDate: localDay(to), limit: 10000, sortOrder: 'asc' });
    const [now, before] = await Promise.all([read(current.first, current.last), read(current.previousFirst, previousLast)]);
    const seen = new Set(now.map((a) => a.id));
    return [...before.filter((a) => !seen.has(a.id)), ...now];
  }

  view.refresh = async () => {
    for (const button of scaleButtons) button.setAttribute('aria-pressed', String(button.dataset.scale === scale));
    picker.value = localDay(anchor);
    const current = period();
    body.setAttribute('aria-busy', 'true');
    delete body.dataset.rendered;
    const [stats, weeks, activities, yearBefore] = await Promise.all([
      app.optional(...current.stats),
      trend(current.last),
      periodActivities(current),
      scale === 'year' ? previousYearSoFar(current) : null,
    ]);
    body.setAttribute('aria-busy', 'false');
    if (stats === undefined) {
      periodLabel.textContent = current.label;
      replaceChildren(body, emptyState('Monthly statistics need a newer LightTrack.'));
      return;
    }
    const elapsed = activities ? sameElapsed(activities, current.first, current.previousFirst, addDays(current.last, 1))
      : { ...yearBefore, current: stats.totalTime || 0 };
    render(current, stats, weeks, activities, elapsed);
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
