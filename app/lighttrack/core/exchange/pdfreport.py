"""PDF export: a readable report with a summary, a bar chart of time per project, time per client and the detail
table."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import tzinfo
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from ..records.productivity import is_productive
from ..timing.isotime import from_iso, to_local
from .view import Names, format_duration

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
             Path("/usr/share/fonts/TTF"), Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
FALLBACK_FONTS = (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
                  Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttf"),
                  Path("C:/Windows/Fonts/msyh.ttf"), Path("/Library/Fonts/Arial Unicode.ttf"))
log = logging.getLogger(__name__)

CHART_BARS = 10
COLUMNS = (20, 22, 58, 36, 18, 36)
ROW_HEIGHT = 5.0
GREY = (120, 120, 120)


class ReportPDF(FPDF):
    """A4 pages with a footer naming the page; DejaVu Sans when installed (any script), else Helvetica."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.missing = 0  # characters no installed font can draw (left out of the PDF)
        self.base_family = self._unicode_font()
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def _unicode_font(self) -> str:
        for folder in FONT_DIRS:
            regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
            if regular.is_file() and bold.is_file():
                self.add_font("DejaVu", "", str(regular))
                self.add_font("DejaVu", "B", str(bold))
                self._add_fallback()
                return "DejaVu"
        return "Helvetica"

    def _add_fallback(self) -> None:
        """A font for the scripts DejaVu lacks (Chinese, Japanese, Korean), when one is installed."""
        found = next((f for f in FALLBACK_FONTS if f.is_file()), None)
        if found is not None:
            self.add_font("Fallback", "", str(found))
            self.set_fallback_fonts(["Fallback"])

    def draw(self, x: float, y: float, text: str) -> None:
        """text() at (x, y): runs the base font lacks go in the fallback font (CJK), each after the other."""
        bold = self.current_font is not None and self.current_font.fontkey.endswith("B")
        style, size = ("B" if bold else ""), self.font_size_pt
        for run, family in self._runs(self.text_of(text)):
            self.set_font(family, style if family == self.base_family else "", size)
            self.text(x, y, run)
            x += self.get_string_width(run)
        self.set_font(self.base_family, style, size)

    def _runs(self, text: str) -> list[tuple[str, str]]:
        """`text` cut into runs of one font each; characters no font has are counted in `missing`."""
        base, fallback = self.current_font, self.fonts.get("fallback")
        if self.base_family != "DejaVu" or not isinstance(base, TTFFont) or not isinstance(fallback, TTFFont):
            return [(text, self.base_family)]
        runs: list[tuple[str, str]] = []
        for char in text:
            family = self.base_family if ord(char) in base.cmap or ord(char) not in fallback.cmap else "Fallback"
            self.missing += ord(char) not in base.cmap and ord(char) not in fallback.cmap
            if runs and runs[-1][1] == family:
                runs[-1] = (runs[-1][0] + char, family)
            else:
                runs.append((char, family))
        return runs

    def text_of(self, value: str | None) -> str:
        """Text the current font can draw: without a Unicode font, other characters become '?'."""
        value = value or ""
        return value if self.base_family == "DejaVu" else value.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False) -> None:
        self.set_font(self.base_family, "B" if bold else "", size)

    def line_of_text(self, text: str, size: float = 10, bold: bool = False, height: float = 6) -> None:
        self.font(size, bold)
        self.cell(0, height, self.text_of(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"LightTrack · page {self.page_no()} of {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _hex(color: str | None) -> tuple[int, int, int]:
    color = color if color and len(color) == 7 else "#00bcd4"
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _summary(pdf: ReportPDF, activities: list[dict[str, Any]]) -> None:
    total = sum(a["duration"] or 0 for a in activities)
    productive = sum(a["duration"] or 0 for a in activities if is_productive(a["tags"]))
    pdf.line_of_text("Summary", 14, bold=True, height=9)
    lines = [
        ("Total time", format_duration(total)),
        ("Activities", str(len(activities))),
        ("Projects", str(len({a["projectId"] for a in activities}))),
        ("Average activity", format_duration(total // len(activities) if activities else 0)),
        ("Productive time", f"{format_duration(productive)} ({round(productive * 100 / total) if total else 0}%)"),
    ]
    for label, value in lines:
        pdf.font(10)
        pdf.cell(45, 6, label)
        pdf.font(10, bold=True)
        pdf.cell(0, 6, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _chart(pdf: ReportPDF, activities: list[dict[str, Any]], names: Names) -> None:
    per_project: Counter[str] = Counter()
    for activity in activities:
        per_project[activity["projectId"]] += activity["duration"] or 0
    total = sum(per_project.values())
    if not total:
        return
    pdf.line_of_text("Time per project", 14, bold=True, height=9)
    top = per_project.most_common(CHART_BARS)
    label_w, bar_w, longest = 50.0, pdf.epw - 50.0 - 38.0, top[0][1]
    for project_id, ms in top:
        y = pdf.get_y()
        pdf.font(9)
        pdf.cell(label_w, 7, pdf.text_of(names.project_name(project_id))[:32])
        pdf.set_fill_color(*_hex((names.project(project_id) or {}).get("color")))
        pdf.rect(pdf.l_margin + label_w, y + 1.2, max(0.5, bar_w * ms / longest), 4.6, style="F")
        pdf.set_x(pdf.l_margin + label_w + bar_w + 2)
        pdf.cell(0, 7, f"{format_duration(ms)}  {ms * 100 / total:.0f}%", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _clients(pdf: ReportPDF, activities: list[dict[str, Any]], names: Names) -> None:
    """Time per client (the projects' client records), when any project of the report has one."""
    per_client: Counter[str] = Counter()
    labels = {"": "No client"}
    for activity in activities:
        project = names.project(activity["projectId"]) or {}
        client_id = project.get("clientId") if project.get("client") else None
        labels.setdefault(client_id or "", str(project.get("client")))
        per_client[client_id or ""] += activity["duration"] or 0
    total = sum(per_client.values())
    if not total or set(per_client) == {""}:
        return
    pdf.line_of_text("Time per client", 14, bold=True, height=9)
    for client_id, ms in per_client.most_common():
        pdf.font(9)
        pdf.cell(50, 6, pdf.text_of(labels[client_id])[:32])
        pdf.cell(0, 6, f"{format_duration(ms)}  {ms * 100 / total:.0f}%", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)


def _fit(text: str, width_mm: float) -> str:
    """Cut `text` to about what fits in a column at 8 pt (text() draws fast but does not wrap)."""
    limit = int(width_mm / 1.55)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table_row(pdf: ReportPDF, y: float, cells: list[str], fill: tuple[int, int, int] | None) -> None:
    if fill:
        pdf.set_fill_color(*fill)
        pdf.rect(pdf.l_margin, y - 3.6, pdf.epw, ROW_HEIGHT, style="F")
    x = pdf.l_margin + 1
    for width, text in zip(COLUMNS, cells):
        pdf.draw(x, y, _fit(text, width - 2))
        x += width


def _details(pdf: ReportPDF, activities: list[dict[str, Any]], names: Names, zone: tzinfo | None) -> None:
    """The detail table, one line per activity, drawn with text() so a year of activities takes a second."""
    pdf.line_of_text("Activities", 14, bold=True, height=9)
    y, dash = pdf.get_y() + 4, "–" if pdf.base_family == "DejaVu" else "-"
    header = ["Date", "Time", "Activity", "Project", "Duration", "Tags"]
    pdf.font(8, bold=True)
    _table_row(pdf, y, header, (225, 235, 240))
    pdf.font(8)
    for number, activity in enumerate(activities):
        y += ROW_HEIGHT
        if y > pdf.h - 20:
            pdf.add_page()
            y = pdf.t_margin + 4
            pdf.font(8, bold=True)
            _table_row(pdf, y, header, (225, 235, 240))
            pdf.font(8)
            y += ROW_HEIGHT
        start = to_local(from_iso(activity["startTime"]), zone)
        end = to_local(from_iso(activity["endTime"]), zone).strftime("%H:%M") if activity["endTime"] else "running"
        cells = [start.date().isoformat(), f"{start:%H:%M}{dash}{end}", activity["name"],
                 names.project_name(activity["projectId"]), format_duration(activity["duration"]),
                 ", ".join(activity["tags"])]
        _table_row(pdf, y, cells, (246, 246, 246) if number % 2 else None)
    pdf.set_y(y + ROW_HEIGHT)


def render(activities: list[dict[str, Any]], names: Names, zone: tzinfo | None, period: str, stamp: str) -> bytes:
    """The report of `activities` (shaped by `view.shown`, oldest first) as PDF bytes."""
    pdf = ReportPDF()
    pdf.set_title("LightTrack Activity Report")
    pdf.set_creator("LightTrack")
    pdf.add_page()
    pdf.line_of_text("LightTrack Activity Report", 20, bold=True, height=12)
    pdf.set_text_color(*GREY)
    pdf.line_of_text(f"{period} · generated {stamp}", 10)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    _summary(pdf, activities)
    _chart(pdf, activities, names)
    _clients(pdf, activities, names)
    _details(pdf, activities, names, zone)
    if pdf.missing:
        log.warning("PDF export: %d character(s) have no glyph in the installed fonts and were left out "
                    "(install fonts-noto-cjk for every CJK script)", pdf.missing)
    return bytes(pdf.output())
