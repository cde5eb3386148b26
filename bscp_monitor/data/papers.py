"""Evidence files attached to a meeting, an agenda item, a clause element (S2), a
self-assessment (S1) or a thematic check (S6): stored in the database, so backups and the
team server carry them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bscp_monitor.data.base import Base, UtcDateTime, utcnow


class Attachment(Base):
    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What it is attached to: 'meeting', 'agenda_item', 'clause_check', 'self_assessment'
    #: or 'thematic_check', and that record's id (checked by the core when attaching).
    owner_kind: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column()
    content_type: Mapped[str] = mapped_column(String(120), default="")
    #: A file that could run code (a macro-enabled document), shown marked as such.
    risky: Mapped[bool] = mapped_column(default=False)
    added_by: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: The file's bytes: loaded only when the file is opened, never by a listing.
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)

    __table_args__ = (Index("ix_attachment_owner", "owner_kind", "owner_id"),)
