"""The file formats LightTrack exports and imports: the one list the command line, the channels, the services and the
dashboard (through export:getFormats) use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExportFormat:
    id: str
    label: str  # in the format menus
    file_type: str  # in a save dialog's filter
    suffix: str

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "fileType": self.file_type, "extension": self.suffix[1:]}


EXPORTS = (ExportFormat("csv", "CSV (spreadsheet)", "CSV spreadsheet", ".csv"),
           ExportFormat("json", "JSON", "JSON", ".json"),
           ExportFormat("pdf", "PDF report", "PDF document", ".pdf"))
EXPORT_FORMATS = tuple(f.id for f in EXPORTS)
IMPORT_FORMATS = ("lighttrack-json", "toggl-csv", "clockify-csv", "watson", "activitywatch")
BACKUP_SUFFIX = ".json"  # a backup is LightTrack's own JSON
SUFFIXES = {**{f.id: f.suffix for f in EXPORTS}, "backup": BACKUP_SUFFIX}


def export_formats() -> list[dict[str, Any]]:
    """export:getFormats: every export format with its menu label, file type and extension."""
    return [f.public() for f in EXPORTS]
