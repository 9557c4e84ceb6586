"""Shared fixtures: isolation from the user's folders and keyring, stores, a served app, a real desktop."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

from support import BERLIN, FakeClock, need, open_services, start_serve, stop_process, wait_until

@pytest.fixture(scope="session", autouse=True)
def isolated_user_folders(tmp_path_factory):
    """Keep every test out of $HOME, the real keyring and real displays/buses."""
    base = tmp_path_factory.mktemp("home")
    saved = dict(os.environ)
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"):
        folder = base / name.lower()
        folder.mkdir(mode=0o700)
        os.environ[name] = str(folder)
    os.environ["HOME"] = str(base)
    os.environ["LIGHTTRACK_KEYRING"] = "file"
    os.environ["LIGHTTRACK_EXPORT_DIR"] = str(base / "exports")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE", "DBUS_SESSION_BUS_ADDRESS", "LIGHTTRACK_DATA_DIR",
                 "LIGHTTRACK_PORT"):
        os.environ.pop(name, None)
    yield base
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def berlin_clock():
    """A fake clock in April 2024, after Berlin's DST change of 31 March."""
    return FakeClock(datetime(2024, 4, 10, 10, 0, tzinfo=timezone.utc))


@pytest.fixture
def berlin(tmp_path, berlin_clock):
    """Services whose local zone is Europe/Berlin, on a fake clock."""
    return open_services(tmp_path / "data", clock=berlin_clock, zone=BERLIN)


@pytest.fixture
def services(tmp_path, clock):
    """Domain services over an encrypted store in a temp folder, driven by a fake clock."""
    return open_services(tmp_path / "data", clock=clock)


@pytest.fixture
def served(tmp_path):
    """A real `lighttrack serve` on a free port with its own data folder."""
    server = start_serve(tmp_path / "data")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def xdisplay(isolated_user_folders):
    """Xvfb on a free display (-displayfd) with openbox, so windows get focus like on a desktop."""
    need("Xvfb", "openbox", "xprop", "xdotool")
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read_fd, 16)
        if not chunk:
            raise RuntimeError("Xvfb failed to start")
        number += chunk
    os.close(read_fd)
    display = ":" + number.decode().strip()
    os.environ["DISPLAY"] = display
    os.environ["XDG_SESSION_TYPE"] = "x11"
    wm = subprocess.Popen(["openbox", "--sm-disable"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: b"window id" in subprocess.run(["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
                                                        capture_output=True).stdout, timeout=30, what="openbox")
    yield display
    stop_process(wm)
    stop_process(xvfb)
    os.environ.pop("DISPLAY", None)
    os.environ.pop("XDG_SESSION_TYPE", None)


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
"""


@pytest.fixture(scope="session")
def dbus_session(isolated_user_folders):
    """A private D-Bus session bus that activates no services: each test starts the ones it needs
    (a notification server, gnome-keyring), so nothing installed on the machine pops up on the display."""
    need("dbus-daemon")
    socket = os.path.join(os.environ["XDG_RUNTIME_DIR"], "bus")
    config = isolated_user_folders / "session-bus.conf"
    config.write_text(BUS_CONFIG.format(socket=socket))
    proc = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = proc.stdout.readline().strip()
    yield os.environ["DBUS_SESSION_BUS_ADDRESS"]
    stop_process(proc)
    os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)


@pytest.fixture(scope="session")
def tray_host(xdisplay):
    """trayer, an XEmbed system-tray host, so tray icons can dock."""
    need("trayer")
    proc = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32",
                             "--transparent", "false", "--tint", "0xffffff", "--SetDockType", "true"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from lighttrack.ui.host import xembed_host  # the tray is a selection owner, not a root property
    wait_until(xembed_host, what="trayer")
    yield proc
    stop_process(proc)


@pytest.fixture
def secret_service(dbus_session):
    """An unlocked gnome-keyring Secret Service on the private bus."""
    need("gnome-keyring-daemon")
    proc = subprocess.Popen(["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    proc.stdin.write("test-password")
    proc.stdin.close()
    proc.stdout.readline()
    from jeepney import message_bus
    from jeepney.io.blocking import open_dbus_connection

    def owned() -> bool:
        with open_dbus_connection("SESSION") as conn:
            return conn.send_and_get_reply(message_bus.NameHasOwner("org.freedesktop.secrets")).body[0]
    wait_until(owned, what="org.freedesktop.secrets")
    yield proc
    stop_process(proc)


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium for Playwright (never `playwright install`)."""
    need("chromium")
    return shutil.which("chromium")
