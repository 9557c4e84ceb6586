// Quick entry: one line as people type it ("9-10:30 Write report @Acme #writing", "1h30 Review", "2pm-3pm Call"),
// with a live preview of what will be stored. Used on Today, in Activities and in the command palette.
import { LOCALE_HOUR12, clockText, duration, weekdayDate } from './format.js';
import { html, useEffect, useRef, useState, useValue } from './lib.js';
import { errorText, toast } from './ui.js';

const PREVIEW_DELAY_MS = 120;
const OPTIONS = { createProject: true };

function when(parsed, hour12) {
  const format = (iso) => clockText(iso, hour12); // 09:00 or 9:00 AM, as rows and time fields write it
  const start = new Date(parsed.startTime);
  const day = start.toDateString() === new Date().toDateString() ? '' : `${weekdayDate(start)} `;
  if (!parsed.endTime) {
    return Math.abs(Date.parse(parsed.startTime) - Date.now()) < 60000 ? 'starts a timer now' : `timer from ${day}${format(parsed.startTime)}`;
  }
  return `${day}${format(parsed.startTime)} – ${format(parsed.endTime)} · ${duration(parsed.duration)}`;
}

/** What a parsed line stores besides its name, as text: " · Website (new project) #review · 09:00 – 10:30 · 1:30". */
export function parsedDetails(app, parsed) {
  const known = parsed.projectId ? app.catalogs.project(parsed.projectId) : null;
  const project = parsed.projectName ? ` · ${parsed.projectName}${known ? '' : ' (new project)'}` : '';
  const tags = parsed.tags.map((t) => ` #${t}`).join('');
  return `${project}${tags} · ${when(parsed, app.hour12)}`;
}

/** Lines a user could type, with times on the clock the app writes (2pm-3pm only where the clock has 12 hours). */
export function quickExamples(hour12) {
  const call = (hour12 ?? LOCALE_HOUR12) ? 'yesterday 2pm-3pm Call' : 'yesterday 14:00-15:00 Call';
  return `9-10:30 Write report @Acme #writing · 1h30 Review · ${call}`;
}

function Preview({ app, parsed, error }) {
  if (error) return html`<p class="quick-preview error" role="status">${error}</p>`;
  if (!parsed) return html`<p class="quick-preview muted" role="status">e.g. ${quickExamples(app.hour12)}</p>`;
  const known = parsed.projectId ? app.catalogs.project(parsed.projectId) : null;
  return html`<p class="quick-preview" role="status">
    <strong class="preview-name">${parsed.name}</strong>
    ${parsed.projectName ? html` · <span class="dot" aria-hidden="true" style=${`background:${known?.color || 'var(--muted)'}`}></span>${parsed.projectName}${known ? '' : ' (new project)'}` : null}
    ${parsed.tags.map((t) => html` <span class="chip">#${t}</span>`)}
    <span class="preview-when"> · ${when(parsed, app.hour12)}</span>
  </p>`;
}

/**
 * The line and its preview. `extra()` gives the form fields beside the line ({projectId, tags}); `onDone(activity)`.
 * `id` names the input (tests and the palette focus it); `submitLabel` the button.
 */
export function QuickEntry({ app, id, submitLabel = 'Add', placeholder, extra, onDone, autofocus, children }) {
  useValue(app.store.projects); // the preview's project dot follows the catalog
  useValue(app.settingsValue); // its examples and times follow the clock setting, changed from any door
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState(null);
  const [error, setError] = useState('');
  const input = useRef(null);
  const extras = () => (extra ? extra() : {});
  useEffect(() => { if (autofocus) input.current?.focus(); }, []);
  useEffect(() => {
    if (!text.trim()) { setParsed(null); setError(''); return undefined; }
    const timer = setTimeout(async () => {
      try {
        setParsed(await app.bridge.invoke('activity:parse', text, { ...OPTIONS, ...extras() }));
        setError('');
      } catch (err) {
        setParsed(null);
        setError(errorText(err));
      }
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  async function submit(event) {
    event.preventDefault();
    if (!text.trim()) {
      setError('Type what you are working on first.');
      input.current?.focus();
      return;
    }
    try {
      const stored = await app.bridge.invoke('activity:quickAdd', text, { ...OPTIONS, ...extras() });
      setText('');
      setParsed(null);
      setError('');
      await app.activitiesChanged();
      if (stored.endTime) toast(`Added “${stored.name}” (${duration(stored.duration)})`);
      onDone?.(stored);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return html`<form class="quick-entry" aria-label="Quick entry" onSubmit=${submit}>
    <div class="quick-line">
      <label class="visually-hidden" for=${id}>What are you working on?</label>
      <input id=${id} ref=${input} type="text" autocomplete="off" maxlength="1000" value=${text}
        placeholder=${placeholder || 'What are you working on?'}
        aria-describedby=${`${id}-preview`} aria-invalid=${error ? 'true' : undefined}
        onInput=${(e) => setText(e.currentTarget.value)} />
      ${children}
      <button type="submit" class="primary">${submitLabel}</button>
    </div>
    <div id=${`${id}-preview`}><${Preview} app=${app} parsed=${parsed} error=${error} /></div>
  </form>`;
}
