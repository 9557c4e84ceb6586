// Times and durations as the user reads them (local time zone), and back to ISO for the API.

const pad = (n) => String(n).padStart(2, '0');
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric' });
/** Whether the locale's clock has 12 hours (the "locale" time format follows it). */
export const LOCALE_HOUR12 = new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hour12;

/** 1:02:03 — a running timer. */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}

/** 2:05 — h:mm, the one way a duration is written: rows, totals, charts, review, tooltips and time fields. */
export function duration(ms) {
  const minutes = Math.max(0, Math.round((ms || 0) / 60000));
  return `${Math.floor(minutes / 60)}:${pad(minutes % 60)}`;
}

export const hours = (ms) => (ms || 0) / 3600000;

export function time(iso) { return iso ? timeFormat.format(new Date(iso)) : ''; }
export function date(value) { return dateFormat.format(value instanceof Date ? value : new Date(value)); }
export function dayMonth(value) { return shortDate.format(value instanceof Date ? value : new Date(value)); }
export function weekdayDate(value) { return weekdayFormat.format(value); }
export function month(value) { return monthFormat.format(value); }

/** YYYY-MM-DD of a Date in local time. */
export function localDay(d = new Date()) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A local Date at midnight from YYYY-MM-DD. */
export function parseDay(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(d, n) { return new Date(d.getFullYear(), d.getMonth(), d.getDate() + n); }

/** Local midnight of d and of the next day, as ISO instants (right across DST). */
export function dayBounds(d = new Date()) {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  return [start.toISOString(), addDays(start, 1).toISOString()];
}

export function weekStart(d, startsOn = 'monday') {
  const offset = startsOn === 'sunday' ? d.getDay() : (d.getDay() + 6) % 7;
  return addDays(d, -offset);
}

export function monthStart(d) { return new Date(d.getFullYear(), d.getMonth(), 1); }

/** Worked milliseconds of an activity now; a running one ticks from its start minus its pauses. */
export function elapsed(activity, now = Date.now()) {
  if (activity.endTime) return activity.duration || 0;
  const open = activity.isPaused && activity.pauseStartTime ? now - Date.parse(activity.pauseStartTime) : 0;
  return Math.max(0, now - Date.parse(activity.startTime) - (activity.pausedDuration || 0) - open);
}

/** An hour of the day on an axis or in a range: 14:00, or 2 PM on a 12-hour clock (true/false as chosen, else the
 * locale's), the same in every chart, timeline and list. */
export function hourLabel(hour, hour12) {
  if (!(hour12 ?? LOCALE_HOUR12)) return `${pad(hour)}:00`;
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', hour12: true }).format(new Date(2000, 0, 1, hour));
}

export function money(amount, currency = 'USD') {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** "a, b , c" → ["a", "b", "c"] without blanks or repeats. */
export function splitList(text) {
  return [...new Set(String(text || '').split(',').map((t) => t.trim()).filter(Boolean))];
}

/** 14:05 today, 2 Dec 14:05 this year, 2 Dec 2025 14:05 before: when something happened (syncs, devices, versions,
 * worklogs), on the chosen clock. */
export function stamp(iso, hour12) {
  if (!iso) return '';
  const d = new Date(iso), now = new Date();
  if (localDay(d) === localDay(now)) return clockText(iso, hour12);
  const day = d.getFullYear() === now.getFullYear() ? dayMonth(d) : dayMonthYear.format(d);
  return `${day} ${clockText(iso, hour12)}`;
}

/** The local clock of an ISO instant as rows and time fields show it: 12 or 24 hours as chosen (true/false), else
 * as the locale writes it, like the charts and the review (parseClockInput reads every form back). */
export function clockText(iso, hour12) {
  const twelve = hour12 ?? LOCALE_HOUR12;
  return new Intl.DateTimeFormat(undefined, { hour: twelve ? 'numeric' : '2-digit', minute: '2-digit', hour12: twelve })
    .format(new Date(iso)); // 2:30 PM, 14:30 (and 09:30 as elsewhere, not 9:30)
}

