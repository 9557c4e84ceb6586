"""The store side of the integrations (no network here): `connections` keeps each one's settings, state and status;
`outbox` the work waiting for a remote service; `external` the items read from one (commits, meetings); `worklogs`
decides what to push to Jira for an activity."""
