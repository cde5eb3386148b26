"""Evidence files attached to a meeting, an agenda item, a clause element (S2 evidence), a
self-assessment (S1) or a thematic check (S6), stored in the database.

A file over ``MAX_BYTES`` is refused with a clear message; a program or script (by name, or
a Windows program by its first bytes) is refused; a macro-enabled Office document is kept
but marked ``risky`` so every list shows it as such. Removal leaves an audit event."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.errors import NotFoundError, UserError
from bscp_monitor.data.base import Base
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import (
    AgendaItem,
    Attachment,
    ClauseCheck,
    Meeting,
    SelfAssessment,
    ThematicCheck,
)
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.guard import editable_meeting

MAX_BYTES = 20 * 1024 * 1024
#: What each kind of owner is, in words, and its table.
OWNERS: dict[str, tuple[str, type[Base]]] = {
    "meeting": ("meeting", Meeting),
    "agenda_item": ("agenda item", AgendaItem),
    "clause_check": ("clause element", ClauseCheck),
    "self_assessment": ("self-assessment", SelfAssessment),
    "thematic_check": ("thematic check", ThematicCheck),
}
#: Programs and scripts: refused.
REFUSED_SUFFIXES = frozenset(
    [
        ".exe",
        ".com",
        ".bat",
        ".cmd",
        ".scr",
        ".pif",
        ".msi",
        ".msp",
        ".dll",
        ".cpl",
        ".ps1",
        ".psm1",
        ".vbs",
        ".vbe",
        ".js",
        ".jse",
        ".wsf",
        ".wsh",
        ".hta",
        ".jar",
        ".lnk",
        ".reg",
        ".sh",
        ".app",
        ".apk",
        ".iso",
        ".img",
        ".vhd",
    ]
)
#: Office documents that can carry macros: kept, marked.
MACRO_SUFFIXES = frozenset(
    [".docm", ".dotm", ".xlsm", ".xltm", ".xlsb", ".xlam", ".pptm", ".potm", ".ppsm", ".ppam"]
)


@dataclass(frozen=True)
class AttachmentRecord:
    id: int
    owner_kind: str
    owner_id: int
    name: str
    size: int
    content_type: str
    risky: bool
    added_by: str
    added_at: datetime

    @property
    def size_text(self) -> str:
        return size_text(self.size)


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _record(a: Attachment) -> AttachmentRecord:
    return AttachmentRecord(a.id, a.owner_kind, a.owner_id, a.name, a.size, a.content_type,
                            a.risky, a.added_by, a.added_at)  # fmt: skip


def check_file(name: str, data: bytes) -> bool:
    """Refuse what must not be stored (UserError); return whether it is risky (macros)."""
    suffix = Path(name).suffix.lower()
    if not data:
        raise UserError(f"{name} is empty: there is nothing to attach.")
    if len(data) > MAX_BYTES:
        raise UserError(
            f"{name} is {size_text(len(data))}; files of up to {size_text(MAX_BYTES)} can be "
            "attached. Attach a smaller copy (for example a PDF of the pages needed)."
        )
    if suffix in REFUSED_SUFFIXES or data[:2] == b"MZ" or data[:4] == b"\x7fELF":
        raise UserError(
            f"{name} is a program or script, which could harm the computers that open it, "
            "so it cannot be attached. Attach the document itself (PDF, Word, Excel or an "
            "image)."
        )
    return suffix in MACRO_SUFFIXES


def attach(
    store: Store, owner_kind: str, owner_id: int, name: str, data: bytes
) -> AttachmentRecord:
    """Store a file against its owner; UserError (nothing stored) if it cannot be."""
    if owner_kind not in OWNERS:
        raise UserError(f"Files cannot be attached to a {owner_kind}.")
    name = Path(name.replace("\\", "/")).name.strip()
    if not name:
        raise UserError("The file needs a name.")
    risky = check_file(name, data)
    words, model = OWNERS[owner_kind]
    with store.session() as session:
        owner = session.get(model, owner_id)
        if owner is None:
            raise NotFoundError(f"There is no {words} {owner_id}.")
        _refuse_approved_minutes(session, owner_kind, owner_id)
        attachment = Attachment(
            owner_kind=owner_kind,
            owner_id=owner_id,
            name=name[:255],
            size=len(data),
            content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
            risky=risky,
            added_by=audit.user_of(session),
            data=data,
        )
        session.add(attachment)
        session.flush()
        audit.record(session, AuditAction.CREATE, "attachment", attachment.id,
                     f"Attached {name} ({size_text(len(data))}) to {words} {owner_id}")  # fmt: skip
        return _record(attachment)


def _refuse_approved_minutes(session: Session, owner_kind: str, owner_id: int) -> None:
    """A meeting's papers are part of its minutes: fixed once they are approved."""
    if owner_kind == "meeting":
        editable_meeting(session, owner_id)
    elif owner_kind == "agenda_item":
        editable_meeting(session, session.get_one(AgendaItem, owner_id).meeting_id)


def attach_file(store: Store, owner_kind: str, owner_id: int, path: Path) -> AttachmentRecord:
    """Attach a file from disk (its size checked before it is read whole)."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(
                f"{path.name} is {size_text(size)}; files of up to {size_text(MAX_BYTES)} can "
                "be attached. Attach a smaller copy (for example a PDF of the pages needed)."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path.name} cannot be read ({exc.strerror or exc}).") from exc
    return attach(store, owner_kind, owner_id, path.name, data)


def clause_owner(store: Store, contract_id: int, element: int) -> int:
    """The id to attach S2 evidence to: the contract's row for that clause element (made,
    not yet assessed, if the element was never assessed)."""
    from bscp_monitor.data.enums import ClauseStatus
    from bscp_monitor.data.models import Contract

    with store.session() as session:
        if session.get(Contract, contract_id) is None:
            raise NotFoundError(f"There is no contract {contract_id}.")
        row = session.scalar(
            select(ClauseCheck).where(
                ClauseCheck.contract_id == contract_id, ClauseCheck.element == element
            )
        )
        if row is None:
            row = ClauseCheck(contract_id=contract_id, element=element,
                              status=ClauseStatus.NOT_ASSESSED, clause_ref="", note="")  # fmt: skip
            session.add(row)
            session.flush()
        return row.id


def list_attachments(store: Store, owner_kind: str, owner_id: int) -> list[AttachmentRecord]:
    with store.session() as session:
        rows = session.scalars(
            select(Attachment)
            .where(Attachment.owner_kind == owner_kind, Attachment.owner_id == owner_id)
            .order_by(Attachment.id)
        )
        return [_record(a) for a in rows]


def meeting_papers(store: Store, meeting_id: int) -> list[AttachmentRecord]:
    """The files attached to a meeting and to its agenda items, in agenda order."""
    with store.session() as session:
        item_ids = list(
            session.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position)
            )
        )
        rows = session.scalars(
            select(Attachment).where(
                ((Attachment.owner_kind == "meeting") & (Attachment.owner_id == meeting_id))
                | ((Attachment.owner_kind == "agenda_item") & Attachment.owner_id.in_(item_ids))
            )
        ).all()
        order = {("meeting", meeting_id): -1} | {("agenda_item", i): n
                                                 for n, i in enumerate(item_ids)}  # fmt: skip
        rows = sorted(rows, key=lambda a: (order[(a.owner_kind, a.owner_id)], a.id))
        return [_record(a) for a in rows]


def attachment_data(store: Store, attachment_id: int) -> bytes:
    with store.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise NotFoundError(f"There is no attached file {attachment_id}.")
        return bytes(attachment.data)


def save_copy(store: Store, attachment_id: int, folder: Path) -> Path:
    """Write the file under its own name into ``folder`` (to open it with its program)."""
    data = attachment_data(store, attachment_id)
    with store.session() as session:
        attachment = session.get_one(Attachment, attachment_id)
        name = attachment.name
    path = Path(folder) / name
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"{name} cannot be written to {folder} ({exc.strerror or exc}).") from exc
    return path


def remove_attachment(store: Store, attachment_id: int) -> None:
    """Remove a file; the audit trail records what it was and who removed it."""
    with store.session() as session:
        attachment = session.get(Attachment, attachment_id)
        if attachment is None:
            raise NotFoundError(f"There is no attached file {attachment_id}.")
        words = OWNERS[attachment.owner_kind][0]
        _refuse_approved_minutes(session, attachment.owner_kind, attachment.owner_id)
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "attachment",
            attachment.id,
            f"Removed {attachment.name} ({size_text(attachment.size)}) from {words} "
            f"{attachment.owner_id}",
            {"name": (attachment.name, None), "size": (attachment.size, None)},
        )
        session.delete(attachment)
