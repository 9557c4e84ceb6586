"""Windows: the foreground window through user32 and psutil, idle time through GetLastInputInfo (ctypes)."""

from __future__ import annotations

import sys

if sys.platform != "win32":
    raise ImportError("not Windows")

import ctypes
from ctypes import wintypes

from ..core.tracking.window import Window
from ._procinfo import ProcessCache
from .backend import IdleReading


class _LastInputInfo(ctypes.Structure):
    _fields_ = [("cbSize", wintypes.UINT), ("dwTime", wintypes.DWORD)]


def window_source(env) -> Win32Windows:
    return Win32Windows(ctypes.WinDLL("user32", use_last_error=True))


def idle_source(env) -> Win32Idle:
    return Win32Idle(ctypes.WinDLL("user32"), ctypes.WinDLL("kernel32"))


class Win32Windows:
    name = "Windows (user32 + psutil)"

    def __init__(self, user32) -> None:
        self._user32 = user32
        self._procs = ProcessCache()

    def active(self) -> Window | None:
        hwnd = self._user32.GetForegroundWindow()
        if not hwnd:
            return None
        length = self._user32.GetWindowTextLengthW(hwnd)
        buffer = ctypes.create_unicode_buffer(length + 1)
        self._user32.GetWindowTextW(hwnd, buffer, length + 1)
        pid = wintypes.DWORD()
        self._user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid))
        return self._procs.window(pid.value, buffer.value)


class Win32Idle:
    name = "Windows GetLastInputInfo"

    def __init__(self, user32, kernel32) -> None:
        self._user32, self._kernel32 = user32, kernel32
        self._kernel32.GetTickCount.restype = wintypes.DWORD

    def read(self) -> IdleReading | None:
        info = _LastInputInfo(cbSize=ctypes.sizeof(_LastInputInfo))
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            return None
        elapsed_ms = (self._kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF  # both wrap after 49.7 days
        return IdleReading(elapsed_ms / 1000)
