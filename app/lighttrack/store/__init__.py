"""The only code that touches LightTrack's files: encrypted atomic storage, shards, journal, keys."""
