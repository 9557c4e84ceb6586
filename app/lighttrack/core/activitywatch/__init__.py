"""ActivityWatch's server API without HTTP, for its watchers, clients and web UI: `service` keeps buckets and events
(heartbeats with the pulsetime merge); `model` is its data as plain values; `feed` turns settled events into
timeline spans; `ownbucket` offers LightTrack's own tracking as a read-only bucket; `query` runs the query2
language; `webuisettings` and `categories` keep aw-webui's settings and import its categories as rules."""
