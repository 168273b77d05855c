"""The one PDF page style of every document the clinic prints (home programme, progress report,
monitoring report), drawn with fpdf2: fonts that draw any patient's name, headings, wrapped
text, tables, and vector charts drawn with fpdf2's own lines and rectangles.

Fonts: Debian's DejaVu Sans (fonts-dejavu-core) draws Latin, Greek and Cyrillic; for a character
it lacks (Chinese, Japanese, Korean...) Droid Sans Fallback (fonts-droid-fallback) is added to
the document, only then, as parsing its 4 MB costs about a second. ``scripts/ensure-fonts.sh``
installs both. Without DejaVu the PDF core font is used, which knows Latin-1 only, and any
other character prints as "?".
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.fonts import TTFFont

from telerehab.library.figure import Drawing

FONT_DIR = Path("/usr/share/fonts/truetype")
UNICODE_FONT = FONT_DIR / "dejavu/DejaVuSans.ttf"
UNICODE_BOLD = FONT_DIR / "dejavu/DejaVuSans-Bold.ttf"
FALLBACK_FONT = FONT_DIR / "droid/DroidSansFallbackFull.ttf"

INK = (33, 37, 41)
MUTED = (108, 117, 125)
GRID = (222, 226, 230)
# One colour per series, told apart in print by their markers too.
SERIES_COLOURS = ((13, 110, 253), (214, 51, 132), (25, 135, 84), (253, 126, 20), (111, 66, 193))


@dataclass(frozen=True)
class Series:
    """One line of a line chart: its label and a value per x position (None: no point)."""

    label: str
    values: Sequence[float | None]


class PdfDocument:
    """An A4 document; every text goes through ``text`` or ``table`` so that the fonts draw it."""

    def __init__(self, title: str) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_title(title)
        self.pdf.set_margins(18, 18, 18)
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.unicode = UNICODE_FONT.is_file() and UNICODE_BOLD.is_file()
        self.fallback = False
        if self.unicode:
            self.pdf.add_font("body", "", str(UNICODE_FONT))
            self.pdf.add_font("body", "B", str(UNICODE_BOLD))
        self.family = "body" if self.unicode else "helvetica"
        self.pdf.add_page()

    @property
    def width(self) -> float:
        return float(self.pdf.epw)

    def drawable(self, text: str) -> str:
        """``text`` as the document's fonts can draw it (adding the fallback font on demand)."""
        if not self.unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        if not self.fallback and FALLBACK_FONT.is_file():
            body = self.pdf.fonts["body"]
            covered: dict[int, Any] = body.cmap if isinstance(body, TTFFont) else {}
            if any(ord(char) not in covered for char in text if char.isprintable()):
                self.pdf.add_font("fallback", "", str(FALLBACK_FONT))
                self.pdf.set_fallback_fonts(["fallback"], exact_match=False)
                self.fallback = True
        return text

    def font(self, size: float, *, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def text(
        self,
        text: str,
        size: float = 11,
        *,
        bold: bool = False,
        gap: float = 1,
        muted: bool = False,
    ) -> None:
        self.font(size, bold=bold)
        self.pdf.set_text_color(*(MUTED if muted else INK))
        self.pdf.multi_cell(0, size * 0.5, self.drawable(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.set_text_color(*INK)
        self.pdf.ln(gap)

    def heading(self, text: str, size: float = 14) -> None:
        self.ensure_room(24)
        self.pdf.ln(2)
        self.text(text, size, bold=True, gap=2)

    def ensure_room(self, height: float) -> None:
        """Start a new page unless ``height`` mm are left on this one."""
        if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
            self.pdf.add_page()

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float],
        size: float = 9,
    ) -> None:
        """A table of one-line cells whose columns share the page by ``widths`` (relative); the
        header repeats on each page, and a cell too long for its column ends in "...".

        Drawn cell by cell: fpdf2's own table lays out each cell as a paragraph, which took
        most of a year's report's time (a second for 300 sessions)."""
        scale = self.width / sum(widths)
        columns = [width * scale for width in widths]
        height = size * 0.55
        self.pdf.set_draw_color(*GRID)
        self.pdf.set_fill_color(241, 243, 245)
        self.pdf.set_text_color(*INK)
        self.pdf.set_line_width(0.2)

        def draw(cells: Sequence[str], *, bold: bool) -> None:
            self.font(size, bold=bold)
            for cell, width in zip(cells, columns, strict=True):
                self.pdf.cell(
                    width, height, self._fit(self.drawable(cell), width - 2), border="B", fill=bold
                )
            self.pdf.ln(height)

        draw(header, bold=True)
        for cells in rows:
            if self.pdf.get_y() + height > self.pdf.h - self.pdf.b_margin:
                self.pdf.add_page()
                draw(header, bold=True)
            draw(cells, bold=False)
        self.pdf.ln(3)

    def _fit(self, text: str, width: float) -> str:
        if self.pdf.get_string_width(text) <= width:
            return text
        while text and self.pdf.get_string_width(text + "...") > width:
            text = text[:-1]
        return text + "..."

    def output(self) -> bytes:
        return bytes(self.pdf.output())

    # --- Charts (vector: lines and rectangles, no picture) ---------------------------------

    def figures(
        self, drawings: Sequence[Drawing], x: float, y: float, width: float, height: float
    ) -> None:
        """Stick figures side by side in the box at (``x``, ``y``), at one scale, standing on
        one floor line."""
        extents = [d.extent() for d in drawings]
        gap = 8.0  # between two figures, in the figures' units
        spans = [right - left for left, right, _, _ in extents]
        tallest = max(top for *_, top in extents)
        scale = min(height / tallest, width / (sum(spans) + gap * (len(drawings) - 1)))
        floor = y + height
        self.pdf.set_draw_color(*INK)
        self.pdf.set_line_width(0.5)
        left = x
        for drawing, extent, span in zip(drawings, extents, spans, strict=True):
            shift = left - extent[0] * scale  # the figure's left edge at ``left``, y up to down
            for (ax, ay), (bx, by) in drawing.bones:
                self.pdf.line(
                    shift + ax * scale, floor - ay * scale, shift + bx * scale, floor - by * scale
                )
            head_x, head_y = shift + drawing.head[0] * scale, floor - drawing.head[1] * scale
            radius = drawing.head_radius * scale
            self.pdf.ellipse(head_x - radius, head_y - radius, 2 * radius, 2 * radius)
            left += (span + gap) * scale
        self.pdf.set_draw_color(*GRID)
        self.pdf.set_line_width(0.3)
        self.pdf.line(x, floor, left - gap * scale, floor)

    def line_chart(
        self,
        title: str,
        labels: Sequence[str],
        series: Sequence[Series],
        *,
        unit: str,
        floor: float = 0,
        ceiling: float | None = None,
    ) -> None:
        """Lines over ``labels`` (x axis), with a marker at each point, a y scale and a
        legend. A line joins a series' points across the labels without a value (a day
        without a session is no measurement of zero)."""
        values = [v for line in series for v in line.values if v is not None]
        top = ceiling if ceiling is not None else _nice_ceiling(max(values, default=1))
        area = self._chart_frame(title, labels, floor, top, unit)
        for index, line in enumerate(series):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            self.pdf.set_draw_color(*colour)
            self.pdf.set_fill_color(*colour)
            self.pdf.set_line_width(0.6)
            points = [
                area.point(position, len(labels), value)
                for position, value in enumerate(line.values)
                if value is not None
            ]
            if len(points) > 1:
                self.pdf.polyline(points)
            for x, y in points:
                self.pdf.rect(x - 0.8, y - 0.8, 1.6, 1.6, style="F")
        self._legend([line.label for line in series], area)

    def bar_chart(
        self,
        title: str,
        labels: Sequence[str],
        values: Sequence[float | None],
        *,
        unit: str,
        ceiling: float | None = None,
    ) -> None:
        """One bar per label (none where the value is None)."""
        top = (
            ceiling
            if ceiling is not None
            else _nice_ceiling(max((v for v in values if v is not None), default=1))
        )
        area = self._chart_frame(title, labels, 0, top, unit)
        self.pdf.set_fill_color(*SERIES_COLOURS[0])
        slot = area.width / max(1, len(labels))
        for position, value in enumerate(values):
            if value is None:
                continue
            x, y = area.point(position, len(labels), value)
            self.pdf.rect(x - slot * 0.35, y, slot * 0.7, area.bottom - y, style="F")
        self.pdf.set_y(area.bottom + 10)

    def _chart_frame(
        self, title: str, labels: Sequence[str], floor: float, top: float, unit: str
    ) -> "_Area":
        self.ensure_room(72)
        self.text(title, 11, bold=True, gap=1)
        left = self.pdf.l_margin + 12
        area = _Area(left, self.pdf.get_y() + 5, self.width - 12, 48, floor, max(top, floor + 1))
        self.font(7)
        self.pdf.set_text_color(*MUTED)
        self.pdf.set_line_width(0.2)
        self.pdf.set_draw_color(*GRID)
        for step in range(5):
            value = floor + (area.top_value - floor) * step / 4
            y = area.y_of(value)
            self.pdf.line(area.left, y, area.left + area.width, y)
            self.pdf.set_xy(self.pdf.l_margin, y - 1.5)
            self.pdf.cell(11, 3, f"{value:g}", align="R")
        self.pdf.set_xy(self.pdf.l_margin, area.top - 4.5)
        self.pdf.cell(40, 3, self.drawable(unit))
        every = max(1, -(-len(labels) // 8))  # at most 8 x labels: a year of weeks stays legible
        for position in range(0, len(labels), every):
            x, _ = area.point(position, len(labels), floor)
            self.pdf.set_xy(x - 10, area.bottom + 1)
            self.pdf.cell(20, 3, self.drawable(labels[position]), align="C")
        self.pdf.set_text_color(*INK)
        self.pdf.set_y(area.bottom + 5)
        return area

    def _legend(self, names: Sequence[str], area: "_Area") -> None:
        self.font(8)
        x = area.left
        for index, name in enumerate(names):
            colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
            label = self.drawable(name)
            width = self.pdf.get_string_width(label) + 8
            if x + width > area.left + area.width:
                x = area.left
                self.pdf.ln(4)
            self.pdf.set_fill_color(*colour)
            self.pdf.rect(x, self.pdf.get_y() + 0.8, 3, 1.6, style="F")
            self.pdf.set_x(x + 4)
            self.pdf.cell(width - 4, 3, label)
            x += width
        self.pdf.ln(7)


@dataclass(frozen=True)
class _Area:
    """A chart's plotting area (mm) and its value scale."""

    left: float
    top: float
    width: float
    height: float
    floor: float
    top_value: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def y_of(self, value: float) -> float:
        share = (value - self.floor) / (self.top_value - self.floor)
        return self.bottom - self.height * min(1.0, max(0.0, share))

    def point(self, position: int, count: int, value: float) -> tuple[float, float]:
        """The centre of x slot ``position`` of ``count``, at ``value``."""
        slot = self.width / max(1, count)
        return self.left + slot * (position + 0.5), self.y_of(value)


def _nice_ceiling(value: float) -> float:
    """The y scale's top: 1, 2, 2.5 or 5 times a power of ten, at or above ``value``."""
    if value <= 0:
        return 1
    power = float(10 ** (len(str(int(value))) - 1))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power
