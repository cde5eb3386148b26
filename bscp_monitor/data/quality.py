"""S5 metrics and S6 thematic checks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Enum, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bscp_monitor.data.base import Base, UtcDateTime, str_enum, utcnow
from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit, Rag


class MetricDefinition(Base):
    __tablename__ = "metric_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[MetricUnit] = mapped_column(str_enum(MetricUnit, "unit"))
    target: Mapped[float | None] = mapped_column(Float)
    direction: Mapped[MetricDirection] = mapped_column(str_enum(MetricDirection, "direction"))
    amber_threshold: Mapped[float | None] = mapped_column(Float)
    red_threshold: Mapped[float | None] = mapped_column(Float)
    frequency: Mapped[MetricFrequency] = mapped_column(str_enum(MetricFrequency, "frequency"))
    safeguarding: Mapped[bool] = mapped_column(default=True)
    computed_key: Mapped[str | None] = mapped_column(String(60))
    #: The record's saves: an edit from a stale copy is refused (common/versions.py); the
    #: edit functions count it up (no version_id_col: imports and bulk updates are untouched).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    entries: Mapped[list[MetricEntry]] = relationship(
        back_populates="definition",
        order_by="MetricEntry.period_start",
        cascade="all, delete-orphan",
    )


class MetricEntry(Base):
    __tablename__ = "metric_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    definition_id: Mapped[int] = mapped_column(
        ForeignKey("metric_definition.id", ondelete="CASCADE")
    )
    period_start: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: The metric as it stood when the minutes of the value's meeting were approved (name,
    #: target, direction, thresholds), so those minutes never change afterwards; None
    #: until then (meeting_metrics.freeze_for_minutes).
    minuted_name: Mapped[str | None] = mapped_column(String(200))
    minuted_target: Mapped[float | None] = mapped_column(Float)
    minuted_direction: Mapped[MetricDirection | None] = mapped_column(
        Enum(
            MetricDirection,
            native_enum=False,
            create_constraint=False,  # copied from the checked column of the definition
            length=24,
            values_callable=lambda members: [m.value for m in members],
        )
    )
    minuted_amber: Mapped[float | None] = mapped_column(Float)
    minuted_red: Mapped[float | None] = mapped_column(Float)

    definition: Mapped[MetricDefinition] = relationship(back_populates="entries")

    __table_args__ = (
        UniqueConstraint("definition_id", "period_start", name="uq_metric_entry_period"),
    )


class ThematicCheck(Base):
    __tablename__ = "thematic_check"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"))
    theme: Mapped[str] = mapped_column(String(120))
    planned_on: Mapped[date | None] = mapped_column(Date)
    done_on: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    #: The record's saves: an edit from a stale copy is refused (common/versions.py); the
    #: edit functions count it up (no version_id_col: imports and bulk updates are untouched).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    rag: Mapped[Rag | None] = mapped_column(str_enum(Rag, "rag"))
