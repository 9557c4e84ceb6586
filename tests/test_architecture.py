"""Imports point down the layers: store → core → channels → adapters; only ui/ imports GUI toolkits."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "app" / "lighttrack"
LAYERS = {"errors": 0, "store": 1, "core": 2, "channels": 3}
GUI_AND_NATIVE = {"flask", "waitress", "pystray", "webview", "gi", "PyQt6", "pywinctl", "Xlib", "plyer", "psutil"}


def _import_statements(path: Path, runtime: bool = False):
    """(module, names) of each import in a file, relative modules resolved within lighttrack; `runtime` leaves out
    the imports under `if TYPE_CHECKING:` (for mypy only)."""
    tree = ast.parse(path.read_text())
    if runtime:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
                node.body = []
    package = ["lighttrack", *path.relative_to(PACKAGE).parent.parts]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            yield base, [alias.name for alias in node.names]


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved within lighttrack)."""
    return {module for module, _ in _import_statements(path)}


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


def _runtime_imports(path: Path) -> set[str]:
    """The lighttrack modules a file imports when it runs, submodules named in `from … import` included."""
    names = set()
    for module, members in _import_statements(path, runtime=True):
        names.update([_existing(f"{module}.{m}") or module for m in members] or [module])
    return {n for n in names if n.split(".")[0] == "lighttrack"}


def _existing(module: str) -> str | None:
    """`module` when it names a module or package of lighttrack (and not a name inside one)."""
    path = PACKAGE.parent.joinpath(*module.split("."))
    return module if path.with_suffix(".py").exists() or (path / "__init__.py").exists() else None


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _area_offences(area: str, forbidden) -> list[str]:
    return [f"{p.relative_to(PACKAGE)} imports {m}" for p in (PACKAGE / area).rglob("*.py") for m in _imports(p)
            if forbidden(m)]


def test_the_store_imports_nothing_above_it():
    assert _area_offences("store", lambda m: m.startswith("lighttrack.") and m.split(".")[1] not in ("store", "errors")) == []


def test_core_imports_no_channel_adapter_or_tinydb():
    allowed = ("core", "store", "errors")
    assert _area_offences("core", lambda m: m.split(".")[0] == "tinydb" or (
        m.startswith("lighttrack.") and m.split(".")[1] not in allowed)) == []


STORE_INTERNALS = {"IdTable", "LightDB", "EncryptedJSONStorage", "WriteBatch"}
TABLE_CALLS = {"table", "shard", "file", "main", "raw_by_id"}


def test_core_reaches_records_only_through_repositories():
    """No TinyDB class of the store in core, and no table, shard or file of the Store named from there."""
    imports = [f"{p.relative_to(PACKAGE)} imports {name}" for p in (PACKAGE / "core").rglob("*.py")
               for module, names in _import_statements(p) if module.startswith("lighttrack.store")
               for name in names if name in STORE_INTERNALS or module.endswith((".storage", ".transaction"))]
    calls = [f"{p.relative_to(PACKAGE)}:{node.lineno} uses .{node.attr}" for p in (PACKAGE / "core").rglob("*.py")
             for node in ast.walk(ast.parse(p.read_text()))
             if isinstance(node, ast.Attribute) and node.attr in TABLE_CALLS and "store" in ast.unparse(node.value)]
    assert imports + calls == []


def test_channels_import_no_adapter():
    allowed = ("channels", "core", "store", "errors")
    assert _area_offences("channels", lambda m: m.startswith("lighttrack.") and m.split(".")[1] not in allowed) == []


def test_no_import_cycles():
    """Every run-time import, function-level ones included: a cycle dodged by a late import is still a cycle."""
    graph = {_module_name(p): _runtime_imports(p) for p in PACKAGE.rglob("*.py")}
    cycles = []
    for start in sorted(graph):
        path = _cycle_from(start, graph)
        if path and min(path) == start:
            cycles.append(" -> ".join(path))
    assert cycles == []


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A shortest import path from `start` back to itself, if there is one."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        module = queue.pop(0)
        for target in sorted(graph.get(module, ())):
            if target == start:
                path = [module]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start] if module != start else [start, start]
            if target not in previous and target in graph:
                previous[target] = module
                queue.append(target)
    return None


def test_domain_imports_no_gui_web_or_native_library():
    offences = [f"{p.relative_to(PACKAGE)} imports {m}" for area in ("store", "core", "channels")
                for p in (PACKAGE / area).rglob("*.py") for m in _imports(p) if m.split(".")[0] in GUI_AND_NATIVE]
    assert offences == []


def test_only_ui_imports_pystray_and_webview():
    offences = [f"{p.relative_to(PACKAGE)} imports {m}" for p in PACKAGE.rglob("*.py")
                if p.relative_to(PACKAGE).parts[0] != "ui"
                for m in _imports(p) if m.split(".")[0] in {"pystray", "webview"}]
    assert offences == []


TOOLKITS = ("gi", "gtk", "cairo", "PyQt5", "PyQt6", "PySide2", "PySide6", "qtpy", "webview")
TRACKING_PROCESS = """
import json, os, sys
from pathlib import Path
from lighttrack import cli, commands
from lighttrack.runtime import Runtime
from lighttrack.ui import shell
from lighttrack.ui.app import DesktopApp
from lighttrack.ui.model import Calls, TrayActions
runtime = Runtime(Path(sys.argv[1]), 0)
runtime.start()
try:
    app = DesktopApp(runtime)
    shell.use_tray_backend("sni")
    from lighttrack.ui.tray import Tray
    calls = Calls(runtime.registry)
    Tray(calls, TrayActions(calls, app.dashboard.open, runtime.stopping.set), "sni")
    from lighttrack.ui import _dbusmenu, _sni
    print(json.dumps(sorted(sys.modules)))
finally:
    runtime.stop()
"""


def test_the_tracking_process_imports_no_gui_toolkit(tmp_path, secret_service):
    """The desktop app's own process (runtime, tray with its SNI backend, dashboard launcher) loads no GTK, Qt or
    WebKit: those cost ~86 MB and live only in the dashboard window's child process. Its key is in the session's
    Secret Service, as on a desktop (keyring's libsecret backend loaded GObject introspection, 4.6 MB)."""
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("PYSTRAY_BACKEND", None)
    env.pop("LIGHTTRACK_KEYRING", None)
    run = subprocess.run([sys.executable, "-c", TRACKING_PROCESS, str(tmp_path / "data")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    modules = json.loads(run.stdout.strip().splitlines()[-1])
    assert "lighttrack.ui._sni" in modules and "lighttrack.ui.dashboard" in modules
    assert "secretstorage" in modules  # the key is in the keyring
    assert [m for m in modules if m.split(".")[0] in TOOLKITS] == []
    assert [m for m in modules if m.split(".")[0] == "PIL"] == []  # the SNI icon is drawn without Pillow (~4 MB)
    assert "multiprocessing" not in modules  # the window is a plain subprocess: no resource-tracker process


def test_only_the_window_process_imports_webview():
    window_modules = {"window.py", "bridge.py", "_webkitgtk.py"}  # _webkitgtk: imported by window.py for GTK only
    offences = [f"{p.relative_to(PACKAGE)} imports {m}" for p in PACKAGE.rglob("*.py") if p.name not in window_modules
                for m in _imports(p) if m.split(".")[0] in {"webview", "gi"}]
    assert offences == []


def test_the_window_process_loads_no_domain_service():
    """The dashboard window only relays calls to the app: importing every core service cost its start ~0.1 s.
    (It writes its geometry with the store's atomic file write, a module with no domain in it.)"""
    probe = "import json, sys; import lighttrack.ui.window; print(json.dumps(sorted(sys.modules)))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-3000:]
    modules = json.loads(run.stdout.strip().splitlines()[-1])
    assert [m for m in modules if m.startswith(("lighttrack.core", "lighttrack.store."))] == ["lighttrack.store.files"]


API_ON_DEMAND = """
import json, os, sys
from pathlib import Path
from lighttrack.runtime import Runtime
runtime = Runtime(Path(sys.argv[1]), 0)
runtime.start()
clients = {"ssl", "http.client"} & set(sys.modules)
import urllib.request
loaded = []
try:
    base = f"http://127.0.0.1:{runtime.port}"
    health = json.load(urllib.request.urlopen(base + "/api/v1/health"))
    loaded.append("flask" in sys.modules)
    token = runtime._host.token
    call = urllib.request.Request(base + "/api/v1/invoke/project:getAll", b"{}", method="POST",
                                  headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    projects = json.load(urllib.request.urlopen(call))
    loaded.append("flask" in sys.modules)
    json_headers = {"Content-Type": "application/json"}
    watcher = [urllib.request.Request(base + "/api/0/info"),
               urllib.request.Request(base + "/api/0/buckets/probe-window", json.dumps(
                   {"type": "currentwindow", "client": "probe", "hostname": "here"}).encode(), json_headers, method="POST"),
               urllib.request.Request(base + "/api/0/buckets/probe-window/heartbeat?pulsetime=5", json.dumps(
                   {"timestamp": "2026-12-02T10:00:00Z", "duration": 0, "data": {"app": "x", "title": "y"}}).encode(),
                   json_headers, method="POST")]
    answers = [urllib.request.urlopen(request).status for request in watcher]
    loaded.append("flask" in sys.modules)
    period = "2026-12-02T00:00:00+00:00/2026-12-03T00:00:00+00:00"
    webui = [urllib.request.Request(base + "/api/0/buckets/"), urllib.request.Request(base + "/api/0/settings"),
             urllib.request.Request(base + "/api/0/query/", json.dumps({"query": ["RETURN = 1;"], "timeperiods": [period]})
                                    .encode(), json_headers, method="POST"),
             urllib.request.Request(base + "/api/0/buckets/probe-window/events?limit=5")]
    answers += [urllib.request.urlopen(request).status for request in webui]
    loaded.append("flask" in sys.modules)
    metrics = urllib.request.Request(base + "/api/v1/metrics", headers={"Authorization": "Bearer " + token})
    urllib.request.urlopen(metrics).read()
    loaded.append("flask" in sys.modules)
    print(json.dumps({"loaded": loaded, "health": health["status"], "projects": projects["success"], "watcher": answers,
                      "clients": sorted(clients)}))
finally:
    runtime.stop()
"""


def test_the_api_loads_flask_for_pages_and_streams_not_for_health_checks_channel_calls_or_activitywatch(tmp_path):
    """The tray and the tracker call the channels in-process, the dashboard window over its pipe: the API's Flask app
    (about 11 MB) is loaded by the first request that needs it (a page, the event stream, metrics), not by a health
    check, a channel call with the token (the CLI, scripts, editor plugins), what an ActivityWatch watcher calls
    (info, its bucket, heartbeats) nor what aw-webui reads (buckets, settings, queries, events). Nor is an HTTP client
    (ssl, http.client) loaded before a service or the update check needs one."""
    env = {**os.environ, "LIGHTTRACK_KEYRING": "file", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", API_ON_DEMAND, str(tmp_path / "data")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"loaded": [False, False, False, False, True],
                                                               "health": "healthy", "watcher": [200] * 7,
                                                               "projects": True, "clients": []}
