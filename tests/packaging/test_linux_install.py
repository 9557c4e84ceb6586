"""The .deb (installed with dpkg into a folder root) and the per-user install script, from the built binary."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from frozen import ROOT, binary_env
from lighttrack import __version__

pytestmark = pytest.mark.slow


def need(*programs: str) -> None:
    missing = [p for p in programs if not shutil.which(p)]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}")


def validate(desktop_file: Path) -> None:
    result = subprocess.run(["desktop-file-validate", str(desktop_file)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


@pytest.fixture(scope="module")
def deb(binary, tmp_path_factory) -> Path:
    need("dpkg-deb", "dpkg")
    out = tmp_path_factory.mktemp("deb")
    result = subprocess.run(["bash", str(ROOT / "packaging" / "linux" / "build-deb.sh"), str(binary), str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return Path(result.stdout.strip())


def test_deb_names_the_version_and_declares_its_dependencies(deb):
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert deb.name == f"lighttrack_{__version__}_{arch}.deb"
    fields = subprocess.run(["dpkg-deb", "--field", str(deb), "Version", "Depends"], capture_output=True,
                            text=True).stdout
    assert f"Version: {__version__}" in fields and "libgirepository-1.0-1" in fields


def test_deb_installs_into_a_folder_root_and_its_entry_validates(deb, tmp_path):
    need("desktop-file-validate")
    root = tmp_path / "root"
    for folder in ("info", "updates", "triggers"):
        (root / "var/lib/dpkg" / folder).mkdir(parents=True)
    for name in ("status", "available"):
        (root / "var/lib/dpkg" / name).touch()
    # A private dpkg database: the host's libc and glib are not registered there, hence --force-depends.
    result = subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root", "--log=/dev/null",
                             "-i", str(deb)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ii  lighttrack" in subprocess.run(["dpkg", f"--root={root}", "-l", "lighttrack"], capture_output=True,
                                              text=True).stdout
    validate(root / "usr/share/applications/lighttrack.desktop")
    assert (root / "usr/share/icons/hicolor/256x256/apps/lighttrack.png").is_file()
    installed = subprocess.run([str(root / "usr/bin/lighttrack"), "--version"], capture_output=True, text=True,
                               env=binary_env(tmp_path / "config"), timeout=60)
    assert installed.stdout.strip() == f"lighttrack {__version__}"


def test_install_script_puts_everything_in_the_users_folders_and_removes_it(binary, tmp_path):
    need("desktop-file-validate")
    home = tmp_path / "home"
    env = {**binary_env(home / ".config"), "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
           "LIGHTTRACK_BINARY": str(binary)}
    script = ROOT / "packaging" / "linux" / "install.sh"
    result = subprocess.run(["sh", str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    installed = home / ".local/bin/lighttrack"
    assert os.access(installed, os.X_OK)
    entry = home / ".local/share/applications/lighttrack.desktop"
    validate(entry)
    assert f"Exec={installed}\n" in entry.read_text()
    assert (home / ".local/share/icons/hicolor/48x48/apps/lighttrack.png").is_file()
    autostart = home / ".config/autostart/lighttrack.desktop"
    autostart.parent.mkdir(parents=True)
    autostart.write_text("[Desktop Entry]\n")
    removed = subprocess.run(["sh", str(script), "--uninstall"], capture_output=True, text=True, env=env)
    assert removed.returncode == 0, removed.stderr
    assert not installed.exists() and not entry.exists() and not autostart.exists()
