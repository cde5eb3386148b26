"""S4: contracted staff, their DBS checks and the import batches they came from."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Enum, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bscp_monitor.data.base import Base, UtcDateTime, str_enum, utcnow
from bscp_monitor.data.dialect import TwelveDigits
from bscp_monitor.data.enums import BarredList, ContactLevel, DbsLevel, DbsStanding


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"))
    file_name: Mapped[str] = mapped_column(String(400))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(120))
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    column_mapping: Mapped[str] = mapped_column(Text, default="{}")


#: The staff S4 counts, as SQL: still with the provider, in direct or regular contact. Written
#: out, not bound, so that SQLite can use the partial index below for a query that repeats it.
S4_STAFF = "left_on IS NULL AND contact_level IN ('direct', 'regular')"
#: The partial index of S4 staff with a dated check, by expiry date.
DUE_INDEX = "ix_staff_member_dbs_due"
#: The unique rule: no two current staff of one provider hold the same certificate number.
CURRENT_CERTIFICATE_INDEX = "uq_staff_member_current_certificate"
CURRENT_HOLDER = "left_on IS NULL AND current_certificate IS NOT NULL"


class StaffMember(Base):
    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id", ondelete="RESTRICT"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"))
    full_name: Mapped[str] = mapped_column(String(200))
    normalised_name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(200), default="")
    #: The record's saves: an edit from a stale copy is refused (common/versions.py); the
    #: edit functions count it up (no version_id_col: imports and bulk updates are untouched).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    contact_level: Mapped[ContactLevel] = mapped_column(
        str_enum(ContactLevel, "contact_level"), default=ContactLevel.DIRECT
    )
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    #: Kept by SQLite triggers from the latest DBS check (data/dbs_triggers.py); never
    #: written by the app.
    dbs_standing: Mapped[DbsStanding] = mapped_column(
        Enum(
            DbsStanding,
            native_enum=False,
            create_constraint=False,  # only the triggers write it
            length=7,
            values_callable=lambda members: [m.value for m in members],
        ),
        default=DbsStanding.MISSING,
        server_default=DbsStanding.MISSING.value,
    )
    dbs_expiry: Mapped[date | None] = mapped_column(Date)
    #: The latest check's certificate number, kept by the same triggers; what the unique
    #: rule below reads (a rule cannot span staff_member and dbs_check).
    #: Deferred: loading a person never reads it (a server's readers may not).
    current_certificate: Mapped[str | None] = mapped_column(String(12), deferred=True)
    #: The day the certificate number and date of birth were erased under the retention
    #: rule (purge-leavers); the rest of the record is kept.
    purged_on: Mapped[date | None] = mapped_column(Date)

    dbs_checks: Mapped[list[DbsCheck]] = relationship(
        back_populates="staff_member", order_by="DbsCheck.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        # S4's date bands: the current contact staff whose check expires before a date, by
        # expiry (compliance_facts.py). Holding only the people S4 counts, it is small, and a
        # DBS import has fewer entries to write.
        Index(
            DUE_INDEX,
            "dbs_expiry",
            "provider_id",
            sqlite_where=text(f"{S4_STAFF} AND dbs_standing = 'dated'"),
            postgresql_where=text(f"{S4_STAFF} AND dbs_standing = 'dated'"),
        ),
        # Two current staff of one provider never hold one certificate number (a second
        # import run at the same moment would otherwise duplicate everyone).
        Index(
            CURRENT_CERTIFICATE_INDEX,
            "provider_id",
            "current_certificate",
            unique=True,
            sqlite_where=text(CURRENT_HOLDER),
            postgresql_where=text(CURRENT_HOLDER),
        ),
    )


class DbsTally(Base):
    """How many of a provider's current contact staff (S4_STAFF) have each DBS standing.

    Kept by SQLite triggers on staff_member (data/dbs_triggers.py), so S4 for a whole
    register reads a few hundred rows instead of counting every person. Never written by
    the app."""

    __tablename__ = "dbs_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True
    )
    dbs_standing: Mapped[DbsStanding] = mapped_column(
        Enum(
            DbsStanding,
            native_enum=False,
            create_constraint=False,  # only the triggers write it
            length=7,
            values_callable=lambda members: [m.value for m in members],
        ),
        primary_key=True,
    )
    people: Mapped[int] = mapped_column(Integer, default=0)


class DbsCheck(Base):
    __tablename__ = "dbs_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    certificate_number: Mapped[str | None] = mapped_column(String(12), index=True)
    level: Mapped[DbsLevel] = mapped_column(str_enum(DbsLevel, "level"), default=DbsLevel.UNKNOWN)
    barred_list: Mapped[BarredList] = mapped_column(
        str_enum(BarredList, "barred_list"), default=BarredList.NONE
    )
    barred_list_checked_on: Mapped[date | None] = mapped_column(Date)
    issue_date: Mapped[date | None] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date)
    expiry_from_provider: Mapped[bool] = mapped_column(default=False)
    update_service: Mapped[bool] = mapped_column(default=False)
    update_service_checked_on: Mapped[date | None] = mapped_column(Date)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL")
    )

    staff_member: Mapped[StaffMember] = relationship(back_populates="dbs_checks")

    __table_args__ = (
        CheckConstraint(
            TwelveDigits("certificate_number"),
            name="certificate_twelve_digits",
        ),
    )
