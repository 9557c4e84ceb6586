"""Files in and out: CSV, JSON and PDF exports, the full backup, imports from other trackers, range deletion."""
