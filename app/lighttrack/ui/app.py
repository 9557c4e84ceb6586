"""The desktop app: the runtime plus a tray icon and a dashboard on demand; a second start opens the first's dashboard."""

from __future__ import annotations

import argparse
import logging
import re
import signal
import threading
import time
from pathlib import Path

from ..browser import open_in_browser
from ..channels.registry import Param
from ..client import ApiClient
from ..errors import LightTrackError, UnknownChannelError, ValidationError
from ..instance import running_port
from ..resources import resource_dir
from .._glibc import release_free_memory
from ..runtime import AlreadyRunning, Runtime, api_token, open_vault
from ..tracker.idle import PROMPT_EVENT
from . import shell
from .dashboard import Dashboard, WindowSpec
from .model import Calls, TrayActions

log = logging.getLogger(__name__)

VIEW = re.compile(r"[a-z][a-z-]{0,31}")
SHELL_CHANNELS = frozenset({"app:showDashboard", "app:getDashboard"})  # for the tray and scripts, not the page


def page_channels(names: list[str]) -> tuple[str, ...]:
    """The channels the dashboard page may invoke through the window's bridge."""
    return tuple(n for n in names if n not in SHELL_CHANNELS)


def run(args: argparse.Namespace) -> int:
    """`lighttrack` on a desktop: run the app, or show the dashboard of the one already running."""
    runtime = Runtime(args.data_dir, args.port, args.log_file)
    try:
        runtime.start()
    except AlreadyRunning:
        return show_running(args.data_dir)
    try:
        return DesktopApp(runtime).run()
    finally:
        runtime.stop()


def show_running(data_dir: Path) -> int:
    """Ask the instance holding `data_dir` to show its dashboard (a browser tab for `lighttrack serve`)."""
    port = _published_port(data_dir)
    token = api_token(open_vault(data_dir))
    try:
        shown = ApiClient(port, token).invoke("app:showDashboard")
    except UnknownChannelError:
        open_in_browser(data_dir, ApiClient(port, token).login_url())
        print(f"LightTrack is already running as `lighttrack serve`: opened http://127.0.0.1:{port}/ in your browser.")
        return 0
    print(f"LightTrack is already running: showed its dashboard ({shown['shown']}).")
    return 0


def _published_port(data_dir: Path) -> int:
    deadline = time.monotonic() + 5
    while True:
        try:
            port = running_port(data_dir)
        except LightTrackError:
            port = None  # the other instance is starting and has not published its port yet
        if port is not None:
            return port
        if time.monotonic() > deadline:
            raise LightTrackError(f"Another LightTrack holds {data_dir} but does not answer; is it still starting?")
        time.sleep(0.1)


def _view(value: object, field: str) -> str:
    if not isinstance(value, str) or not VIEW.fullmatch(value):
        raise ValidationError(f"{field} must be a dashboard view name like 'settings'.")
    return value


class DesktopApp:
    """The app process: tray on the main thread, or (without a tray host) the dashboard as the app's only face."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._tray = shell.tray()
        self._webview = shell.webview()
        self._calls = Calls(runtime.registry)
        self._register_channels()
        open_browser = lambda: open_in_browser(runtime.data_dir, runtime.login_url())  # noqa: E731
        spec = WindowSpec(page_channels(runtime.registry.names()), runtime.data_dir, resource_dir("web"),
                          self._webview.name, runtime.log_file) if self._webview.name else None
        self.dashboard = Dashboard(spec, open_browser, runtime.registry.dispatch, runtime.services.ctx.bus.subscribe,
                                   self._dashboard_closed)

    def run(self) -> int:
        """Block until Quit, SIGINT/SIGTERM, or (without a tray) the dashboard window closing."""
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self._runtime.stopping.set())
        log.info("tray: %s; dashboard: %s", self._tray.note, self._webview.note)
        unsubscribe = self._runtime.services.ctx.bus.subscribe(self._on_event)
        try:
            if self._tray.name:
                self._with_tray()
            else:
                self._without_tray()
        finally:
            unsubscribe()
            self.dashboard.close()
        return 0

    def _on_event(self, channel: str, data: object) -> None:
        """The idle prompt opens in the dashboard when the notification can't offer the choices or was clicked."""
        if channel == PROMPT_EVENT:
            self.dashboard.open()

    def _register_channels(self) -> None:
        registry = self._runtime.registry
        registry.register("app:showDashboard", lambda view=None: {"shown": self.dashboard.open(view)},
                          Param("view", _view, required=False))
        registry.register("app:getDashboard", lambda: self.dashboard.status())

    def _with_tray(self) -> None:
        shell.use_tray_backend(self._tray.name)
        from .tray import Tray
        tray = Tray(self._calls, TrayActions(self._calls, self.dashboard.open, self._runtime.stopping.set),
                    self._tray.name)
        unsubscribe = self._runtime.services.ctx.bus.subscribe(tray.changed)
        threading.Thread(target=self._stop_when_asked, args=(tray,), name="lighttrack-quit", daemon=True).start()
        if self._calls("settings:get", "openDashboardOnStart"):
            self.dashboard.open()  # before the icon registers: the window process starts while the tray does
        try:
            tray.run(lambda: log.info("tray icon shown"))
        finally:
            unsubscribe()

    def _stop_when_asked(self, tray) -> None:
        self._runtime.stopping.wait()
        tray.stop()

    def _without_tray(self) -> None:
        log.warning("no tray icon: %s", self._tray.note)
        print(f"No system tray: {self._tray.note}.", flush=True)
        self.dashboard.open()
        while not self._runtime.stopping.wait(0.5):
            pass

    def _dashboard_closed(self) -> None:
        release_free_memory()  # the page's reads (years of figures) left freed heap pages behind
        if not self._tray.name:
            log.info("the dashboard window was the app's only face: quitting")
            self._runtime.stopping.set()
