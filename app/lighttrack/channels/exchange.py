"""export:*, import:* and data:* channels: files out, files in, and deletion by date range."""

from __future__ import annotations

from ..core import validate
from ..core.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS, export_formats
from ..core.services import Services
from .params import ANY, OBJ, TEXT, Param
from .registry import Registry


def _import_format(value: object, field: str) -> str | None:
    """An import format, or None to detect it from the file."""
    return None if value is None else validate.choice(value, field, IMPORT_FORMATS)


def register(registry: Registry, services: Services) -> None:
    exports, imports = services.exports, services.imports
    export_format = Param("format", lambda v, f: validate.choice(v, f, EXPORT_FORMATS))
    registry.register("export:run", exports.export_range, export_format, OBJ("options", required=False))
    registry.register("export:backup", exports.backup, OBJ("options", required=False))
    registry.register("export:getHistory", exports.history, OBJ("options", required=False))
    registry.register("export:getDirectory", exports.directory)
    registry.register("export:getFormats", export_formats)
    registry.register("import:getFormats", imports.formats)
    registry.register("import:preview", imports.preview, TEXT("path"), Param("format", _import_format, required=False))
    registry.register("import:run", imports.run, TEXT("path"), Param("format", _import_format, required=False))
    registry.register("import:previewText", imports.preview_text, ANY("content"), Param("format", _import_format, required=False))
    registry.register("import:runText", imports.run_text, ANY("content"), Param("format", _import_format, required=False))
    registry.register("data:deleteRange", services.erase.delete_range, TEXT("startDate"), TEXT("endDate"),
                      OBJ("options", required=False))
