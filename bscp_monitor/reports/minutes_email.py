"""E-mail drafts (RFC 5322 / MIME, the standard library's ``email`` package): the minutes to
a meeting's attendees with the PDF and the Word document attached, and action reminders,
one per owner. Nothing is sent: each draft is a ``.eml`` file the user's mail program opens
(``X-Unsent: 1`` makes Outlook open it ready to send; the sender is the mail program's)."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path

from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.file_output import write_whole
from bscp_monitor.common.wording import counted
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions as actions_service
from bscp_monitor.meetings import meetings
from bscp_monitor.meetings.actions import ActionFilter, ActionRecord
from bscp_monitor.meetings.meetings import MeetingDetail

PDF_TYPE = ("application", "pdf")
DOCX_TYPE = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
MARKING = "OFFICIAL-SENSITIVE"
#: SMTP's line endings; header lines left long (RFC 5322 allows 998) so a non-ASCII name is
#: one encoded word, which every reader -- Python's own parser too -- gives back exactly.
POLICY = SMTP.clone(max_line_length=998)


@dataclass(frozen=True)
class Draft:
    """One e-mail draft written to a file."""

    path: Path
    to: tuple[str, ...]
    subject: str


def _address(name: str, email: str) -> Address:
    local, _, domain = email.rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def _message(to: list[Address], subject: str, body: str) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["Subject"] = subject
    if to:
        message["To"] = to
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="bscp-monitor.invalid")
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message


def _write(message: EmailMessage, path: Path) -> None:
    data = message.as_bytes(policy=POLICY)

    def write(draft: Path) -> None:
        draft.write_bytes(data)

    write_whole(Path(path), write)


def minutes_file_stem(detail: MeetingDetail) -> str:
    m = detail.meeting
    return f"Minutes {m.contract_reference} {to_local(m.starts_at):%d-%m-%Y}".replace("/", "-")


def minutes_message(store: Store, meeting_id: int) -> EmailMessage:
    """The minutes as an e-mail draft: to every attendee with an address, a summary of the
    decisions and of each owner's actions, the PDF and Word minutes attached."""
    from bscp_monitor.reports.minutes_docx import export_minutes_docx
    from bscp_monitor.reports.minutes_pdf import export_minutes

    detail = meetings.get_meeting(store, meeting_id)
    raised, carried = actions_service.minuted_meeting_actions(store, meeting_id)
    m = detail.meeting
    day = format_date(to_local(m.starts_at).date())
    state = "approved minutes" if m.locked else "draft minutes"
    to = [_address(a.name, a.email) for a in detail.attendees if a.email]
    lines = [
        MARKING,
        "",
        "Dear colleagues,",
        "",
        f"Please find attached the {state} of the contract monitoring meeting for "
        f"{m.contract_reference} {m.contract_title} ({m.provider_name}) held on {day}, "
        "as PDF and as a Word document.",
        "",
    ]
    decided = [(n, i) for n, i in enumerate(detail.items, start=1) if i.decisions.strip()]
    lines.append("Decisions")
    lines.append("")
    if decided:
        for number, item in decided:
            lines.append(f"{number}. {item.title}")
            lines.extend(f"   {line}" for line in item.decisions.strip().splitlines())
    else:
        lines.append("No decisions were recorded.")
    lines.append("")
    lines.append("Actions by owner")
    lines.append("")
    every = sorted({a.id: a for a in [*carried, *raised]}.values(), key=lambda a: a.id)
    if every:
        for owner, owned in _by_owner(every).items():
            lines.append(owner)
            lines.extend(_action_line(a) for a in owned)
            lines.append("")
    else:
        lines.extend(["No actions.", ""])
    if not m.locked:
        lines.append("These minutes are a draft until approved at the next meeting.")
        lines.append("")
    lines.extend([MARKING, ""])
    message = _message(to, f"[{MARKING}] Minutes: {m.contract_reference} meeting of {day}",
                       "\n".join(lines))  # fmt: skip
    stem = minutes_file_stem(detail)
    with tempfile.TemporaryDirectory(prefix="bscp-minutes-") as folder:
        pdf = export_minutes(store, meeting_id, Path(folder) / "minutes.pdf")
        docx = export_minutes_docx(store, meeting_id, Path(folder) / "minutes.docx")
        for path, (main, sub), suffix in ((pdf, PDF_TYPE, ".pdf"), (docx, DOCX_TYPE, ".docx")):
            message.add_attachment(
                path.read_bytes(), maintype=main, subtype=sub, filename=stem + suffix
            )
    return message


def write_minutes_email(store: Store, meeting_id: int, path: Path) -> Draft:
    """Write the minutes draft to ``path`` (.eml); UserError if it cannot be written."""
    message = minutes_message(store, meeting_id)
    _write(message, Path(path))
    return Draft(Path(path), _addresses(message), str(message["Subject"]))


def _addresses(message: EmailMessage) -> tuple[str, ...]:
    to = message["To"]
    return tuple(a.addr_spec for a in to.addresses) if to is not None else ()


def _by_owner(records: list[ActionRecord]) -> dict[str, list[ActionRecord]]:
    owners: dict[str, list[ActionRecord]] = defaultdict(list)
    for a in records:
        owners[a.owner].append(a)
    return dict(sorted(owners.items(), key=lambda kv: kv[0].casefold()))


def _action_line(a: ActionRecord, today: date | None = None) -> str:
    due = f", due {format_date(a.due_on)}" if a.due_on else ""
    late = " (OVERDUE)" if today is not None and a.overdue(today) else ""
    status = actions_service.STATUS_LABELS[a.status].lower()
    return f"  - {a.ref}: {a.description} ({status}{due}){late}"


def write_action_reminders(
    store: Store, folder: Path, today: date, contract_id: int | None = None
) -> list[Draft]:
    """One draft per owner of open actions (overdue first), written into ``folder``."""
    folder = Path(folder)
    records = actions_service.list_actions(
        store, ActionFilter(contract_id=contract_id, open_only=True)
    )
    drafts: list[Draft] = []
    used: set[str] = set()
    for owner, owned in _by_owner(records).items():
        owned.sort(key=lambda a: (not a.overdue(today), a.due_on or date.max, a.id))
        overdue = sum(1 for a in owned if a.overdue(today))
        address = meetings.remembered_email(store, owner)
        body = [
            MARKING,
            "",
            f"Dear {owner},",
            "",
            f"As at {format_date(today)} you have {counted(len(owned), 'open action')}"
            + (f", {overdue} of them overdue" if overdue else "")
            + " from contract monitoring meetings:",
            "",
            *(_action_line(a, today) for a in owned),
            "",
            "Please send an update before the next meeting.",
            "",
            MARKING,
            "",
        ]
        subject = f"[{MARKING}] Action reminder: {counted(len(owned), 'open action')}" + (
            f" ({overdue} overdue)" if overdue else ""
        )
        message = _message([_address(owner, address)] if address else [], subject,
                           "\n".join(body))  # fmt: skip
        stem = f"Actions {_safe(owner)}"
        name, n = stem, 1
        while name.casefold() in used:  # two owners whose names make the same file name
            n += 1
            name = f"{stem} ({n})"
        used.add(name.casefold())
        path = folder / f"{name}.eml"
        _write(message, path)
        drafts.append(Draft(path, (address,) if address else (), subject))
    return drafts


def _safe(name: str) -> str:
    """A file name made of a person's name (characters no file system takes dropped)."""
    kept = "".join(c for c in name if c.isalnum() or c in " -_.'")
    return kept.strip(" .")[:80] or "owner"
