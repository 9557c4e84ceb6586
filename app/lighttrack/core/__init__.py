"""The domain as plain Python (no GUI, no Flask, no native imports, no TinyDB), in parts by concern.

`records` (activities, projects, tags, categories, goals, rules, settings) · `timing` (ISO times and local days,
worked time, the ticker) · `analytics` (day summaries, figures, their cache and service, goal progress) ·
`tracking` (the window timeline, privacy, classification, idle choices) · `focus` (sessions and reminders) ·
`review` (suggestions from the timeline) · `exchange` (files in and out) · `activitywatch` (its server API,
events into the timeline, query2) · `integrations` (what the remote services' adapters keep). Shared by all:
`context` (store, bus, clock, zone), `events` (the bus), `validate` (field checks), `schema` (migrations) and
`services`, which builds one data folder's services.
"""
