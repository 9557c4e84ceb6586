"""Time as the rest of core uses it: `isotime` parses and formats the ISO-8601 times of the surface and finds local
days and hours across DST; `worked` is the pure arithmetic of an activity's start, end and pauses; `ticker` is the
one background thread that drives the time-based services."""
