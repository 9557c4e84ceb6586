// Projects as the best trackers show them: a list to read (colour, client, tracked time, budget used, amount), sorted
// and searched; a row opens the project's editor (name, colour, client, budget, rate, archive, merge, delete), and
// "New project" the same editor empty. Below, the clients. Everything follows the store: a change from any door shows.
import { h } from '../dom.js';
import { html, render, signal, useMemo, useState, useValue } from '../lib.js';
import { addDays, duration, hours, localDay, money } from '../format.js';
import { ClientEditor, ClientList } from '../clients.js';
import { ProjectEditor, keeperOf } from '../projecteditor.js';
import { plural } from '../words.js';

const HISTORY_DAYS = 3650;
const SORTS = {
  name: (a, b) => a.project.name.localeCompare(b.project.name, undefined, { sensitivity: 'base' }),
  client: (a, b) => (a.clientName || '\uffff').localeCompare(b.clientName || '\uffff', undefined, { sensitivity: 'base' })
    || SORTS.name(a, b),
  tracked: (a, b) => b.spent - a.spent || SORTS.name(a, b),
};

function Budget({ project, spent, known }) {
  if (!project.budgetHours) return html`<span class="muted">—</span>`;
  if (!known) return html`<span class="muted">of ${project.budgetHours} h</span>`;
  const ratio = hours(spent) / project.budgetHours;
  const percent = Math.round(ratio * 100);
  return html`<span class=${`progress${ratio > 1 ? ' over' : ''}`}>
    <span class="progress-track" role="progressbar" aria-label=${`Budget used by ${project.name}`} aria-valuemin="0"
        aria-valuemax="100" aria-valuenow=${String(Math.min(percent, 100))} aria-valuetext=${`${percent}%`}>
      <span class="progress-fill" style=${{ width: `${Math.min(100, Math.max(0, ratio * 100))}%` }}></span>
    </span>
    <span class="progress-text">${percent}% of ${project.budgetHours} h</span>
  </span>`;
}

function ProjectRow({ row, known, open }) {
  const { project, spent, clientName, twin } = row;
  const amount = known && project.hourlyRate ? money(hours(spent) * project.hourlyRate, project.currency) : null;
  return html`<li class=${`project-row${project.isArchived ? ' archived' : ''}`} data-id=${project.id}>
    <button type="button" class="project-open" onClick=${() => open(project)}>
      <span class="project-name">
        <span class="dot" style=${{ background: project.color }}></span>
        <span class="name-text">${project.name}</span>
        ${project.isArchived ? html`<span class="chip">Archived</span>` : null}
        ${twin ? html`<span class="chip warn-chip" title="Another project has this name">Duplicate</span>` : null}
      </span>
      <span class=${`project-client${clientName ? '' : ' muted'}`}>${clientName || 'No client'}</span>
      <span class="project-tracked">${known ? duration(spent) : '…'}</span>
      <span class="project-budget"><${Budget} project=${project} spent=${spent} known=${known} /></span>
      <span class=${`project-amount${amount ? '' : ' muted'}`}>${amount || '—'}</span>
    </button>
  </li>`;
}

function SortButton({ id, label, sort, setSort }) {
  return html`<button type="button" class="sort" aria-pressed=${String(sort === id)} onClick=${() => setSort(id)}>
    ${label}${sort === id ? ' ▾' : ''}</button>`;
}

function ProjectsPage({ app, tracked, editor }) {
  const projects = useValue(app.store.projects);
  const clients = useValue(app.store.clients);
  const totals = useValue(tracked);
  const [showArchived, setShowArchived] = useState(false);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState('name');
  const editing = useValue(editor);
  const setEditing = (value) => { editor.value = value; };

  const rows = useMemo(() => {
    const clientNames = new Map(clients.map((c) => [c.id, c.name]));
    const wanted = query.trim().toLowerCase();
    return projects
      .filter((p) => showArchived || !p.isArchived)
      .map((project) => ({ project, spent: totals?.get(project.id) || 0, clientName: clientNames.get(project.clientId) || '',
        twin: Boolean(keeperOf(projects, project)) }))
      .filter((row) => !wanted || row.project.name.toLowerCase().includes(wanted) || row.clientName.toLowerCase().includes(wanted))
      .sort(SORTS[sort]);
  }, [projects, clients, totals, showArchived, query, sort]);

  const close = () => setEditing(null);
  const openProject = (record) => setEditing({ kind: 'project', record });
  const openClient = (record) => setEditing({ kind: 'client', record });
  const listEl = () => document.querySelector('#view-projects .project-list');
  const archivedCount = projects.filter((p) => p.isArchived).length;
  const record = editing?.record && (editing.kind === 'project' ? projects : clients).find((r) => r.id === editing.record.id);

  return html`
    <header class="view-header">
      <h1 id="projects-heading">Projects</h1>
      <span class="spacer"></span>
      <input type="search" id="project-search" class="search" placeholder="Find projects or clients" aria-label="Find projects or clients"
        value=${query} onInput=${(e) => setQuery(e.currentTarget.value)} />
      <label class="check"><input type="checkbox" id="show-archived" checked=${showArchived}
        onChange=${(e) => setShowArchived(e.currentTarget.checked)} /> Show archived${archivedCount ? ` (${archivedCount})` : ''}</label>
      <button type="button" class="primary" id="new-project" onClick=${() => openProject(null)}>New project</button>
    </header>
    <section class="card project-table" aria-label="Projects">
      <div class="project-columns">
        <${SortButton} id="name" label="Project" sort=${sort} setSort=${setSort} />
        <${SortButton} id="client" label="Client" sort=${sort} setSort=${setSort} />
        <${SortButton} id="tracked" label="Tracked" sort=${sort} setSort=${setSort} />
        <span>Budget</span>
        <span>Amount</span>
      </div>
      ${rows.length ? html`<ul class="project-list" aria-label="Projects" data-tracked=${totals ? 'read' : undefined} tabindex="-1">
        ${rows.map((row) => html`<${ProjectRow} key=${row.project.id} row=${row} known=${Boolean(totals)} open=${openProject} />`)}
      </ul>` : html`<p class="empty">${query ? `No project or client matches “${query.trim()}”.`
        : 'No projects yet: add one with New project, or type @name in a quick entry.'}</p>`}
      <p class="project-count muted">${plural(rows.length, 'project', 'projects')}${totals ? ` · ${duration(rows.reduce((sum, r) => sum + r.spent, 0))} tracked` : ''}</p>
    </section>
    <${ClientList} clients=${clients} projects=${projects} open=${openClient} />
    ${editing?.kind === 'project' && (record || !editing.record) ? html`<${ProjectEditor} key=${record?.id || 'new'} app=${app}
      project=${record || null} spent=${record ? totals?.get(record.id) : undefined} close=${close} fallback=${listEl} />` : null}
    ${editing?.kind === 'client' && (record || !editing.record) ? html`<${ClientEditor} key=${record?.id || 'new'} app=${app}
      client=${record || null} projectCount=${record ? projects.filter((p) => p.clientId === record.id).length : 0}
      close=${close} />` : null}`;
}

export function createProjectsView(app) {
  const view = { id: 'projects', title: 'Projects' };
  const tracked = signal(null); // project id -> ms over the last ten years, once read
  const editor = signal(null); // the open editor: {kind: 'project'|'client', record: the record, or null for a new one}
  view.el = h('section', { class: 'view', id: 'view-projects', 'aria-labelledby': 'projects-heading', hidden: true });
  render(html`<${ProjectsPage} app=${app} tracked=${tracked} editor=${editor} />`, view.el);
  view.newProject = () => { editor.value = { kind: 'project', record: null }; };
  view.newClient = () => { editor.value = { kind: 'client', record: null }; };
  // The list comes from the store at once; the tracked totals (years of data) fill in when read.
  view.refresh = async () => {
    const today = new Date();
    const analysis = await app.bridge.invoke('analytics:getProductivityAnalysis', localDay(addDays(today, -HISTORY_DAYS)), localDay(today));
    tracked.value = new Map((analysis.projectDistribution || []).map((row) => [row.projectId, row.duration]));
  };
  return view;
}
