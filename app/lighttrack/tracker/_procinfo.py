"""Process facts for a window's PID through psutil, cached: names and command lines don't change."""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import PurePath

import psutil

from ..core.tracking.classify import TERMINAL_APPS
from ..core.tracking.privacy import is_private_command
from ..core.tracking.window import OWN_APP, Window


class ProcessCache:
    """Turns (pid, title) into a Window; the cwd of terminals is looked up only when the title changes.

    LightTrack's own windows (this process, or a child running the same program: the dashboard window) are named
    OWN_APP, not after the Python interpreter that runs them.
    """

    def __init__(self, size: int = 64) -> None:
        self._procs: OrderedDict[int, tuple[str, str | None, bool]] = OrderedDict()
        self._cwds: OrderedDict[tuple[int, str], str | None] = OrderedDict()
        self._size = size
        self._own_pid = os.getpid()
        self._own_exe = _quiet(psutil.Process(self._own_pid).exe)

    def window(self, pid: int | None, title: str, fallback_app: str = "unknown") -> Window:
        if not pid:
            return Window(fallback_app, title)
        try:
            name, exe, private = self._describe(pid)
            cwd = self._cwd(pid, title, name)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            return Window(fallback_app, title)
        return Window(name, title, exe, cwd, private)

    def _describe(self, pid: int) -> tuple[str, str | None, bool]:
        known = self._procs.get(pid)
        if known is None:
            proc = psutil.Process(pid)
            with proc.oneshot():
                exe = _quiet(proc.exe)
                name = OWN_APP if self._is_own(proc, exe) else proc.name() or PurePath(exe or "unknown").name
                known = (name, exe, is_private_command(_quiet(proc.cmdline) or []))
            self._remember(self._procs, pid, known)
        return known

    def _is_own(self, proc: psutil.Process, exe: str | None) -> bool:
        """This process, or a child running this program (the dashboard window; not a browser it started)."""
        return proc.pid == self._own_pid or (proc.ppid() == self._own_pid and exe is not None and exe == self._own_exe)

    def _cwd(self, pid: int, title: str, name: str) -> str | None:
        key = (pid, title)
        if key not in self._cwds:
            self._remember(self._cwds, key, _working_dir(pid, name))
        return self._cwds[key]

    def _remember(self, cache: OrderedDict, key, value) -> None:
        cache[key] = value
        while len(cache) > self._size:
            cache.popitem(last=False)


def _working_dir(pid: int, name: str) -> str | None:
    """The cwd of the process, or for a terminal that of its newest child (the shell or editor in it)."""
    proc = psutil.Process(pid)
    if name.casefold().removesuffix(".exe") in TERMINAL_APPS:
        children = _quiet(proc.children, recursive=True) or []
        for child in sorted(children, key=lambda c: _quiet(c.create_time) or 0, reverse=True):
            cwd = _quiet(child.cwd)
            if cwd:
                return cwd
    return _quiet(proc.cwd)


def _quiet(call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except (psutil.Error, OSError):
        return None
