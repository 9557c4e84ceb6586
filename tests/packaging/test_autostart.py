"""Start at login: the XDG backend on real files in a temporary XDG_CONFIG_HOME, the LaunchAgent plist, the setting."""

from __future__ import annotations

import ast
import plistlib
import shutil
import subprocess
import sys

import pytest

from frozen import ROOT
from lighttrack.autostart import Autostart, choose_entry, doctor_line, launch_command
from lighttrack.autostart._darwin import LaunchAgentEntry
from lighttrack.autostart._xdg import XdgEntry, config_home, exec_value
from lighttrack.errors import ConflictError, LightTrackError
from lighttrack.resources import default_data_dir

COMMAND = ["/opt/Light Track/lighttrack", "--data-dir", "/home/me/100% $work"]


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path / "config" / "autostart" / "lighttrack.desktop"


def test_xdg_entry_honours_xdg_config_home(xdg):
    entry = choose_entry("linux")
    assert entry.location == str(xdg)


def test_relative_xdg_config_home_is_ignored_as_the_spec_says(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config_home() == tmp_path / ".config"


def test_enable_writes_a_valid_entry_and_disable_removes_it(xdg):
    autostart = Autostart(choose_entry("linux"), ["/usr/bin/lighttrack"])
    autostart.apply(True)
    assert "Exec=/usr/bin/lighttrack\n" in xdg.read_text()
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(xdg)], capture_output=True, text=True).stdout == ""
    assert autostart.status(True) == {"supported": True, "enabled": True, "installed": True, "location": str(xdg),
                                      "command": "/usr/bin/lighttrack", "error": None}
    autostart.apply(False)
    assert not xdg.exists()
    autostart.apply(False)  # removing twice is fine


def test_exec_arguments_are_quoted_and_escaped_per_the_desktop_entry_spec(xdg):
    value = exec_value(COMMAND)
    assert value == '"/opt/Light Track/lighttrack" --data-dir "/home/me/100%% \\\\$work"'
    XdgEntry(xdg.parents[1]).install(COMMAND)
    if shutil.which("desktop-file-validate"):
        assert subprocess.run(["desktop-file-validate", str(xdg)], capture_output=True, text=True).stdout == ""


def test_a_stale_entry_is_rewritten_and_an_up_to_date_one_left_alone(xdg):
    XdgEntry(xdg.parents[1]).install(["/old/place/lighttrack"])
    autostart = Autostart(choose_entry("linux"), ["/new/place/lighttrack"])
    autostart.apply(True)
    assert "Exec=/new/place/lighttrack\n" in xdg.read_text()
    before = xdg.stat().st_mtime_ns
    autostart.apply(True)
    assert xdg.stat().st_mtime_ns == before


def test_an_entry_the_user_hid_counts_as_off(xdg):
    XdgEntry(xdg.parents[1]).install(["/usr/bin/lighttrack"])
    xdg.write_text(xdg.read_text() + "Hidden=true\n")
    assert choose_entry("linux").installed() is None
    assert doctor_line(choose_entry("linux")) == f"off ({xdg} not present)"


def test_a_refused_write_is_a_sentence_and_the_error_is_reported(tmp_path, monkeypatch):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    autostart = Autostart(choose_entry("linux"), ["/usr/bin/lighttrack"])
    with pytest.raises(LightTrackError, match="Could not write .*lighttrack.desktop"):
        autostart.apply(True)
    assert autostart.status(True)["error"].startswith("Could not write")


def test_no_backend_means_unsupported():
    autostart = Autostart(None, ["lighttrack"])
    assert autostart.status(False)["supported"] is False
    autostart.apply(False)
    with pytest.raises(ConflictError):
        autostart.apply(True)


def test_launch_command_from_source_and_with_a_chosen_data_dir(tmp_path):
    assert launch_command(default_data_dir()) == [sys.executable, "-m", "lighttrack"]
    assert launch_command(tmp_path) == [sys.executable, "-m", "lighttrack", "--data-dir", str(tmp_path)]


def test_launch_agent_plist_for_macos(tmp_path):
    entry = LaunchAgentEntry(tmp_path)
    entry.install(COMMAND)
    plist = plistlib.loads((tmp_path / "Library/LaunchAgents/app.lighttrack.LightTrack.plist").read_bytes())
    assert plist["ProgramArguments"] == COMMAND and plist["RunAtLoad"] is True and "KeepAlive" not in plist
    assert entry.installed() == entry.command_line(COMMAND)
    entry.remove()
    assert entry.installed() is None


def test_windows_run_value_matches_what_the_installer_writes():
    """_win32 needs winreg; read its constants from the source and compare them with lighttrack.iss."""
    tree = ast.parse((ROOT / "app/lighttrack/autostart/_win32.py").read_text())
    constants = {node.targets[0].id: node.value.value for node in tree.body
                 if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)}
    iss = (ROOT / "packaging/windows/lighttrack.iss").read_text()
    assert f'#define RunKey "{constants["RUN_KEY"]}"' in iss
    assert 'ValueName: "{#AppName}"' in iss and constants["VALUE_NAME"] == "LightTrack"
    assert 'ValueData: """{app}\\{#AppExe}"""' in iss  # the executable in quotes, as RunKeyEntry.command_line
