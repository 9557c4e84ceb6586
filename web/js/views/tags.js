// Tags (renaming one renames it on every activity) and categories with their productivity rating.
import { h, option, replaceChildren } from '../dom.js';
import { createForm, deleteButton, recordField, textOrNull } from '../records.js';
import { emptyState } from '../ui.js';

export function createTagsView(app) {
  const view = { id: 'tags', title: 'Tags & categories' };
  const tagList = h('ul', { class: 'record-list', 'aria-label': 'Tags' });
  const categoryList = h('ul', { class: 'record-list', 'aria-label': 'Categories' });
  const plainValue = (input) => input.value;

  const tagForm = createForm(app, 'tag', 'Add tag', [
    ['name', 'Tag name', h('input', { type: 'text', maxlength: '100', required: true })],
    ['color', 'Colour', h('input', { type: 'color', value: '#607d8b' }), plainValue],
  ]);
  const ratingSelect = (value) => h('select', {}, ...app.ratings.map((r) => option(r.id, r.label, r.id === value)));
  const categoryForm = createForm(app, 'category', 'Add category', [
    ['name', 'Category name', h('input', { type: 'text', maxlength: '100', required: true })],
    ['color', 'Colour', h('input', { type: 'color', value: '#9e9e9e' }), plainValue],
    ['productivity', 'Productivity', ratingSelect('neutral'), plainValue],
  ]);

  const tagItem = (tag) => h('li', { class: 'record' },
    recordField(app, 'tag', tag, 'color', 'Colour', h('input', { type: 'color', value: tag.color || '#607d8b' }), plainValue),
    recordField(app, 'tag', tag, 'name', 'Name', h('input', { type: 'text', value: tag.name, maxlength: '100' }), textOrNull),
    deleteButton(app, 'tag', tag));
  const categoryItem = (category) => h('li', { class: 'record' },
    recordField(app, 'category', category, 'color', 'Colour', h('input', { type: 'color', value: category.color }), plainValue),
    recordField(app, 'category', category, 'name', 'Name', h('input', { type: 'text', value: category.name, maxlength: '100' }), textOrNull),
    recordField(app, 'category', category, 'productivity', 'Productivity', ratingSelect(category.productivity), plainValue),
    deleteButton(app, 'category', category));

  view.refresh = async () => {
    replaceChildren(tagList, ...(app.catalogs.tags.length ? app.catalogs.tags.map(tagItem) : [h('li', {}, emptyState('No tags yet.'))]));
    replaceChildren(categoryList, ...app.catalogs.categories.map(categoryItem));
  };
  // Redraw at once, unless someone is typing in a record of the lists (the create forms are not redrawn).
  const editingRecord = () => tagList.contains(document.activeElement) || categoryList.contains(document.activeElement);
  app.catalogs.onChange((area) => {
    if (area !== 'project' && app.current === view && !editingRecord()) view.refresh();
    else app.stale.add(view.id);
  });

  const heading = h('h1', { id: 'tags-heading', text: 'Tags & categories' });
  view.el = h('section', { class: 'view', id: 'view-tags', 'aria-labelledby': heading.id, hidden: true },
    h('header', { class: 'view-header' }, heading),
    h('h2', { text: 'Tags' }), tagForm, tagList,
    h('h2', { text: 'Categories' }),
    h('p', { class: 'muted', text: 'Categories come from the window rules; their rating drives the productivity pulse.' }),
    categoryForm, categoryList);
  return view;
}
