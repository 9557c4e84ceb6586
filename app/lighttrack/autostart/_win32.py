"""Windows: a value in HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run (no administrator rights needed)."""

from __future__ import annotations

import subprocess
import winreg

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "LightTrack"


def entry() -> RunKeyEntry:
    return RunKeyEntry()


class RunKeyEntry:
    location = f"HKCU\\{RUN_KEY}\\{VALUE_NAME}"

    def command_line(self, command: list[str]) -> str:
        """The executable always in quotes, as the installer writes it (lighttrack.iss), so the two compare equal."""
        return " ".join([f'"{command[0]}"', subprocess.list2cmdline(command[1:])]).rstrip()

    def installed(self) -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, VALUE_NAME)
        except FileNotFoundError:
            return None
        return value or None

    def install(self, command: list[str]) -> None:
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, self.command_line(command))

    def remove(self) -> None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, VALUE_NAME)
        except FileNotFoundError:
            pass  # already gone: nothing starts at login, which is what was asked
