"""Figures over activities: `daysummary` turns one local day's activities into a summary and merges summaries into a
period (pure); `figures` computes totals, hours, projects and patterns from a period (pure); `summarycache` keeps
the summaries of finished days; `service` is the analytics service the channels call, which reads through the cache;
`goalprogress` measures goals with it."""
