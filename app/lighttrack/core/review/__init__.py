"""From timeline to timesheet: suggested entries, the review inbox, timeline summaries and rule re-application."""
