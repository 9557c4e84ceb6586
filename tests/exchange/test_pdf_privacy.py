"""PDF exports: CJK names are drawn (a Debian font has them) or what was left out is said; no names in the log; logs 0600."""

from __future__ import annotations

import shutil
import stat
import subprocess

import pytest

from support import start_serve

NAME = "会議の準備 회의 Besprechung"


def test_a_pdf_export_draws_cjk_and_keeps_names_out_of_private_logs(tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("needs pdftotext (poppler-utils)")
    data = tmp_path / "data"
    server = start_serve(data)
    try:
        server.data("activity:add", {"name": NAME, "startTime": "2026-03-09T10:00:00Z", "duration": 3_600_000})
        logs = data / "logs" / "lighttrack.log"
        lines_before = logs.read_text().count("\n")
        target = tmp_path / "report.pdf"
        server.data("export:run", "pdf", {"path": str(target)})
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
        assert "会議の準備" in text and "Besprechung" in text, text
        added = logs.read_text().splitlines()[lines_before:]
        assert len(added) <= 3, added
        if "회의" not in text:  # Droid Sans Fallback has no Hangul: what was left out is said (counted, not named)
            assert any("2 character(s) have no glyph" in line for line in added), added
        assert not any(ch in logs.read_text() for ch in "会議회의") and "Besprechung" not in logs.read_text()
        for path in (data / "logs").iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE((data / "logs").stat().st_mode) == 0o700
    finally:
        server.stop()
