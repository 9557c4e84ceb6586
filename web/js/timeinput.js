// Time and duration fields that accept what people type: 14:00, 1400, 2pm, 2:30 pm, yesterday 9:15; 1h30, 1:30, 90m.

const CLOCK = /^(\d{1,2})(?::?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|h)?$/i;

/** A local Date for `text` on the local day of `day` (a Date); null when it is not a time. */
export function parseClockInput(text, day) {
  let rest = String(text || '').trim().toLowerCase();
  const base = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const iso = rest.match(/^(\d{4})-(\d{2})-(\d{2})[ t](.*)$/);
  if (iso) {
    base.setFullYear(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]));
    rest = iso[4].trim();
  } else if (rest.startsWith('yesterday ')) {
    base.setDate(base.getDate() - 1);
    rest = rest.slice(10).trim();
  } else if (rest.startsWith('today ')) {
    rest = rest.slice(6).trim();
  }
  const found = rest.match(CLOCK);
  if (!found) return null;
  let hour = Number(found[1]);
  const minute = Number(found[2] || 0);
  const suffix = found[3] && found[3] !== 'h' ? found[3] : null;
  if (suffix) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (suffix.startsWith('p') ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  base.setHours(hour, minute, 0, 0);
  return base;
}

/** Milliseconds for 1h30, 1h, 45m, 1:30, 90 (minutes); null when it is not a duration. */
export function parseDurationInput(text) {
  const value = String(text || '').trim().toLowerCase();
  let found = value.match(/^(\d{1,3}):(\d{2})$/);
  if (found) return (Number(found[1]) * 60 + Number(found[2])) * 60000 || null;
  found = value.match(/^(?:(\d{1,3})\s*h)?\s*(?:(\d{1,4})\s*m?(?:in)?)?$/);
  if (!found || (!found[1] && !found[2])) return null;
  return (Number(found[1] || 0) * 60 + Number(found[2] || 0)) * 60000 || null;
}
