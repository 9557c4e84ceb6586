// Settings → Data: delete the activities that start in a date range, restorably (default) or for good, after a confirmation.
import { field, h, replaceChildren, setFieldError } from '../dom.js';
import { date, parseDay } from '../format.js';
import { errorText, toast } from '../ui.js';

const COUNT_LIMIT = 10000; // the most activity:getFiltered returns; the count says "10000 or more" past it

/** The activities starting in [from, to] (whole local days), as the deletion will pick them. */
async function startingIn(app, from, to) {
  const found = await app.bridge.invoke('activity:getFiltered', { startDate: from, endDate: to, limit: COUNT_LIMIT });
  const lo = parseDay(from).getTime();
  const hi = parseDay(to).getTime() + 86400000;
  return found.filter((a) => Date.parse(a.startTime) >= lo && Date.parse(a.startTime) < hi);
}

export function createEraseForm(app) {
  const from = h('input', { type: 'date', required: true });
  const to = h('input', { type: 'date', required: true });
  const permanent = h('input', { type: 'checkbox', id: 'erase-permanent' });
  const fields = { startDate: field('From', from), endDate: field('To (included)', to) };
  const confirm = h('div', { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'erase-question', hidden: true });
  const form = h('form', { class: 'inline-form erase-form', 'aria-label': 'Delete data in a date range', novalidate: true },
    fields.startDate.field, fields.endDate.field,
    h('label', { class: 'check', for: permanent.id }, permanent, 'Delete for good (no undo)'),
    h('button', { type: 'submit', class: 'danger', text: 'Delete…' }), confirm);

  function cancel() {
    confirm.hidden = true;
    replaceChildren(confirm);
  }

  async function erase(ids) {
    const chosen = permanent.checked;
    cancel();
    try {
      const result = await app.bridge.invoke('data:deleteRange', from.value, to.value, { permanent: chosen });
      app.activitiesChanged();
      const what = `${result.deleted} ${result.deleted === 1 ? 'activity' : 'activities'} deleted`;
      if (chosen || !result.deleted) {
        toast(chosen ? `${what} for good.` : 'Nothing to delete in that range.');
        return;
      }
      toast(what, { timeout: 15000, action: { label: 'Undo', run: async () => {
        for (const id of ids) await app.bridge.invoke('activity:restore', id).catch(() => {});
        app.activitiesChanged();
      } } });
    } catch (err) {
      setFieldError(from, fields.startDate.error, errorText(err));
    }
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    Object.values(fields).forEach((f) => setFieldError(f.input, f.error, ''));
    const empty = Object.values(fields).find((f) => !f.input.value);
    if (empty) {
      setFieldError(empty.input, empty.error, 'Choose a date.');
      empty.input.focus();
      return;
    }
    if (to.value < from.value) {
      setFieldError(to, fields.endDate.error, 'The end date must not be before the start date.');
      to.focus();
      return;
    }
    let doomed;
    try {
      doomed = await startingIn(app, from.value, to.value);
    } catch (err) {
      setFieldError(from, fields.startDate.error, errorText(err));
      return;
    }
    const period = from.value === to.value ? `on ${date(parseDay(from.value))}`
      : `from ${date(parseDay(from.value))} to ${date(parseDay(to.value))}`;
    const many = doomed.length >= COUNT_LIMIT ? `${COUNT_LIMIT} or more` : String(doomed.length);
    const count = `${many} ${doomed.length === 1 ? 'activity' : 'activities'}`;
    const consequence = permanent.checked ? 'They are removed for good; this cannot be undone.'
      : 'They can be restored for 30 days (Undo right after).';
    const yes = h('button', { type: 'button', class: 'danger', id: 'erase-confirm', text: `Delete ${count}`, onclick: () => erase(doomed.map((a) => a.id)) });
    replaceChildren(confirm,
      h('p', { id: 'erase-question' }, h('strong', { text: `Delete ${count} started ${period}?` }), ` ${consequence}`),
      h('div', { class: 'confirm-actions' }, yes, h('button', { type: 'button', text: 'Cancel', onclick: cancel })));
    confirm.hidden = false;
    yes.focus();
  });
  for (const input of [from, to, permanent]) input.addEventListener('change', cancel);
  return form;
}
