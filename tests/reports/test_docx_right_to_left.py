"""Word documents lay right-to-left text out from the right: every paragraph and table cell
whose text starts in Arabic or Hebrew carries w:bidi, its right-to-left runs w:rtl; other
paragraphs carry neither. An emoji stays as typed. Read back with python-docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions
from bscp_monitor.reports.action_log import export_action_log
from bscp_monitor.reports.minutes_docx import export_minutes_docx
from bscp_monitor.reports.pdf_fonts import has_right_to_left, starts_right_to_left
from tests.reports.test_pdf_unicode import SAMPLES
from tests.reports.test_pdf_unicode import _meeting as multilingual_meeting


def _all_paragraphs(doc: Any) -> list[Any]:
    found = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found += cell.paragraphs
    return found


def _check(doc: Any) -> tuple[int, int]:
    """Assert the marking on every paragraph; return (paragraphs, cells) marked."""
    marked = {"body": 0, "cells": 0}
    body = [p._p for p in doc.paragraphs]  # kept alive: lxml gives the same proxy back
    for p in _all_paragraphs(doc):
        ppr = p._p.pPr
        bidi = ppr is not None and ppr.find(qn("w:bidi")) is not None
        assert bidi == starts_right_to_left(p.text), p.text
        for run in p.runs:
            rtl = run._r.rPr is not None and run._r.rPr.find(qn("w:rtl")) is not None
            assert rtl == (bidi and has_right_to_left(run.text)), run.text
        if bidi:
            marked["body" if any(p._p is e for e in body) else "cells"] += 1
    return marked["body"], marked["cells"]


def test_minutes_in_word_mark_right_to_left_paragraphs_and_cells(
    store: Store, tmp_path: Path
) -> None:
    meeting_id = multilingual_meeting(store)
    doc = Document(str(export_minutes_docx(store, meeting_id, tmp_path / "m.docx")))
    body, cells = _check(doc)
    assert body >= 4  # the Arabic and Hebrew discussion paragraphs
    assert cells >= 3  # attendees' names, an action and its owner
    texts = [p.text for p in _all_paragraphs(doc)]
    for label in ("Arabic", "Hebrew sentence", "Polish", "Chinese"):
        assert SAMPLES[label] in texts, label
    assert "Agreed 👍 today." in texts  # the emoji kept as typed


def test_the_action_log_in_word_marks_right_to_left_cells(store: Store, tmp_path: Path) -> None:
    meeting_id = multilingual_meeting(store)
    item = actions.list_actions(store)[0].agenda_item_id
    actions.raise_action(store, meeting_id, item, "Celebrate 🎉", "Sam 👍")
    path = export_action_log(actions.list_actions(store), tmp_path / "a.docx", "All")
    doc = Document(str(path))
    _, cells = _check(doc)
    assert cells >= 2  # the Hebrew action and its owner
    texts = [p.text for p in _all_paragraphs(doc)]
    assert SAMPLES["Hebrew sentence"] in texts
    assert "שרה כהן" in texts
    assert "Check 王秀英" in texts
    assert "Celebrate 🎉" in texts  # the emoji kept as typed
    assert "Sam 👍" in texts
