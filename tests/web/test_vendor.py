"""The vendored browser libraries are exactly the files published on npm, with their licences."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

VENDOR = Path(__file__).resolve().parents[2] / "web" / "vendor"


def manifest() -> list[dict]:
    return json.loads((VENDOR / "manifest.json").read_text())["packages"]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("package", manifest(), ids=lambda p: p["name"])
def test_each_vendored_file_hashes_as_recorded(package):
    for path, recorded in package["files"].items():
        assert sha256((VENDOR / path).read_bytes()) == recorded["sha256"], path
    assert any(path.endswith("LICENSE") for path in package["files"]), f"{package['name']} has no licence"


def test_nothing_unlisted_is_served_from_vendor():
    listed = {path for package in manifest() for path in package["files"]} | {"manifest.json"}
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert present == listed


def _registry_reachable() -> bool:
    if not shutil.which("npm"):
        return False
    try:
        return subprocess.run(["npm", "view", "htm@3.1.1", "version"], capture_output=True, timeout=20).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@pytest.mark.parametrize("package", manifest(), ids=lambda p: p["name"])
def test_the_recorded_hashes_are_those_of_the_published_tarball(package, tmp_path):
    """Only when the npm registry answers: the suite stays offline-safe."""
    if not _registry_reachable():
        pytest.skip("the npm registry is not reachable")
    subprocess.run(["npm", "pack", f"{package['name']}@{package['version']}", "--silent"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)
    tarball = tmp_path / package["tarball"]
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    assert package["integrity"] == f"sha512-{digest}"
    with tarfile.open(tarball) as archive:
        for recorded in package["files"].values():
            assert sha256(archive.extractfile(recorded["published"]).read()) == recorded["sha256"]
