"""CSV, JSON and PDF exports: they read back to what was stored, honour privacy, and land in the history."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import orjson
import pytest

from lighttrack.channels.catalog import build_registry
from lighttrack.core.exchange.csvfile import HEADERS
from lighttrack.errors import ValidationError


def ids_by_name(services) -> dict[str, str]:
    return {a["name"]: a["id"] for a in services.activities.every()}


def test_csv_parses_back_to_the_same_rows(berlin, sample):
    berlin.settings.set("excludedApps", ["signal"])
    result = berlin.exports.export_range("csv")
    with open(result["filePath"], newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    ids = ids_by_name(berlin)
    assert rows[0] == HEADERS
    assert rows[1] == ["Überprüfung 日本語", "General", "", "", "2024-03-30T23:15:00+01:00", "2024-03-31T00:45:00+01:00",
                       "90", "01:30:00", "", "Firefox", "'=HYPERLINK(\"http://evil\") - Firefox", "", "yes",
                       ids["Überprüfung 日本語"]]
    assert rows[2] == ['Design "v2", final', "Kunde «Müller», GmbH", "Müller", "Design", "2024-03-31T09:00:00+02:00",
                       "2024-03-31T10:30:00+02:00", "90", "01:30:00", "design; urgent", "", "", "line one\nline two",
                       "yes", ids['Design "v2", final']]
    assert rows[3] == ["Chat", "General", "", "", "2024-04-01T14:00:00+02:00", "2024-04-01T14:20:00+02:00", "20",
                       "00:20:00", "", "Signal", "", "", "yes", ids["Chat"]]
    assert result["activityCount"] == 3 and result["fileSize"] > 0


def test_csv_bom_option_and_setting(berlin, sample):
    assert not open(berlin.exports.export_range("csv")["filePath"], "rb").read().startswith(b"\xef\xbb\xbf")
    assert open(berlin.exports.export_range("csv", {"bom": True})["filePath"], "rb").read().startswith(b"\xef\xbb\xbf")
    berlin.settings.set("exportCsvBom", True)
    assert open(berlin.exports.export_range("csv")["filePath"], "rb").read().startswith(b"\xef\xbb\xbf")


def test_json_has_the_seed_envelope_and_no_secrets(berlin, sample):
    berlin.settings.set("excludedTitlePatterns", ["(?i)secret"])
    result = berlin.exports.export_range("json", {"startDate": "2024-03-31", "endDate": "2024-04-01"})
    raw = open(result["filePath"], "rb").read()
    document = orjson.loads(raw)
    assert (document["version"], document["activityCount"], document["totalDuration"]) == ("1.0", 2, 110 * 60_000)
    assert document["metadata"]["filters"] == {"startDate": "2024-03-31", "endDate": "2024-04-01"}
    assert document["metadata"]["timeZone"] == "Europe/Berlin"
    design, chat = document["activities"]
    assert design["project"]["name"] == "Kunde «Müller», GmbH" and design["category"]["productivity"] == "productive"
    assert design["formattedDuration"] == "01:30:00"
    assert chat["metadata"] == {"ticket": "LT-1"} and chat["windowTitle"] is None
    assert b"xyz" not in raw and b"Secret chat" not in raw


def test_pdf_is_a_readable_report(berlin, sample, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils")
    path = berlin.exports.export_range("pdf")["filePath"]
    assert open(path, "rb").read(5) == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("LightTrack Activity Report", "Total time", "03:20:00", "Time per project", "Überprüfung",
                     'Design "v2", final', "Kunde «Müller», GmbH", "2024-03-30 – 2024-04-01"):
        assert expected in text, expected
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path, str(tmp_path / "page")], check=True)
    shutil.copy(path, "/tmp/lighttrack_sample_report.pdf")
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_chosen_path_gets_the_format_suffix(berlin, sample, tmp_path):
    result = berlin.exports.export_range("csv", {"path": str(tmp_path / "my report")})
    assert result["filePath"] == str(tmp_path / "my report.csv")
    folder = berlin.exports.export_range("json", {"path": str(tmp_path)})["filePath"]
    assert folder.startswith(str(tmp_path)) and folder.endswith(".json")
    with pytest.raises(ValidationError, match="options.path"):
        berlin.exports.export_range("csv", {"path": "relative.csv"})


def test_history_records_completed_and_failed_exports(berlin, sample, tmp_path):
    berlin.exports.export_range("csv")
    with pytest.raises(ValidationError, match="options.path"):
        berlin.exports.export_range("json", {"path": str(tmp_path / "missing" / "x.json")})
    history = berlin.exports.history()
    assert sorted(h["exportStatus"] for h in history) == ["completed", "failed"]
    failed = next(h for h in history if h["exportStatus"] == "failed")
    assert "does not exist" in failed["errorMessage"] and failed["filePath"] is None
    done = next(h for h in history if h["exportStatus"] == "completed")
    assert (done["exportType"], done["activityCount"], done["dateRangeStart"]) == ("csv", 3, "2024-03-30")


def test_activity_export_channel(berlin, sample):
    registry = build_registry(berlin, lambda: {})
    chosen = ids_by_name(berlin)["Chat"]
    result = registry.dispatch("activity:export", [[chosen], "json"])["data"]
    assert orjson.loads(open(result["filePath"], "rb").read())["activityCount"] == 1
    assert registry.dispatch("activity:export", [["202404-0000000000000000"], "csv"])["code"] == "NOT_FOUND"
    assert registry.dispatch("activity:export", [[], "xml"])["error"].startswith("format must be one of")
    assert registry.dispatch("export:run", ["csv", {"colour": 1}])["error"] == "options: unknown or read-only field 'colour'."
    assert [h["exportType"] for h in registry.dispatch("export:getHistory", [])["data"]] == ["json"]
    assert registry.dispatch("export:getDirectory", [])["data"].endswith("exports")


def test_reports_show_the_client_record_s_current_name(berlin, sample, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("needs poppler-utils")
    muller = next(c for c in berlin.clients.all() if c["name"] == "Müller")
    berlin.clients.update(muller["id"], {"name": "Müller & Söhne"})
    path = berlin.exports.export_range("pdf")["filePath"]
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = lines.index("Time per client")
    assert lines[start + 1:start + 3] == ["No client 01:50:00 55%", "Müller & Söhne 01:30:00 45%"]
    rows = list(csv.reader(io.StringIO(open(berlin.exports.export_range("csv")["filePath"], encoding="utf-8-sig").read())))
    assert {r[2] for r in rows[1:]} == {"Müller & Söhne", ""}
