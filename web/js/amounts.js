// Billable amounts of a period: hours × the project's hourly rate, per client, per project and per day. An entry
// counts unless it was marked not billable (Toggl's Billable column); projects without a rate earn nothing.
import { h, replaceChildren } from './dom.js';
import { duration, hours, localDay, money, parseDay, weekdayDate } from './format.js';
import { worked } from './entries.js';

const NO_CLIENT = 'No client';

/** {byProject: [{clientId, client, project, ms, amount, currency}], byDay: [{day, ms, amounts: Map currency → amount}]};
 * the client is the project's client record (its current name), not a copy of a name. */
function billableAmounts(app, activities) {
  const projects = new Map();
  const days = new Map();
  for (const activity of activities) {
    const project = app.catalogs.project(activity.projectId);
    if (!project?.hourlyRate || activity.metadata?.billable === false) continue;
    const ms = worked(activity);
    const amount = hours(ms) * project.hourlyRate;
    const client = app.catalogs.client(project.clientId);
    const row = projects.get(project.id) || { clientId: client?.id || '', client: client?.name || NO_CLIENT, project: project.name,
      ms: 0, amount: 0, currency: project.currency || 'USD' };
    row.ms += ms;
    row.amount += amount;
    projects.set(project.id, row);
    const key = localDay(new Date(activity.startTime));
    const day = days.get(key) || { day: key, ms: 0, amounts: new Map() };
    day.ms += ms;
    day.amounts.set(row.currency, (day.amounts.get(row.currency) || 0) + amount);
    days.set(key, day);
  }
  const byProject = [...projects.values()].sort((a, b) => a.client.localeCompare(b.client) || b.amount - a.amount);
  return { byProject, byDay: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)) };
}

const sums = (amounts) => [...amounts.entries()].map(([currency, amount]) => money(amount, currency)).join(' + ');

function table(label, heads, rows) {
  return h('table', { class: 'amounts-table', 'aria-label': label },
    h('thead', {}, h('tr', {}, ...heads.map((t) => h('th', { scope: 'col', text: t })))), h('tbody', {}, ...rows));
}

/** The tables for `activities` (the period's, all of them), text only. */
export function amountsTables(app, activities) {
  const { byProject, byDay } = billableAmounts(app, activities);
  if (!byProject.length) return h('p', { class: 'empty', text: 'No billable time in this period: give a project an hourly rate on Projects.' });
  const clients = new Map(); // by client id ('' for projects without a client)
  for (const row of byProject) {
    const client = clients.get(row.clientId) || { name: row.client, ms: 0, amounts: new Map() };
    client.ms += row.ms;
    client.amounts.set(row.currency, (client.amounts.get(row.currency) || 0) + row.amount);
    clients.set(row.clientId, client);
  }
  return h('div', { class: 'amounts' },
    table('Amounts per client', ['Client', 'Hours', 'Amount'], [...clients.values()].map((c) => h('tr', {},
      h('td', { text: c.name }), h('td', { text: duration(c.ms) }), h('td', { class: 'amount', text: sums(c.amounts) })))),
    table('Amounts per project', ['Client', 'Project', 'Hours', 'Amount'], byProject.map((row) => h('tr', {},
      h('td', { text: row.client }), h('td', { text: row.project }), h('td', { text: duration(row.ms) }),
      h('td', { class: 'amount', text: money(row.amount, row.currency) })))),
    table('Amounts per day', ['Day', 'Hours', 'Amount'], byDay.map((d) => h('tr', {},
      h('td', { text: weekdayDate(parseDay(d.day)) }), h('td', { text: duration(d.ms) }), h('td', { class: 'amount', text: sums(d.amounts) })))));
}

/** A closed section that reads the whole period when opened (and again after a change while open). */
export function createAmountsSection(app, readPeriod) {
  const body = h('div', { class: 'amounts-body' });
  const section = h('details', { class: 'card amounts-card', id: 'amounts' }, h('summary', { text: 'Billable amounts' }), body);
  const refresh = async () => {
    if (!section.open) return;
    replaceChildren(body, amountsTables(app, await readPeriod()));
  };
  section.addEventListener('toggle', refresh);
  return { el: section, refresh };
}
