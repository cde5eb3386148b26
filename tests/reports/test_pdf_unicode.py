"""Every PDF draws any language in the shipped fonts: names and text in Arabic, Hebrew,
Polish, Vietnamese, Chinese and Greek come back from ``pdftotext`` (and pypdf) as written;
an emoji becomes a visible placeholder; the metadata says what the file is."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.reports.action_log import export_action_log
from bscp_monitor.reports.minutes_pdf import export_minutes
from bscp_monitor.reports.pdf_fonts import markup, placeholder, plain, visual
from tests.registers import make_contract, meeting_under_way

SAMPLES = {
    "Arabic": "فاطمة الزهراء",
    "Arabic sentence": "تمت مراجعة سياسة الحماية",
    "Hebrew": "שרה כהן",
    "Hebrew sentence": "מדיניות ההגנה נבדקה",
    "Polish": "Zażółć gęślą jaźń, Łukasz Wróbel",
    "Vietnamese": "Nguyễn Thị Hồng Nhung đã xem xét",
    "Chinese": "王秀英 审查了保护政策",
    "Greek": "Γιώργος Παπαδόπουλος",
}
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def _lines(text: str) -> set[str]:
    return {" ".join(line.translate(BIDI_CONTROLS).split()) for line in text.splitlines()}


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:  # pypdf instead: the same ToUnicode maps, read another way
        return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)
    return subprocess.run(
        [tool, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _meeting(store: Store) -> int:
    contract = make_contract(store)
    meeting_id = meeting_under_way(store, contract, date(2026, 3, 2))
    for name in SAMPLES.values():
        meetings.add_attendee(store, meeting_id, name, "Provider", "Worker")
    items = meetings.get_meeting(store, meeting_id).items
    agenda.update_item(
        store, items[1].id, discussion="\n\n".join(SAMPLES.values()) + "\n\nAgreed 👍 today."
    )
    actions.raise_action(store, meeting_id, items[1].id, SAMPLES["Hebrew sentence"], "שרה כהן")
    actions.raise_action(store, meeting_id, items[1].id, "Check 王秀英", SAMPLES["Chinese"])
    return meeting_id


def test_every_script_comes_back_from_the_minutes(store: Store, tmp_path: Path) -> None:
    path = export_minutes(store, _meeting(store), tmp_path / "minutes.pdf")
    lines = _lines(_pdftotext(path))
    text = "\n".join(lines)
    for label, sample in SAMPLES.items():
        assert sample in lines or sample in text, label
    assert "Agreed [thumbs up sign] today." in text  # the emoji is named, not lost
    assert "\u25a1" not in text
    assert "\ufffd" not in text


def test_the_fonts_are_embedded_and_the_metadata_set(store: Store, tmp_path: Path) -> None:
    path = export_minutes(store, _meeting(store), tmp_path / "minutes.pdf")
    reader = PdfReader(path)
    fonts: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            obj = font.get_object()
            descriptor = obj.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in obj:
                descriptor = obj["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert descriptor is not None
            assert "/FontFile2" in descriptor.get_object()
            fonts.add(str(obj["/BaseFont"]))
    assert not any("Helvetica" in f for f in fonts)
    for family in ("NotoSans-Regular", "NotoSansArabic", "NotoSansHebrew", "DroidSansFallback"):
        assert any(family in f for f in fonts), family
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Minutes: ECHS-CSE-0114 Service ECHS-CSE-0114"
    assert meta.subject == "Minutes of a contract monitoring meeting (OFFICIAL-SENSITIVE)"
    assert meta.author is not None
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_action_log_draws_other_scripts(store: Store, tmp_path: Path) -> None:
    _meeting(store)
    path = export_action_log(actions.list_actions(store), tmp_path / "actions.pdf", "All")
    text = "\n".join(_lines(_pdftotext(path)))
    assert SAMPLES["Hebrew sentence"] in text
    assert SAMPLES["Chinese"] in text


def test_markup_picks_a_font_per_character() -> None:
    assert markup("plain <b>") == "plain &lt;b&gt;"
    assert markup("Łódź") == "Łódź"  # the house face has Polish
    assert markup("王 x") == '<font name="BSCPCJK">王 </font>x'
    assert markup("王", bold=True) == '<font name="BSCPCJK-Bold">王</font>'
    assert markup("a 😀\ufe0f b") == "a [grinning face] b"
    assert plain("x 😀") == "x [grinning face]"
    assert placeholder("\U0010fffd") == "[U+10FFFD]"


def test_right_to_left_runs_are_put_in_visual_order() -> None:
    assert visual("abc") == "abc"
    assert visual("שרה") == "הרש"
    assert visual("Name: שרה כהן") == "Name: ןהכ הרש"


def test_a_long_right_to_left_paragraph_reads_from_its_first_line(
    store: Store, tmp_path: Path
) -> None:
    meeting_id = meeting_under_way(store, make_contract(store), date(2026, 3, 2))
    items = meetings.get_meeting(store, meeting_id).items
    hebrew = " ".join(f"מילה{n}" for n in range(1, 61))  # several lines' worth
    agenda.update_item(store, items[1].id, discussion=hebrew)
    text = _pdftotext(export_minutes(store, meeting_id, tmp_path / "minutes.pdf"))
    lines = [line.translate(BIDI_CONTROLS) for line in text.splitlines() if "מילה" in line]
    assert len(lines) >= 3
    numbers = [sorted(int(n) for n in re.findall(r"\d+", line)) for line in lines]
    assert [n for line in numbers for n in line] == list(range(1, 61))  # top line first
