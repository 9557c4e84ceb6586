// Words for the user: plurals, and the field names they see instead of the API's.

/** "1 minute", "2 minutes". */
export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// Only the API's camelCase keys: plain words such as "name" read fine as they are.
const FIELD_LABELS = {
  startTime: 'Start', endTime: 'End', projectId: 'Project', splitTime: 'Split time', categoryId: 'Category',
  targetValue: 'Target', targetType: 'Measure', budgetHours: 'Budget', hourlyRate: 'Hourly rate',
};

/** An API error sentence with its internal field names replaced by the labels on screen. */
export function humanize(message) {
  let text = String(message || '').replace(/^endTime must be after startTime\.?$/, 'The end must be after the start.');
  for (const [key, label] of Object.entries(FIELD_LABELS)) {
    text = text.replace(new RegExp(`\\b${key}\\b`, 'g'), label);
  }
  text = text.replace(/No activity with id '[^']*'\.?/, 'This activity no longer exists (it was deleted or merged).');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
