"""The one-file Linux binary, built from pyinstaller.spec once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from frozen import ROOT

sys.path.insert(0, str(ROOT / "packaging"))  # bundle.py and make_icons.py


@pytest.fixture(scope="session")
def binary(tmp_path_factory) -> Path:
    """dist/lighttrack built into a temporary folder (the analysis cache stays in build/ between sessions).

    LIGHTTRACK_TEST_BINARY=path reuses a binary built already (CI builds once, then tests that file).
    """
    given = os.environ.get("LIGHTTRACK_TEST_BINARY")
    if given:
        return Path(given).resolve()
    if not sys.platform.startswith("linux"):
        pytest.skip("the packaging tests build the Linux binary")
    dist = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "PYSTRAY_BACKEND": "dummy"}
    result = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                             "--distpath", str(dist), "--workpath", str(ROOT / "build" / "pyinstaller-tests"),
                             str(ROOT / "pyinstaller.spec")], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    return dist / "lighttrack"
