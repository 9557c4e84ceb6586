// The pieces every record editor shares: the popover form, a field's error, a button that asks before it acts.
import { html, useEffect, useLayoutEffect, useRef, useState } from './lib.js';
import { errorText, toast } from './ui.js';

const CONFIRM_MS = 4000;

/**
 * A modal form over the view: the first field takes the focus as it appears, Escape (wherever the focus is) or a click
 * beside it closes it, and the focus goes back to what opened it (or, when that is gone, to `fallback`). When `errors`
 * change, the first field marked invalid takes the focus. A field that handles Escape itself stops its propagation.
 */
export function Popover({ label, onSubmit, close, fallback, errors, children, ...rest }) {
  const form = useRef(null);
  const opener = useRef(document.activeElement); // read while rendering: a field's own effect may move the focus first
  const closing = useRef(close);
  closing.current = close;
  useLayoutEffect(() => { // before the first paint: a key pressed as soon as the popover shows reaches it
    form.current?.querySelector('input:not([type=hidden]), select, textarea')?.focus();
    const key = (event) => { if (event.key === 'Escape') closing.current(); };
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('keydown', key);
      (opener.current?.isConnected ? opener.current : fallback?.())?.focus();
    };
  }, []);
  useEffect(() => { form.current?.querySelector('[aria-invalid=true]')?.focus(); }, [errors]);
  return html`<div class="popover-backdrop" onMouseDown=${(e) => e.target === e.currentTarget && close()}>
    <form ref=${form} class=${`popover ${rest.class || ''}`} role="dialog" aria-modal="true" aria-label=${label}
        onSubmit=${onSubmit} novalidate>
      ${children}
    </form>
  </div>`;
}

/** The error under a field (or of the whole form when `id` is not given). */
export function FieldError({ id, error }) {
  if (!error) return null;
  return html`<p class="field-error" id=${id ? `${id}-error` : undefined} role="alert">${error}</p>`;
}

/** A button whose first click asks (`confirm` as its text for a few seconds) and whose second runs `run`. */
export function Armed({ label, confirm, run, ...rest }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return undefined;
    const timer = setTimeout(() => setArmed(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [armed]);
  const click = () => (armed ? run() : setArmed(true));
  return html`<button type="button" ...${rest} onClick=${click}>${armed ? confirm : label}</button>`;
}

/** Which field an API error is about: the first of `fields` ([[pattern, field]]) its message matches, else "form". */
export function fieldFor(error, fields) {
  const message = String(error?.message || error);
  return fields.find(([pattern]) => pattern.test(message))?.[1] || 'form';
}

/** A colour from the palette (`colors`) or any other; none chosen (null) lets the app pick one no other `kind` uses. */
export function ColorChoice({ id, kind, colors, value, onChange, error }) {
  const chosen = (value || '').toLowerCase();
  return html`<fieldset class="field color-field">
    <legend>Colour</legend>
    <div class="swatch-choices" role="radiogroup" aria-label="Colour">
      ${colors.map((c) => html`<button key=${c} type="button" class="swatch-choice" role="radio" aria-checked=${String(chosen === c)}
        aria-label=${c} style=${{ background: c }} onClick=${() => onChange(c)}></button>`)}
      <label class="custom-color" title="Another colour">
        <input type="color" id=${id} value=${value || '#8a94a6'} onInput=${(e) => onChange(e.currentTarget.value)} />
        <span>Other</span>
      </label>
    </div>
    ${value ? null : html`<p class="hint muted">A colour no other ${kind} uses is picked unless you choose one.</p>`}
    <${FieldError} id=${id} error=${error} />
  </fieldset>`;
}

/** The fields of `wanted` that differ from `record`. */
export function changed(record, wanted) {
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => (record[key] ?? null) !== value));
}

/**
 * Delete `record` through `<area>:delete` (the button that calls this asked first): on success close the editor and
 * say so ("`what` deleted"); a refusal shows under the form through `fail(message)`.
 */
export async function deleteRecord(app, area, record, { close, fail, what = `“${record.name}”` }) {
  try {
    await app.bridge.invoke(`${area}:delete`, record.id);
    close();
    toast(`${what} deleted`);
  } catch (err) {
    fail(errorText(err));
  }
}
