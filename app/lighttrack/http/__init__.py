"""The local HTTP API: the channels over HTTP, server-sent events, health, metrics, the dashboard."""
