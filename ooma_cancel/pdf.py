"""Plain documents as PDF (fpdf2), with a bundled Unicode font so any name or address prints as typed."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "data" / "fonts"  # package data
CREATOR = "Ooma cancellation dashboard"


class Document(FPDF):
    """A4/Letter-agnostic document: DejaVu Sans, page numbers in the footer, optional running title."""

    def __init__(self, *, title: str = "", footer_note: str = "", subject: str = "") -> None:
        super().__init__(format="Letter")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        # What a PDF viewer shows under Properties: the title, what the document is for, and who made the file.
        # No author: the person signs the letter; the file carries no name it was not given.
        self.set_title(title)
        self.set_subject(subject or title)
        self.set_creator(CREATOR)
        self.footer_note = footer_note
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)
        self.alias_nb_pages()
        self.add_page()
        self.set_font("DejaVu", size=11)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font("DejaVu", size=8)
        note = f"{self.footer_note} · " if self.footer_note else ""
        self.cell(0, 6, f"{note}Page {self.page_no()} of {{nb}}", align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("DejaVu", "B", size)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font("DejaVu", size=11)

    def paragraph(self, text: str, *, size: int = 11, gap: float = 2) -> None:
        self.set_font("DejaVu", size=size)
        self.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def to_bytes(self) -> bytes:
        return bytes(self.output())


def text_to_pdf(text: str, *, title: str, footer_note: str = "", subject: str = "") -> bytes:
    """A letter's plain text as a PDF: blank lines separate paragraphs, exactly as in the text version."""
    document = Document(title=title, footer_note=footer_note, subject=subject)
    for block in text.split("\n\n"):
        document.paragraph(block.strip("\n"), gap=3)
    return document.to_bytes()
