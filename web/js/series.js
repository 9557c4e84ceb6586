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

/** Add the worked time of `activity` to buckets [from_i, to_i) of `slots`, per project: map projectId → number[]. */
function spread(activity, slots, byProject, now) {
  const values = byProject.get(activity.projectId) || new Array(slots.length).fill(0);
  const start = Date.parse(activity.startTime);
  const end = activity.endTime ? Date.parse(activity.endTime) : now;
  slots.forEach(([from, to], i) => {
    if (to > start && from < end) values[i] += workedWithin(activity, from, to, now);
  });
  byProject.set(activity.projectId, values);
}

/** Hour-of-day slots of every day from `first` to `last` (local Dates), folded into 24 values per project. */
export function hourlyByProject(activities, first, last, now = Date.now()) {
  const folded = new Map();
  for (let day = new Date(first); day <= last; day = new Date(day.getFullYear(), day.getMonth(), day.getDate() + 1)) {
    const slots = Array.from({ length: 24 }, (_, h) => [new Date(day.getFullYear(), day.getMonth(), day.getDate(), h).getTime(),
      new Date(day.getFullYear(), day.getMonth(), day.getDate(), h + 1).getTime()]);
    const byProject = new Map();
    for (const activity of activities) spread(activity, slots, byProject, now);
    for (const [project, values] of byProject) {
      const sum = folded.get(project) || new Array(24).fill(0);
      values.forEach((v, i) => { sum[i] += v; });
      folded.set(project, sum);
    }
  }
  return folded;
}

/** One value per local day from `first` to `last`, per project. */
export function dailyByProject(activities, days, now = Date.now()) {
  const slots = days.map((d) => [d.getTime(), new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1).getTime()]);
  const byProject = new Map();
  for (const activity of activities) spread(activity, slots, byProject, now);
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
