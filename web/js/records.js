// Editing catalog records (projects, tags, categories, goals) field by field, errors next to the field.
import { field, h, setFieldError } from './dom.js';
import { errorText, showError, toast } from './ui.js';

/**
 * A labelled input that saves `key` of `record` through `<area>:update` when it changes.
 * `read(input)` turns the input into the value to send (default: the trimmed text, null when empty).
 */
export function recordField(app, area, record, key, label, input, read = textOrNull) {
  const built = field(label, input);
  built.input.addEventListener('change', async () => {
    try {
      const saved = await app.bridge.invoke(`${area}:update`, record.id, { [key]: read(built.input) });
      Object.assign(record, saved);
      setFieldError(built.input, built.error, '');
    } catch (err) {
      setFieldError(built.input, built.error, errorText(err));
    }
  });
  return built.field;
}

export const textOrNull = (input) => input.value.trim() || null;
export const numberOrNull = (input) => (input.value.trim() === '' ? null : Number(input.value));
export const checked = (input) => input.checked;

/** A delete button that asks for a second click first (catalog deletes have no undo). */
export function deleteButton(app, area, record) {
  const button = h('button', { type: 'button', class: 'danger small', text: 'Delete', 'aria-label': `Delete ${record.name}` });
  let armed = false;
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = 'Really delete?';
      setTimeout(() => { armed = false; button.textContent = 'Delete'; }, 4000);
      return;
    }
    try {
      await app.bridge.invoke(`${area}:delete`, record.id);
      toast(`“${record.name}” deleted`);
    } catch (err) {
      showError(err, `Could not delete ${record.name}`);
    }
  });
  return button;
}

/** A colour input sends its value only once the user picked one: otherwise the app gives the next palette colour. */
function pickedColor(input) {
  input.addEventListener('input', () => { input.dataset.picked = 'true'; });
  input.form?.addEventListener('reset', () => { delete input.dataset.picked; });
  return (i) => (i.dataset.picked ? i.value : null);
}

/**
 * A create form: `fields` = [[key, label, input, read]] (`input` an element, or a built {field, input, error});
 * errors go next to the field they name.
 */
export function createForm(app, area, label, fields, onCreated) {
  const built = fields.map(([key, text, input, read = textOrNull]) => ({ ...(input instanceof Node ? field(text, input) : input), key, read }));
  const form = h('form', { class: 'card create-form', 'aria-label': label },
    ...built.map((b) => b.field), h('button', { type: 'submit', class: 'primary', text: label }));
  for (const b of built) if (b.input.type === 'color') b.read = pickedColor(b.input);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    built.forEach((b) => setFieldError(b.input, b.error, ''));
    const data = {};
    for (const b of built) {
      const value = b.read(b.input);
      if (value !== null && value !== '') data[b.key] = value;
    }
    try {
      const created = await app.bridge.invoke(`${area}:create`, data);
      form.reset();
      onCreated?.(created);
    } catch (err) {
      const target = built.find((b) => err.message.toLowerCase().startsWith(b.key.toLowerCase())) || built[0];
      target.input.focus();
      setFieldError(target.input, target.error, errorText(err));
    }
  });
  return form;
}
