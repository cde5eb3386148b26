"""The house style of every Word document (python-docx): A4, OFFICIAL-SENSITIVE in header
and footer, "Page N of M" as fields, DRAFT in the header until approved, real Heading 1/2
styles (so Word's navigation pane and screen readers see the structure), tables whose header
row repeats on every page, and the document's title, author, subject and language set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from bscp_monitor.common.file_output import write_whole
from bscp_monitor.reports.pdf_fonts import has_right_to_left, starts_right_to_left
from bscp_monitor.reports.pdf_layout import LANGUAGE, MARKING

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x5A, 0x64, 0x70)
RED = RGBColor(0xB3, 0x26, 0x1E)
HEADER_FILL = "E8EEF5"
CONCERN_FILL = "FDECEA"
RAG_FILLS = {"red": "F4C7C3", "amber": "FCE8B2", "green": "C8E6C9"}
#: Characters XML 1.0 cannot hold (Word's own line-break and the like): dropped.
_ILLEGAL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


@dataclass(frozen=True)
class DocFurniture:
    """What every page of the document carries besides the content."""

    footer_left: str
    draft: bool = False
    landscape: bool = False


def clean(text: str) -> str:
    """User text made safe for XML (control characters dropped)."""
    return text.translate(_ILLEGAL)


def new_document(furniture: DocFurniture, title: str, author: str, subject: str) -> Any:
    """An empty A4 document in the house style, with header, footer and properties set."""
    doc = Document()
    section = doc.sections[0]
    if furniture.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(19)

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    _set_language(normal)
    # Chinese, Japanese and Korean in a face Word has on Windows; Arabic and Hebrew in Arial.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "Microsoft YaHei")
    fonts.set(qn("w:cs"), "Arial")
    for name, size, colour in (("Heading 1", 14, NAVY), ("Heading 2", 11, GREY),
                               ("Title", 20, NAVY)):  # fmt: skip
        style = doc.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold_run(header, MARKING, RED)
    if furniture.draft:
        _bold_run(header, "    DRAFT", RED)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold_run(footer, MARKING, RED)
    line = section.footer.add_paragraph()
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    small = line.add_run(clean(furniture.footer_left) + "  ·  Page ")
    small.font.size = Pt(8)
    _field(line, "PAGE", "1")
    line.add_run(" of ").font.size = Pt(8)
    _field(line, "NUMPAGES", "1")

    props = doc.core_properties
    props.title = clean(title)
    props.author = clean(author)
    props.subject = f"{subject} ({MARKING})"
    props.language = LANGUAGE
    props.comments = "Written by BSCP Monitor"
    return doc


def heading(doc: Any, text: str, level: int) -> None:
    doc.add_heading(clean(text), level=level)


def paragraphs(doc: Any, text: str, style: str | None = None) -> None:
    """One Word paragraph per paragraph of the text; single line breaks kept."""
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if block:
            doc.add_paragraph(clean(block), style=style)


def muted(doc: Any, text: str) -> None:
    run = doc.add_paragraph().add_run(clean(text))
    run.italic = True
    run.font.color.rgb = GREY


def bold_line(doc: Any, text: str) -> None:
    doc.add_paragraph().add_run(clean(text)).bold = True


def data_table(
    doc: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths_mm: Sequence[float],
    fills: dict[tuple[int, int], str] | None = None,
) -> Any:
    """A table whose first row is a header row repeated at the top of every page.

    ``fills`` shades cells: (row, column) -> hex colour, rows counted from 1 below the
    header, column -1 for the whole row."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = table.rows[0]
    _repeat_as_header(head)
    for cell, text in zip(head.cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, HEADER_FILL)
    for values in rows:
        cells = table.add_row().cells
        for column, value in enumerate(values):
            cells[column].text = clean("" if value is None else str(value))
    fix_widths(table, widths_mm)
    for (row_number, column), colour in (fills or {}).items():
        targets = (
            table.rows[row_number].cells if column == -1 else [table.rows[row_number].cells[column]]
        )
        for cell in targets:
            _shade(cell, colour)
    return table


def fix_widths(table: Any, widths_mm: Sequence[float]) -> None:
    """Columns of these widths (Word and LibreOffice each read a different part)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def save(doc: Any, path: Path) -> Path:
    """Write the document whole (or not at all); UserError if it cannot be written.

    Right-to-left paragraphs are marked first (``mark_right_to_left``)."""
    path = Path(path)
    mark_right_to_left(doc)
    write_whole(path, lambda draft: doc.save(str(draft)))
    return path


#: What may follow w:bidi in a paragraph's properties (the schema's order).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip


def mark_right_to_left(doc: Any) -> int:
    """Give every paragraph (body, table cells, headers and footers) whose text starts in a
    right-to-left script Word's right-to-left paragraph property (w:bidi), and each of its
    runs holding right-to-left text w:rtl, so Word lays it out from the right. Returns how
    many paragraphs were marked."""
    roots = [doc.element.body]
    for section in doc.sections:
        roots += [section.header._element, section.footer._element]
    marked = 0
    for root in roots:
        for p in root.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            if not starts_right_to_left(text):
                continue
            ppr = p.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
            for r in p.iter(qn("w:r")):
                if has_right_to_left("".join(t.text or "" for t in r.iter(qn("w:t")))):
                    r.get_or_add_rPr().get_or_add_rtl()
            marked += 1
    return marked


def _bold_run(paragraph: Any, text: str, colour: RGBColor) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = colour


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in as it lays out the pages."""
    run = paragraph.add_run()
    run.font.size = Pt(8)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    value = OxmlElement("w:t")
    value.text = shown
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, code, separate, value, end):
        run._r.append(element)


def _repeat_as_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _set_language(style: Any) -> None:
    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE)
    properties.append(language)
