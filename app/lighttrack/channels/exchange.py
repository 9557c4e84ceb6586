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


def named_file(channel: str, args: list) -> object:
    """The file path a call names (import:preview/run, options.path of export:run/backup), else None.

    Only a path the user chose (a native dialog, the command line) may reach these channels; the doors
    that can't tell (a browser session) refuse calls that name one.
    """
    if channel in ("import:preview", "import:run"):
        return args[0] if args else None
    position = {"export:run": 1, "export:backup": 0}.get(channel)
    if position is None or len(args) <= position or not isinstance(args[position], dict):
        return None
    return args[position].get("path")


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
