"""The window timeline and what decides what it records: `window` is what a platform backend reports, `privacy` drops
or redacts samples before anything is stored, `classify` labels a sample with a project and a category by the rules,
`timeline` merges heartbeats into spans, and `idlechoices` is the one list of what to do with time away."""
