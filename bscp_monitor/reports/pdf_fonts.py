"""The Unicode fonts every PDF embeds, and text made ready for them.

The fonts ship in ``resources/fonts`` with their licences (SIL OFL 1.1 for Noto Sans, Noto
Sans Arabic and Noto Sans Hebrew; Apache 2.0 for Droid Sans Fallback, the CJK font). Noto
Sans is the house face (Latin, Greek, Cyrillic, Vietnamese); a character it lacks is drawn
in the first fallback face that has it; Arabic is joined (presentation forms) and
right-to-left runs are put in visual order, so the page reads correctly and a text extractor
(``pdftotext``) gives the words back in logical order. A character no face has (an emoji) is
replaced by its name in brackets, e.g. ``[grinning face]`` -- visible, never lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

SANS = "BSCPSans"
SANS_BOLD = "BSCPSans-Bold"
SANS_ITALIC = "BSCPSans-Italic"
SANS_BOLD_ITALIC = "BSCPSans-BoldItalic"


@dataclass(frozen=True)
class Face:
    """One shipped font: its regular and bold files (the same file when there is no bold)."""

    name: str
    regular: str
    bold: str


HOUSE = Face(SANS, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
#: Tried in this order for a character the house face lacks.
FALLBACKS = (
    Face("BSCPArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    Face("BSCPHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    Face("BSCPCJK", "DroidSansFallback.ttf", "DroidSansFallback.ttf"),
)

#: Invisible joiners and selectors that only make sense next to the character they modify.
_INVISIBLE = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x20E3}) | frozenset(range(0x1F3FB, 0x1F400))
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC_FORMS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


@dataclass(frozen=True)
class _Coverage:
    house: frozenset[int]
    fallbacks: tuple[tuple[Face, frozenset[int]], ...]


@cache
def _coverage() -> _Coverage:
    """Register the fonts with reportlab (once) and return which characters each has."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from bscp_monitor.common.resource_files import resource_path

    _extract_presentation_forms_as_letters()

    def register(name: str, file: str) -> Any:
        font = TTFont(name, str(resource_path(f"fonts/{file}")), shapable=False)
        pdfmetrics.registerFont(font)
        return font

    house = register(SANS, HOUSE.regular)
    register(SANS_BOLD, HOUSE.bold)
    register(SANS_ITALIC, "NotoSans-Italic.ttf")
    pdfmetrics.registerFont(TTFont(SANS_BOLD_ITALIC, str(resource_path("fonts/NotoSans-Bold.ttf"))))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    fallbacks = []
    for face in FALLBACKS:
        regular = register(face.name, face.regular)
        bold_name = face.name + "-Bold"
        register(bold_name, face.bold)
        for bold, italic, name in ((0, 0, face.name), (1, 0, bold_name), (0, 1, face.name),
                                   (1, 1, bold_name)):  # fmt: skip
            addMapping(face.name, bold, italic, name)
        fallbacks.append((face, frozenset(regular.face.charToGlyph)))
    # A table cell with no FONT of its own is drawn in the house face, not reportlab's
    # Helvetica (which is not embedded and draws only Latin-1).
    from reportlab.platypus.tables import CellStyle

    CellStyle.fontname = SANS
    return _Coverage(frozenset(house.face.charToGlyph), tuple(fallbacks))


def register_fonts() -> None:
    """Make the house fonts known to reportlab (cheap after the first call)."""
    _coverage()


def house_has(text: str) -> bool:
    """True when every character of ``text`` is drawn by the house face alone."""
    if text.isascii():
        return True
    house = _coverage().house
    return all(ord(c) in house for c in text)


def placeholder(char: str) -> str:
    """The visible stand-in for a character no shipped font can draw."""
    name = unicodedata.name(char, "")
    return f"[{name.lower()}]" if name else f"[U+{ord(char):04X}]"


def visual(text: str) -> str:
    """Arabic joined and right-to-left runs in visual order, line by line (LTR text as is)."""
    if not _RTL.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def has_right_to_left(text: str) -> bool:
    return bool(_RTL.search(text))


def starts_right_to_left(text: str) -> bool:
    """Whether the first letter of ``text`` is of a right-to-left script."""
    for char in text:
        if _RTL.match(char):
            return True
        if char.isalpha():
            return False
    return False


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` drawn at ``size`` as ``markup`` draws it (Arabic joined)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    cover = _coverage()
    if has_right_to_left(text):
        import arabic_reshaper

        text = arabic_reshaper.reshape(text)
    width = 0.0
    for char in text:
        code = ord(char)
        if code in cover.house:
            face = SANS_BOLD if bold else SANS
        else:
            found = next((f.name for f, has in cover.fallbacks if code in has), None)
            if found is None:
                char, face = placeholder(char), SANS
            else:
                face = found + ("-Bold" if bold else "")
        width += stringWidth(char, face, size)
    return width


def logical_lines(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines that fit ``width``, in logical (typed) order."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def font_runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """``text`` in visual order as (chunk, font name) runs, each drawn by a face that has
    every character of its chunk; what no face has is replaced by its placeholder."""
    house = SANS_BOLD if bold else SANS
    if text.isascii():
        return [(text, house)] if text else []
    cover = _coverage()
    text = visual(text)
    out: list[tuple[str, str]] = []
    run: list[str] = []
    run_face: str | None = None  # None: the house face

    def flush() -> None:
        if not run:
            return
        name = house if run_face is None else run_face + ("-Bold" if bold else "")
        out.append(("".join(run), name))
        run.clear()

    for char in text:
        code = ord(char)
        if code in cover.house or char in " \n":
            face: str | None = None
        else:
            face = next((f.name for f, has in cover.fallbacks if code in has), "")
            if face == "":
                if code in _INVISIBLE or unicodedata.category(char) in ("Mn", "Cf"):
                    continue  # a joiner or modifier of a character already replaced
                if run_face is not None:
                    flush()
                run_face = None
                run.append(placeholder(char))
                continue
        if face != run_face and not (char == " " and run):
            flush()
            run_face = face
        run.append(char)
    flush()
    return out


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    """The width of ``font_runs`` output drawn at ``size``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(sum(stringWidth(chunk, name, size) for chunk, name in runs))


def fitted_runs(text: str, size: float, width: float, bold: bool = False) -> list[tuple[str, str]]:
    """``font_runs`` of ``text``, shortened with an ellipsis (in typed order) to fit ``width``."""
    runs = font_runs(text, bold)
    if runs_width(runs, size) <= width:
        return runs
    cut = len(text)
    while cut > 1:
        cut -= max(1, cut // 10)
        runs = font_runs(text[:cut].rstrip() + "…", bold)
        if runs_width(runs, size) <= width:
            return runs
    return runs


def markup(text: str, bold: bool = False) -> str:
    """Paragraph markup for plain user text: escaped, each character in a font that has it."""
    if text.isascii():
        return escape(text)
    house = SANS_BOLD if bold else SANS
    return "".join(
        escape(chunk) if name == house else f'<font name="{name}">{escape(chunk)}</font>'
        for chunk, name in font_runs(text, bold)
    )


def plain(text: str) -> str:
    """``text`` with what no face can draw replaced by placeholders (for canvas strings)."""
    if text.isascii():
        return text
    cover = _coverage()
    return "".join(
        c if ord(c) in cover.house or any(ord(c) in has for _, has in cover.fallbacks)
        else ("" if ord(c) in _INVISIBLE else placeholder(c))
        for c in text
    )  # fmt: skip


#: The mark on reportlab's ToUnicode map function once it is ours.
PATCHED = "bscp_monitor_patched"


def _extract_presentation_forms_as_letters() -> None:
    """Make the PDF's ToUnicode map give back Arabic letters, not their joined forms.

    Arabic is drawn with presentation-form characters (each the joined shape of a letter);
    reportlab's ToUnicode map would return those code points to a text extractor. Mapping each
    to its compatibility decomposition (NFKC) returns the letters the user typed, so
    ``pdftotext`` gives back exactly the text that was written.
    """
    from reportlab.pdfbase import ttfonts

    original: Callable[[str, list[int]], str] = ttfonts.makeToUnicodeCMap
    if getattr(original, PATCHED, False):  # done already
        return

    def to_unicode(fontname: str, subset: list[int]) -> str:
        cmap = original(fontname, subset)
        if not any(any(code in r for r in _ARABIC_FORMS) for code in subset):
            return cmap
        lines = cmap.split("\n")
        for i, code in enumerate(subset):
            if any(code in r for r in _ARABIC_FORMS):
                # A ligature (lam-alef) stands for several letters; pdftotext reverses a
                # right-to-left run character by character after mapping, so its letters
                # are given in visual order to come back in the order typed.
                letters = unicodedata.normalize("NFKC", chr(code))[::-1]
                hexed = "".join(f"{ord(c):04X}" for c in letters)
                old = f"<{i:02X}> <{code:04X}>"
                lines = [f"<{i:02X}> <{hexed}>" if line == old else line for line in lines]
        return "\n".join(lines)

    setattr(to_unicode, PATCHED, True)
    ttfonts.makeToUnicodeCMap = to_unicode
