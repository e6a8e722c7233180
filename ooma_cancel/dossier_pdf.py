"""Drawing for the evidence dossier's PDF: tables that stay fast with years of history, and the balance chart.

Built on fpdf2 primitives through :class:`ooma_cancel.pdf.Document`, so no charting dependency is needed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ooma_cancel.money import format_dollars
from ooma_cancel.pdf import Document


class PdfTable:
    """A bordered table drawn line by line.

    fpdf2's own table wraps text in quadratic time and needs seconds for a long timeline; this one wraps
    with cached character widths, repeats the header on each page and splits a tall row across pages.
    """

    MAX_LINES = 400  # one cell of the longest text the case holds (a 20,000-character letter) fits

    def __init__(
        self,
        document: Document,
        header: list[str] | None,
        widths: list[float],
        *,
        size: float = 8,
        line_height: float = 4,
        pad: float = 1.5,
    ) -> None:
        self.document, self.header, self.size = document, header, size
        self.line_height, self.pad = line_height, pad
        scale = document.epw / sum(widths)
        self.widths = [width * scale for width in widths]
        self._char_widths: dict[str, float] = {}

    def rows(self, rows: Iterable[list[str]]) -> None:
        document = self.document
        document.set_font("DejaVu", size=self.size)
        document.set_draw_color(170, 170, 170)
        document.set_line_width(0.2)
        if self.header:
            self._row(self.header, header=True)
        for row in rows:
            self._row(row)
        document.set_draw_color(0, 0, 0)
        document.set_font("DejaVu", size=11)
        document.ln(3)

    def _row(self, cells: list[str], *, header: bool = False) -> None:
        document = self.document
        if header:
            document.set_font("DejaVu", "B", self.size)
        wrapped = [
            self._wrap(cell, width - 2 * self.pad) for cell, width in zip(cells, self.widths, strict=True)
        ]
        if header:
            self._char_widths.clear()  # bold glyphs are wider; the body's widths are measured afresh
        done, total = 0, max(len(lines) for lines in wrapped)
        while done < total:
            room = int((document.page_break_trigger - document.get_y() - self.pad) // self.line_height)
            if room < min(total - done, 3):
                document.add_page()
                if self.header and not header:
                    self._row(self.header, header=True)
                    document.set_font("DejaVu", size=self.size)
                continue
            count = min(total - done, room)
            top, x = document.get_y(), document.l_margin
            height = count * self.line_height + self.pad
            for lines, width in zip(wrapped, self.widths, strict=True):
                if header:
                    document.set_fill_color(235, 238, 244)
                    document.rect(x, top, width, height, style="F")
                for index, line in enumerate(lines[done : done + count]):
                    document.set_xy(x + self.pad, top + self.pad / 2 + index * self.line_height)
                    document.cell(width - 2 * self.pad, self.line_height, line)
                document.rect(x, top, width, height)
                x += width
            document.set_xy(document.l_margin, top + height)
            done += count
        if header:
            document.set_font("DejaVu", size=self.size)

    def _char(self, char: str) -> float:
        width = self._char_widths.get(char)
        if width is None:
            width = self._char_widths[char] = self.document.get_string_width(char)
        return width

    def _width(self, text: str) -> float:
        return sum(self._char(char) for char in text)

    def _wrap(self, text: str, width: float) -> list[str]:
        """Greedy word wrap to ``width`` mm; words longer than a line are cut."""
        lines: list[str] = []
        for paragraph in text.splitlines() or [""]:
            line = ""
            for word in paragraph.split(" "):
                candidate = f"{line} {word}" if line else word
                if self._width(candidate) <= width:
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                line = word
                while self._width(line) > width:
                    used, cut = 0.0, 0
                    for char in line:
                        used += self._char(char)
                        if used > width:
                            break
                        cut += 1
                    lines.append(line[: max(cut, 1)])
                    line = line[max(cut, 1) :]
            lines.append(line)
        if len(lines) > self.MAX_LINES:
            lines = [*lines[: self.MAX_LINES - 1], "… (continued in the Markdown version)"]
        return lines


def draw_balance_chart(document: Document, points: list[tuple[date, int]], height: float = 55) -> None:
    """A polyline of the month-end balance, with the zero line and the extremes labelled."""
    if document.get_y() + height + 12 > document.page_break_trigger:
        document.add_page()
    left, top, width = document.l_margin + 18, document.get_y() + 2, document.epw - 18
    values = [cents for _, cents in points]
    low, high = min(0, *values), max(0, *values)
    span = (high - low) or 100

    def y_of(cents: int) -> float:
        return top + height - (cents - low) / span * height

    def x_of(index: int) -> float:
        return left + (index / max(len(points) - 1, 1)) * width

    document.set_draw_color(180, 180, 180)
    document.set_line_width(0.2)
    document.rect(left, top, width, height)
    document.set_dash_pattern(dash=1, gap=1)
    document.line(left, y_of(0), left + width, y_of(0))
    document.set_dash_pattern()
    document.set_draw_color(37, 99, 235)
    document.set_line_width(0.6)
    if len(points) == 1:
        document.line(left, y_of(values[0]), left + width, y_of(values[0]))
    else:
        document.polyline([(x_of(i), y_of(v)) for i, v in enumerate(values)])
    document.set_draw_color(0, 0, 0)
    document.set_line_width(0.2)
    document.set_font("DejaVu", size=7)
    for cents in {high, low, 0}:
        document.text(document.l_margin, y_of(cents) + 1, format_dollars(cents))
    document.text(left, top + height + 4, f"{points[0][0]:%b %Y}")
    last = f"{points[-1][0]:%b %Y}"
    document.text(left + width - document.get_string_width(last), top + height + 4, last)
    document.set_font("DejaVu", size=11)
    document.set_y(top + height + 8)
