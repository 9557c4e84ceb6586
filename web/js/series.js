// The numbers behind the charts, from one list of activities: time per hour of day and per day, stacked by project,
// the peak hours of that same hourly series, and the comparison with the same elapsed part of the previous period.

const HOUR = 3600000;

/** Worked milliseconds of `activity` inside [from, to) (pauses spread evenly over the activity). */
export function workedWithin(activity, from, to, now = Date.now()) {
  const start = Date.parse(activity.startTime);
  const end = activity.endTime ? Date.parse(activity.endTime) : now;
  const overlap = Math.min(end, to) - Math.max(start, from);
  if (overlap <= 0 || end <= start) return 0;
  const worked = activity.endTime ? activity.duration || 0 : Math.max(0, end - start - (activity.pausedDuration || 0));
  return worked * (overlap / (end - start));
}

/** Each local hour an activity touches, with the worked time in it: calls visit(hourStartDate, ms). */
function eachHour(activity, visit, now) {
  const start = Date.parse(activity.startTime);
  const end = activity.endTime ? Date.parse(activity.endTime) : now;
  const cursor = new Date(start);
  cursor.setMinutes(0, 0, 0);
  while (cursor.getTime() < end) {
    const next = new Date(cursor.getFullYear(), cursor.getMonth(), cursor.getDate(), cursor.getHours() + 1);
    const ms = workedWithin(activity, cursor.getTime(), next.getTime(), now);
    if (ms > 0) visit(cursor, ms);
    cursor.setTime(next.getTime());
  }
}

function add(byProject, projectId, length, index, ms) {
  if (!byProject.has(projectId)) byProject.set(projectId, new Array(length).fill(0));
  byProject.get(projectId)[index] += ms;
}

/** 24 values (hour of day) per project over the activities between `first` and `last` (local Dates, whole days). */
export function hourlyByProject(activities, first, last, now = Date.now()) {
  const from = first.getTime();
  const to = new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1).getTime();
  const byProject = new Map();
  for (const activity of activities) {
    eachHour(activity, (hour, ms) => {
      if (hour.getTime() >= from && hour.getTime() < to) add(byProject, activity.projectId, 24, hour.getHours(), ms);
    }, now);
  }
  return byProject;
}

/** One value per day of `days` (consecutive local Dates), per project. */
export function dailyByProject(activities, days, now = Date.now()) {
  const index = new Map(days.map((d, i) => [`${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`, i]));
  const byProject = new Map();
  for (const activity of activities) {
    eachHour(activity, (hour, ms) => {
      const i = index.get(`${hour.getFullYear()}-${hour.getMonth()}-${hour.getDate()}`);
      if (i !== undefined) add(byProject, activity.projectId, days.length, i, ms);
    }, now);
  }
  return byProject;
}

export function totals(byProject, length) {
  const sum = new Array(length).fill(0);
  for (const values of byProject.values()) values.forEach((v, i) => { sum[i] += v; });
  return sum;
}

/** The (up to) three hours with the most time in the hourly series, busiest first; hours under a minute are left out. */
export function peakHours(hourly, count = 3) {
  return hourly.map((value, hour) => ({ hour, value })).filter((p) => p.value >= 60000)
    .sort((a, b) => b.value - a.value || a.hour - b.hour).slice(0, count);
}

/**
 * This period so far against the same elapsed part of the previous one: {current, previous, until}.
 * `first` is the period's start, `previousFirst` the previous period's start, `end` the period's end (exclusive).
 */
export function sameElapsed(activities, first, previousFirst, end, now = Date.now()) {
  const elapsed = Math.min(now, end.getTime()) - first.getTime();
  const previousEnd = previousFirst.getTime() + elapsed;
  const sum = (from, to) => activities.reduce((total, a) => total + workedWithin(a, from, to, now), 0);
  return { current: sum(first.getTime(), first.getTime() + elapsed), previous: sum(previousFirst.getTime(), previousEnd),
    until: new Date(previousEnd), partial: now < end.getTime() };
}

export const hoursOf = (ms) => ms / HOUR;
