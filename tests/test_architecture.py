"""Imports point down the layers: store → core → channels → adapters; only ui/ imports GUI toolkits."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "app" / "lighttrack"
LAYERS = {"errors": 0, "store": 1, "core": 2, "channels": 3}
GUI_AND_NATIVE = {"flask", "waitress", "pystray", "webview", "gi", "PyQt6", "pywinctl", "Xlib", "plyer", "psutil"}


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved within lighttrack)."""
    tree = ast.parse(path.read_text())
    package = ["lighttrack", *path.relative_to(PACKAGE).parent.parts]
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names.add(".".join(base + ([node.module] if node.module else [])))
            else:
                names.add(node.module)
    return names


def _layer(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "lighttrack":
        return None
    if len(parts) < 2:
        return 0  # the package itself: __version__
    return LAYERS.get(parts[1], 4)


def test_layers_import_downward_only():
    offences = []
    for path in PACKAGE.rglob("*.py"):
        area = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        own = LAYERS.get(area)
        if own is None:
            continue
        for module in _imports(path):
            target = _layer(module)
            if target is not None and target > own:
                offences.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert offences == []


def test_domain_imports_no_gui_web_or_native_library():
    offences = [f"{p.relative_to(PACKAGE)} imports {m}" for area in ("store", "core", "channels")
                for p in (PACKAGE / area).rglob("*.py") for m in _imports(p) if m.split(".")[0] in GUI_AND_NATIVE]
    assert offences == []


def test_only_ui_imports_pystray_and_webview():
    offences = [f"{p.relative_to(PACKAGE)} imports {m}" for p in PACKAGE.rglob("*.py")
                if p.relative_to(PACKAGE).parts[0] != "ui"
                for m in _imports(p) if m.split(".")[0] in {"pystray", "webview"}]
    assert offences == []
