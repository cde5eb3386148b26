"""The board report: the portfolio's compliance with the BSCP standards, for the
safeguarding partnership's board, written as PDF (board_report_pdf) or XLSX
(board_report_xlsx) from one gathering of its data (report_data)."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import suppress
from datetime import date
from pathlib import Path

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.file_output import draft_beside, put_in_place
from bscp_monitor.common.progress import Progress
from bscp_monitor.data.store import Store
from bscp_monitor.reports.report_data import gather


def check_report_path(path: Path | str) -> Path:
    """The path, if a board report can be written there; else UserError saying why."""
    path = Path(path)
    if path.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError(
            f"'{path.name}' has an extension BSCP Monitor cannot write: use .pdf or .xlsx."
        )
    if path.parent.exists() and not path.parent.is_dir():
        raise UserError(f"{path.parent} is a file, not a folder. Choose another place to save.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist. Choose another place to save.")
    return path


def report_steps(
    store: Store, path: Path | str, today: date | None = None
) -> Generator[Progress, None, Path]:
    """Write the board report as .pdf or .xlsx (by the file's extension), saying what it is
    doing. It is written beside the target under another name and takes the target's name
    only after the last step, so a generator closed before the end (Cancel, even while
    writing) leaves no file behind, and an earlier report of that name as it was."""
    path = check_report_path(path)
    yield Progress(0, 3, "Judging every live contract against the standards…")
    data = gather(store, today)
    kind = "PDF" if path.suffix.lower() == ".pdf" else "workbook"
    yield Progress(1, 3, f"Writing the {kind} ({len(data.results):,} contracts)…")
    draft = draft_beside(path)
    try:
        if kind == "PDF":
            from bscp_monitor.reports.board_report_pdf import write_pdf

            write_pdf(data, draft)
        else:
            from bscp_monitor.reports.board_report_xlsx import write_xlsx

            write_xlsx(data, draft)
        yield Progress(2, 3, f"Saving {path.name}…")
        put_in_place(draft, path)
    finally:
        with suppress(OSError):
            draft.unlink(missing_ok=True)
    yield Progress(3, 3, f"Written {path.name}.")
    return path


def export_report(store: Store, path: Path | str, today: date | None = None) -> Path:
    """Write the board report as .pdf or .xlsx, chosen by the file's extension."""
    steps = report_steps(store, path, today)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]


