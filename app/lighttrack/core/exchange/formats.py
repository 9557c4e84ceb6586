"""The file formats LightTrack exports and imports: the one list the command line, the channels and the services use."""

from __future__ import annotations

EXPORT_FORMATS = ("csv", "json", "pdf")
IMPORT_FORMATS = ("lighttrack-json", "toggl-csv", "clockify-csv", "watson", "activitywatch")
SUFFIXES = {"csv": ".csv", "json": ".json", "pdf": ".pdf", "backup": ".json"}  # the backup is LightTrack's own JSON
