// Date presets for report ranges: this week, last week, this month, last month, or the user's own dates.
import { h, option } from './dom.js';
import { addDays, localDay, weekStart } from './format.js';

export const PRESETS = [['this-week', 'This week'], ['last-week', 'Last week'], ['this-month', 'This month'],
  ['last-month', 'Last month'], ['custom', 'Custom']];

/** [first, last] day (YYYY-MM-DD, both included) of a preset around `now`; null for custom. */
export function presetRange(preset, now = new Date(), weekStartsOn = 'monday') {
  const week = weekStart(now, weekStartsOn);
  const ranges = {
    'this-week': () => [week, addDays(week, 6)],
    'last-week': () => [addDays(week, -7), addDays(week, -1)],
    'this-month': () => [new Date(now.getFullYear(), now.getMonth(), 1), new Date(now.getFullYear(), now.getMonth() + 1, 0)],
    'last-month': () => [new Date(now.getFullYear(), now.getMonth() - 1, 1), new Date(now.getFullYear(), now.getMonth(), 0)],
  };
  return ranges[preset] ? ranges[preset]().map(localDay) : null;
}

/** A preset picker that fills the `from` and `to` date fields; typing a date switches it to Custom. */
export function presetSelect(app, from, to, chosen = 'custom') {
  const select = h('select', { class: 'preset-select' }, ...PRESETS.map(([value, text]) => option(value, text, value === chosen)));
  const apply = () => {
    const range = presetRange(select.value, new Date(), app.weekStartsOn());
    if (!range) return;
    [from.value, to.value] = range;
    from.dispatchEvent(new Event('change'));
  };
  select.addEventListener('change', apply);
  for (const input of [from, to]) input.addEventListener('input', () => { select.value = 'custom'; });
  if (chosen !== 'custom') apply();
  return select;
}
