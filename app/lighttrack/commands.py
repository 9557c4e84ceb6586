"""What each CLI command does; quick actions go through the running instance or, without one, the store."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from .client import ERRORS, ApiClient
from .core.tracking.idlechoices import LABELS
from .errors import LightTrackError
from .instance import running_port
from .runtime import AlreadyRunning, Runtime, api_token, open_data, open_vault

Invoke = Callable[..., Any]  # a channel's data: JSON


def has_display() -> bool:
    """True where a graphical session can show a tray and a window."""
    import os
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def app(args: argparse.Namespace) -> int:
    if not has_display():
        print("No display found: running as `lighttrack serve`.", flush=True)
        return serve(args)
    from .ui.app import run
    return run(args)


def stop_on_signals(stopping: threading.Event) -> None:
    """Let SIGINT/SIGTERM set `stopping` (before anything is printed, so a caller may signal as soon as it reads)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())


def wait_for_signal(stopping: threading.Event) -> None:
    """Block until `stopping` is set (by a signal that `stop_on_signals` routed, or by the app)."""
    while not stopping.wait(0.5):
        pass


def _webui_folder(folder: Path | None) -> Path | None:
    if folder is not None and not (folder / "index.html").is_file():
        raise LightTrackError(f"--aw-webui: {folder} is not an aw-webui build (it has no index.html).")
    return folder.absolute() if folder is not None else None


def serve(args: argparse.Namespace) -> int:
    runtime = Runtime(args.data_dir, args.port, args.log_file)
    stop_on_signals(runtime.stopping)
    runtime.aw_testing = getattr(args, "aw_testing", False)
    runtime.aw_webui = _webui_folder(getattr(args, "aw_webui", None))
    try:
        runtime.start()
    except AlreadyRunning:
        port = running_port(args.data_dir)
        raise LightTrackError(f"LightTrack is already running for this data folder: http://127.0.0.1:{port}/") from None
    try:
        print(f"Dashboard: {runtime.login_url()}", flush=True)
        wait_for_signal(runtime.stopping)
    finally:
        runtime.stop()
    return 0


@contextmanager
def _invoker(args: argparse.Namespace) -> Iterator[Invoke]:
    """Yield invoke(channel, *args): over the API of the running instance, or on the store directly."""
    port = _wait_for_port(args)
    if port is not None:
        yield ApiClient(port, api_token(open_vault(args.data_dir))).invoke
        return
    from .channels.catalog import build_registry
    data = open_data(args.data_dir)
    try:
        registry = build_registry(data.services, lambda: {"dataDir": str(args.data_dir)})
        yield lambda channel, *call_args: _unwrap(registry.dispatch(channel, list(call_args)))
    finally:
        data.close()


def _wait_for_port(args: argparse.Namespace) -> int | None:
    for _ in range(30):
        try:
            return running_port(args.data_dir)
        except LightTrackError:
            time.sleep(0.1)  # an instance is starting and has not published its port yet
    return running_port(args.data_dir)


def _unwrap(envelope: dict) -> object:
    if envelope["success"]:
        return envelope["data"]
    raise ERRORS.get(envelope["code"], LightTrackError)(envelope["error"])


def _project_id(invoke: Invoke, wanted: str | None) -> str | None:
    if wanted is None:
        return None
    for project in invoke("project:getAll"):
        if wanted in (project["id"], ) or project["name"].lower() == wanted.lower():
            return project["id"]
    raise LightTrackError(f"No project named {wanted!r}; create it in the dashboard first.")


def _running(invoke: Invoke) -> dict:
    activity = invoke("activity:getRunning")
    if activity is None:
        raise LightTrackError("Nothing is being tracked.")
    return activity


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def format_ms(ms: int) -> str:
    minutes = ms // 60000
    return f"{minutes // 60}h {minutes % 60:02d}m"


def start(args: argparse.Namespace) -> int:
    with _invoker(args) as invoke:
        data = {"name": args.name, "tags": args.tag}
        project_id = _project_id(invoke, args.project)
        if project_id:
            data["projectId"] = project_id
        activity = invoke("activity:start", data)
    print(f"Started {activity['name']!r}.")
    return 0


def _act(args: argparse.Namespace, channel: str, verb: str) -> int:
    with _invoker(args) as invoke:
        activity = invoke(channel, _running(invoke)["id"])
    print(f"{verb} {activity['name']!r} at {format_ms(activity['duration'])}.")
    return 0


def stop(args: argparse.Namespace) -> int:
    return _act(args, "activity:stop", "Stopped")


def pause(args: argparse.Namespace) -> int:
    return _act(args, "activity:pause", "Paused")


def resume(args: argparse.Namespace) -> int:
    return _act(args, "activity:resume", "Resumed")


def status(args: argparse.Namespace) -> int:
    with _invoker(args) as invoke:
        running = invoke("activity:getRunning")
        today = invoke("analytics:getDailyStats", date.today().isoformat())
    if args.json:
        print(orjson.dumps({"running": running, "todayTotal": today["totalTime"]}).decode())
        return 0
    if running is None:
        print("Nothing is being tracked.")
    else:
        state = "Paused" if running["isPaused"] else "Tracking"
        print(f"{state}: {running['name']} ({format_ms(running['duration'])})")
    print(f"Today: {format_ms(today['totalTime'])}")
    return 0


def idle(args: argparse.Namespace) -> int:
    """Show the pending absence with its choices (the dashboard's and the tray's), or apply one."""
    if _wait_for_port(args) is None:
        raise LightTrackError("LightTrack is not running; it asks about the time away when it runs.")
    with _invoker(args) as invoke:
        pending = invoke("idle:getPending")
        if not pending or not pending["choices"]:
            print("No time away waits for a choice.")
            return 0
        if args.choice is None:
            _print_prompt(pending, invoke("idle:getChoices"))
            return 0
        result = invoke("idle:resolve", pending["absenceId"], args.choice)
    print(f"{LABELS[args.choice]}: {result['activity']['name']!r} at {format_ms(result['activity']['duration'])}.")
    return 0


def _print_prompt(pending: dict, choices: list[dict]) -> None:
    print(f"{pending['title']}. {pending['prompt']}")
    for choice in choices:
        if choice["id"] in pending["choices"]:
            print(f"  lighttrack idle {choice['id']:<12} {choice['label']} ({choice['hint'].lower()})")


def open_dashboard(args: argparse.Namespace) -> int:
    """Open (or print) a fresh one-time dashboard address of the running instance."""
    from .browser import open_in_browser
    port = running_port(args.data_dir)
    if port is None:
        raise LightTrackError("LightTrack is not running for this data folder; start it with `lighttrack` or `lighttrack serve`.")
    url = ApiClient(port, api_token(open_vault(args.data_dir))).login_url()
    if args.print_only:
        print(url)
    elif open_in_browser(args.data_dir, url):
        print("Opened the dashboard in your browser.")
    else:
        print(f"No browser could be opened; visit this one-time address: {url}")
    return 0


def token(args: argparse.Namespace) -> int:
    print(api_token(open_vault(args.data_dir)))
    return 0


def doctor(args: argparse.Namespace) -> int:
    from .doctor import report
    for name, verdict in report(args.data_dir, args.port):
        print(f"{name + ':':<20}{verdict}")
    return 0


def export(args: argparse.Namespace) -> int:
    wanted = {"startDate": args.date_from, "endDate": args.date_to,
              "path": str(args.output.expanduser().absolute()) if args.output else None}
    with _invoker(args) as invoke:
        result = invoke("export:run", args.format, {k: v for k, v in wanted.items() if v})
    print(f"Exported {result['activityCount']} activities to {result['filePath']}")
    return 0


def import_file(args: argparse.Namespace) -> int:
    with _invoker(args) as invoke:
        counts = invoke("import:run", str(args.file.expanduser().absolute()), args.format)
    if counts.get("kind") == "timeline":
        print(f"Imported {_count(counts['added'], 'new window span', 'new window spans')} into the timeline "
              f"({len(counts['days'])} days); {_count(counts['skipped'], 'was', 'were')} already there.")
    elif counts.get("kind") == "backup":
        print(f"Restored the backup: {counts['activities']['added']} activities added, "
              f"{counts['activities']['updated']} updated.")
    else:
        print(f"Imported {_count(counts['added'], 'new activity', 'new activities')}; "
              f"{_count(counts['skipped'], 'was', 'were')} already there.")
    return 0


def sync(args: argparse.Namespace) -> int:
    from .sync.command import run
    return run(args)
