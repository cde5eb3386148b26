"""The house style of every PDF: A4, OFFICIAL-SENSITIVE in header and footer, "Page N of M",
an optional DRAFT watermark, and shared paragraph and table styles (reportlab), all in the
shipped Unicode fonts (pdf_fonts) so any language the user writes is drawn and extractable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.reports.pdf_fonts import (
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    fitted_runs,
    font_runs,
    has_right_to_left,
    house_has,
    logical_lines,
    markup,
    plain,
    register_fonts,
    runs_width,
    starts_right_to_left,
)

MARKING = "OFFICIAL-SENSITIVE"
NAVY = colors.HexColor("#1F3A5F")
GREY = colors.HexColor("#5A6470")
RULE = colors.HexColor("#C9D1DB")
HEADER_FILL = colors.HexColor("#E8EEF5")
CONCERN_FILL = colors.HexColor("#FDECEA")
CONCERN_TEXT = colors.HexColor("#B3261E")
RAG_FILLS = {
    "red": colors.HexColor("#F4C7C3"),
    "amber": colors.HexColor("#FCE8B2"),
    "green": colors.HexColor("#C8E6C9"),
}


@dataclass(frozen=True)
class PageFurniture:
    """What is printed on every page besides the content."""

    footer_left: str
    draft: bool = False
    marking: str = MARKING


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "Body",
        parent=base["BodyText"],
        fontName=SANS,
        fontSize=9.5,
        leading=12.5,
        spaceAfter=4,
    )
    return {
        "title": ParagraphStyle(
            "Title",
            parent=base["Title"],
            fontName=SANS_BOLD,
            fontSize=17,
            leading=21,
            textColor=NAVY,
            alignment=0,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle(
            "Subtitle", parent=body, fontSize=11, leading=14, textColor=GREY, spaceAfter=8
        ),
        "h1": ParagraphStyle(
            "H1",
            parent=base["Heading2"],
            fontName=SANS_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=NAVY,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h2": ParagraphStyle(
            "H2",
            parent=base["Heading3"],
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            textColor=GREY,
            spaceBefore=4,
            spaceAfter=2,
        ),
        "body": body,
        "small": ParagraphStyle("Small", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell": ParagraphStyle("Cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        "cell_bold": ParagraphStyle(
            "CellBold",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
        ),
        "muted": ParagraphStyle("Muted", parent=body, textColor=GREY, fontName=SANS_ITALIC),
        "centre": ParagraphStyle("Centre", parent=body, alignment=TA_CENTER),
        "action": ParagraphStyle(
            "Action",
            parent=body,
            fontSize=9,
            leading=11.5,
            leftIndent=10,
            bulletIndent=0,
            spaceAfter=2,
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain user text: escaped, line breaks kept, any script drawn."""
    if text.isascii():
        return Paragraph(escape(text).replace("\n", "<br/>"), style)
    if has_right_to_left(text):
        return RightToLeftParagraph(text, style)
    bold = style.fontName in (SANS_BOLD, "BSCPSans-BoldItalic")
    return Paragraph(markup(text, bold).replace("\n", "<br/>"), style)


class RightToLeftParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no types
    """Text holding Arabic or Hebrew: broken into lines in the order it was typed at the width
    it is given, then each line put in visual order, so a long right-to-left paragraph reads
    from its first line down (reordering it whole would put its end on the first line);
    right-aligned when it starts in a right-to-left script."""

    def __init__(self, text: str | None, style: ParagraphStyle, **kwargs: Any) -> None:
        self._laid_for: float | None = None
        if text is None or kwargs:  # a piece made by split: laid out already
            self.logical = None
            super().__init__(text, style, **kwargs)
            return
        self.logical = text
        self.bold = style.fontName in (SANS_BOLD, "BSCPSans-BoldItalic")
        if starts_right_to_left(text):
            style = ParagraphStyle(f"{style.name}RTL", parent=style, alignment=TA_RIGHT)
        super().__init__(markup(text, self.bold).replace("\n", "<br/>"), style)

    def _lay_out(self, width: float) -> None:
        room = width - self.style.leftIndent - self.style.rightIndent
        if self.logical is None or self._laid_for == room:
            return
        lines = logical_lines(self.logical, room * 0.98, self.style.fontSize, self.bold)
        text = "\n".join(lines)
        self._laid_for = room
        laid = self._laid_for
        Paragraph.__init__(self, markup(text, self.bold).replace("\n", "<br/>"), self.style)
        self._laid_for = laid

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._lay_out(availWidth)
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._lay_out(availWidth)
        return super().split(availWidth, availHeight)  # type: ignore[no-any-return]


def paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """One flowable per paragraph, so long text splits across pages."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [para(b, style) for b in blocks if b]


#: A cell of more lines than this is laid out as a paragraph, which a table row can split
#: across pages (plain text lines cannot be split cleanly).
LONG_CELL_LINES = 30


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    extra: Sequence[tuple[Any, ...]] = (),
    plain_columns: frozenset[int] = frozenset(),
) -> Table:
    """A table whose header row repeats on every page and whose cells wrap.

    Cells of ``plain_columns`` are short single-line text (references, dates, statuses) and
    are drawn as plain strings, which is much cheaper than a wrapping paragraph.
    """
    room = [w - 8 for w in widths]  # less the cell padding

    def cell(value: Any, column: int) -> Any:
        if isinstance(value, Flowable):
            return value
        text = "" if value is None else str(value)
        if not house_has(text):  # another script: a paragraph draws each character
            return para(text, styles()["cell"])
        if column in plain_columns:
            return text
        # Plain text wrapped once here and drawn line by line: it looks like a paragraph
        # and costs a fraction of one (a Paragraph cell is laid out twice by Table).
        lines: list[str] = []
        for line in text.replace("\r\n", "\n").split("\n"):
            lines.extend(simpleSplit(line, SANS, 8.5, room[column]) or [""])
        if len(lines) > LONG_CELL_LINES:  # a paragraph can go on over the next page
            return para(text, styles()["cell"])
        return "\n".join(lines)

    head = [
        "\n".join(simpleSplit(h, SANS_BOLD, 8.5, room[i]) or [""])
        if house_has(h)
        else para(h, styles()["cell_bold"])
        for i, h in enumerate(header)
    ]
    body = [[cell(c, i) for i, c in enumerate(row)] for row in rows]
    table = Table(
        [head, *body],
        colWidths=list(widths),
        repeatRows=1,
        splitByRow=True,
        splitInRow=1,  # a cell longer than a page goes on over the next
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8.5, 11),
                ("FONT", (0, 1), (-1, -1), SANS, 8.5, 11),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *extra,
            ]
        )
    )
    return table


def _numbered_canvas(furniture: PageFurniture) -> type[Canvas]:
    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no types
        """Holds each page until the end so every footer can say "Page N of M"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._furnish(total)
                super().showPage()
            super().save()

        def _furnish(self, total: int) -> None:
            width, height = A4
            self.saveState()
            if furniture.draft:
                self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.09))
                self.setFont(SANS_BOLD, 120)
                self.translate(width / 2, height / 2)
                self.rotate(45)
                self.drawCentredString(0, -40, "DRAFT")
                self.rotate(-45)
                self.translate(-width / 2, -height / 2)
            self.setFillColor(CONCERN_TEXT)
            draw_text(self, width / 2, height - 12 * mm, furniture.marking, 9, True, "centre")
            draw_text(self, width / 2, 8 * mm, furniture.marking, 9, True, "centre")
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(18 * mm, height - 14 * mm, width - 18 * mm, height - 14 * mm)
            self.line(18 * mm, 13 * mm, width - 18 * mm, 13 * mm)
            self.setFillColor(GREY)
            # The footer's left text stops short of the centred marking (shortened with an
            # ellipsis if it would reach it).
            marking = runs_width(font_runs(furniture.marking, bold=True), 9)
            room = width / 2 - marking / 2 - 18 * mm - 3 * mm
            draw_text(self, 18 * mm, 8 * mm, furniture.footer_left, 8, width=room)
            page = f"Page {self._pageNumber} of {total}"
            draw_text(self, width - 18 * mm, 8 * mm, page, 8, align="right")
            self.restoreState()

    return NumberedCanvas


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, size: float, bold: bool = False,
    align: str = "left", width: float | None = None,
) -> None:
    """One line of text on ``canvas`` from (x, y), each character in a face that has it
    (right-to-left runs shaped and in visual order), aligned at x to the left, centre or
    right, shortened with an ellipsis to ``width`` if given; the fill colour is kept."""
    runs = font_runs(text, bold) if width is None else fitted_runs(text, size, width, bold)
    drawn = runs_width(runs, size)
    if align == "centre":
        x -= drawn / 2
    elif align == "right":
        x -= drawn
    for chunk, name in runs:
        canvas.setFont(name, size)
        canvas.drawString(x, y, chunk)
        x += stringWidth(chunk, name, size)


def drawing_text(
    x: float, y: float, text: str, size: float, width: float, bold: bool = False,
    fill: Any = colors.black,
) -> Group:
    """A chart's line of text (reportlab graphics) in the fonts that have its characters,
    shortened with an ellipsis to fit ``width``."""
    group = Group()
    for chunk, name in fitted_runs(text, size, width, bold):
        group.add(String(x, y, chunk, fontName=name, fontSize=size, fillColor=fill))
        x += stringWidth(chunk, name, size)
    return group


#: The language of the text the app writes (the user's own text may be in any language).
LANGUAGE = "en-GB"


def build_pdf(
    path: Path,
    story: list[Flowable],
    furniture: PageFurniture,
    title: str,
    author: str = "",
    subject: str = "",
) -> None:
    """Write the story to ``path`` (A4), or raise UserError if the file cannot be written.

    The PDF's metadata carries the title, author, subject (with the protective marking) and
    the language, so a document manager or screen reader can tell what the file is."""
    path = Path(path)

    def write(draft: Path) -> None:
        doc = SimpleDocTemplate(
            str(draft),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=20 * mm,
            bottomMargin=19 * mm,
            title=plain(title),
            author=plain(author),
            subject=f"{subject} ({furniture.marking})" if subject else furniture.marking,
            creator="BSCP Monitor",
            lang=LANGUAGE,
            initialFontName=SANS,  # not Helvetica: every font in the file is embedded
        )
        try:
            doc.build(story, canvasmaker=_numbered_canvas(furniture))
        except LayoutError as exc:  # something too large to lay out on a page
            raise UserError(
                f"{path.name} could not be laid out: something in it is too large for a "
                "page. Shorten the longest entry (or split it) and export again."
            ) from exc

    write_whole(path, write)


def content_width() -> float:
    return float(A4[0] - 36 * mm)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    return TableStyle(list(commands))
