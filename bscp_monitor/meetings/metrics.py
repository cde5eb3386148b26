"""S5 safeguarding metrics: their definitions per contract (from a library or the user's
own), values per period, RAG from the thresholds, and the metrics the app computes from its
own data (DBS compliance from the DBS register) rather than letting anyone type them.

The library and the RAG rules are in metric_rules.py (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.common.versions import check_version
from bscp_monitor.common.wording import counted
from bscp_monitor.data.base import utcnow
from bscp_monitor.data.enums import (
    AuditAction,
    MeetingStatus,
    MetricDirection,
    MetricFrequency,
    MetricUnit,
    Rag,
)
from bscp_monitor.data.models import (
    Contract,
    Meeting,
    MetricDefinition,
    MetricEntry,
)
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.metric import dbs_compliance_in
from bscp_monitor.meetings.guard import editable_meeting
from bscp_monitor.meetings.metric_periods import (
    check_value,
    format_value,
    period_end,
    period_label,
    period_start,
)
from bscp_monitor.meetings.metric_rules import (
    COMPUTED_SOURCES,
    DBS_COMPLIANCE,
    METRIC_LIBRARY,
    LibraryMetric,
    check_thresholds,
    clean_definition,
    rag_for,
)

__all__ = ["DBS_COMPLIANCE", "METRIC_LIBRARY", "LibraryMetric", "check_thresholds", "rag_for"]


@dataclass(frozen=True)
class MetricRecord:
    id: int
    contract_id: int
    name: str
    unit: MetricUnit
    direction: MetricDirection
    target: float | None
    amber_threshold: float | None
    red_threshold: float | None
    frequency: MetricFrequency
    safeguarding: bool
    computed_key: str | None
    entry_count: int
    latest_period: date | None
    latest_value: float | None
    #: The record's saves (common/versions.py): an edit passes the one it showed.
    version: int = field(default=1, compare=False)

    @property
    def computed(self) -> bool:
        return self.computed_key is not None

    @property
    def source(self) -> str:
        """'computed from the DBS register', or '' for a typed metric."""
        return COMPUTED_SOURCES.get(self.computed_key or "", "computed") if self.computed else ""

    def rag(self, value: float | None) -> Rag | None:
        if value is None:
            return None
        return rag_for(value, self.target, self.direction, self.amber_threshold, self.red_threshold)

    @property
    def latest_rag(self) -> Rag | None:
        return self.rag(self.latest_value)

    def show(self, value: float | None) -> str:
        return format_value(value, self.unit)

    def label(self, start: date) -> str:
        return period_label(self.frequency, start)


@dataclass(frozen=True)
class EntryRecord:
    id: int
    definition_id: int
    period_start: date
    value: float
    rag: Rag | None
    meeting_id: int | None
    recorded_at: datetime


# -- definitions --------------------------------------------------------------------------


def _contract(session: Session, contract_id: int) -> Contract:
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFoundError(f"There is no contract {contract_id}.")
    return contract


def _definition(session: Session, definition_id: int) -> MetricDefinition:
    definition = session.get(MetricDefinition, definition_id)
    if definition is None:
        raise NotFoundError(f"There is no metric {definition_id}; it may have been deleted.")
    return definition


def _check_name_free(
    session: Session, contract_id: int, name: str, except_id: int | None = None
) -> None:
    for other_id, other in session.execute(
        select(MetricDefinition.id, MetricDefinition.name).where(
            MetricDefinition.contract_id == contract_id
        )
    ):
        if other_id != except_id and other.casefold() == name.casefold():
            raise ValidationError(f"This contract already has a metric called '{other}'.")


def _record(session: Session, d: MetricDefinition) -> MetricRecord:
    latest = session.execute(
        select(MetricEntry.period_start, MetricEntry.value)
        .where(MetricEntry.definition_id == d.id)
        .order_by(MetricEntry.period_start.desc())
        .limit(1)
    ).first()
    count = session.scalar(
        select(func.count(MetricEntry.id)).where(MetricEntry.definition_id == d.id)
    )
    return metric_record(
        d, count or 0, latest[0] if latest else None, latest[1] if latest else None
    )


def metric_record(
    d: MetricDefinition, count: int, period: date | None, value: float | None
) -> MetricRecord:
    return MetricRecord(
        id=d.id,
        contract_id=d.contract_id,
        name=d.name,
        unit=d.unit,
        direction=d.direction,
        target=d.target,
        amber_threshold=d.amber_threshold,
        red_threshold=d.red_threshold,
        frequency=d.frequency,
        safeguarding=d.safeguarding,
        computed_key=d.computed_key,
        entry_count=count,
        latest_period=period,
        latest_value=value,
        version=d.version,
    )


def define_metric(
    store: Store,
    contract_id: int,
    name: str,
    unit: MetricUnit,
    direction: MetricDirection,
    target: float | None,
    amber: float | None,
    red: float | None,
    frequency: MetricFrequency,
    safeguarding: bool = True,
    computed_key: str | None = None,
) -> MetricRecord:
    values = clean_definition(
        {
            "name": name,
            "unit": unit,
            "direction": direction,
            "target": target,
            "amber_threshold": amber,
            "red_threshold": red,
            "frequency": frequency,
            "safeguarding": safeguarding,
            "computed_key": computed_key,
        }
    )
    with store.session() as session:
        contract = _contract(session, contract_id)
        _check_name_free(session, contract_id, values["name"])
        definition = MetricDefinition(contract_id=contract_id, **values)
        session.add(definition)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "metric_definition",
            definition.id,
            f"Added the metric '{definition.name}' to {contract.reference}",
            {k: (None, v) for k, v in values.items()},
        )
        return metric_record(definition, 0, None, None)


def library_entry(name: str) -> LibraryMetric:
    for entry in METRIC_LIBRARY:
        if entry.name.casefold() == name.strip().casefold():
            return entry
    raise NotFoundError(f"There is no metric called '{name}' in the library.")


def add_from_library(store: Store, contract_id: int, library_name: str) -> MetricRecord:
    entry = library_entry(library_name)
    return define_metric(
        store,
        contract_id,
        entry.name,
        entry.unit,
        entry.direction,
        entry.target,
        entry.amber,
        entry.red,
        entry.frequency,
        safeguarding=True,
        computed_key=entry.computed_key,
    )


def library_available(store: Store, contract_id: int) -> list[LibraryMetric]:
    """The library's metrics the contract does not have yet."""
    with store.session() as session:
        taken = {
            name.casefold()
            for name in session.scalars(
                select(MetricDefinition.name).where(MetricDefinition.contract_id == contract_id)
            )
        }
    return [m for m in METRIC_LIBRARY if m.name.casefold() not in taken]


EDITABLE = {
    "name",
    "unit",
    "direction",
    "target",
    "amber_threshold",
    "red_threshold",
    "frequency",
    "safeguarding",
}


def update_metric(
    store: Store, definition_id: int, *, expected_version: int | None = None, **changes: Any
) -> MetricRecord:
    """Change a metric's definition (ChangedMeanwhile if it was saved since the copy at
    ``expected_version`` was read)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValidationError(f"These cannot be changed: {', '.join(sorted(unknown))}.")
    with store.session() as session:
        definition = _definition(session, definition_id)
        check_version(session, definition, expected_version, "metric_definition")
        current = {name: getattr(definition, name) for name in EDITABLE}
        current["computed_key"] = definition.computed_key
        values = clean_definition({**current, **changes})
        values.pop("computed_key")
        if definition.computed_key is not None and values["unit"] != definition.unit:
            raise UserError(
                f"'{definition.name}' is computed by the app as a "
                f"{definition.unit.value}: its unit cannot change."
            )
        if values["unit"] != definition.unit or values["frequency"] != definition.frequency:
            count = session.scalar(
                select(func.count(MetricEntry.id)).where(MetricEntry.definition_id == definition.id)
            )
            if count:
                raise UserError(
                    f"The unit and frequency cannot change once values are recorded "
                    f"({count} so far): define a new metric instead."
                )
        if values["name"] != definition.name:
            _check_name_free(session, definition.contract_id, values["name"], definition.id)
        applied = audit.apply_changes(definition, values)
        if applied:
            definition.version += 1
            audit.record(
                session,
                AuditAction.UPDATE,
                "metric_definition",
                definition.id,
                f"Changed the metric '{definition.name}'",
                applied,
            )
        return _record(session, definition)


def delete_metric(store: Store, definition_id: int) -> None:
    """Remove a metric that has no recorded values (values are part of the record)."""
    with store.session() as session:
        definition = _definition(session, definition_id)
        count = session.scalar(
            select(func.count(MetricEntry.id)).where(MetricEntry.definition_id == definition.id)
        )
        if count:
            raise UserError(
                f"'{definition.name}' has {counted(count, 'recorded value')} and cannot be "
                "deleted: "
                "they are part of the contract's performance record."
            )
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "metric_definition",
            definition.id,
            f"Deleted the metric '{definition.name}' (no values recorded)",
        )
        session.delete(definition)


def list_metrics(store: Store, contract_id: int | None = None) -> list[MetricRecord]:
    """The metrics (of one contract, or all), each with its latest value."""
    with store.session() as session:
        query = select(MetricDefinition).order_by(MetricDefinition.contract_id, MetricDefinition.id)
        if contract_id is not None:
            query = query.where(MetricDefinition.contract_id == contract_id)
        definitions = session.scalars(query).all()
        ids = [d.id for d in definitions]
        counts: dict[int, int] = {}
        latest: dict[int, tuple[date, float]] = {}
        if ids:
            newest = (
                select(
                    MetricEntry.definition_id.label("definition_id"),
                    func.max(MetricEntry.period_start).label("period"),
                    func.count(MetricEntry.id).label("count"),
                )
                .where(MetricEntry.definition_id.in_(ids))
                .group_by(MetricEntry.definition_id)
                .subquery()
            )
            rows = session.execute(
                select(newest.c.definition_id, newest.c.count, MetricEntry.period_start,
                       MetricEntry.value)
                .join(
                    MetricEntry,
                    (MetricEntry.definition_id == newest.c.definition_id)
                    & (MetricEntry.period_start == newest.c.period),
                )
            )  # fmt: skip
            for definition_id, count, period, value in rows:
                counts[definition_id] = count
                latest[definition_id] = (period, value)
        return [
            metric_record(d, counts.get(d.id, 0), *latest.get(d.id, (None, None)))
            for d in definitions
        ]


def get_metric(store: Store, definition_id: int) -> MetricRecord:
    with store.session() as session:
        return _record(session, _definition(session, definition_id))


# -- values -------------------------------------------------------------------------------


def entry_record(entry: MetricEntry, definition: MetricDefinition) -> EntryRecord:
    return EntryRecord(
        id=entry.id,
        definition_id=entry.definition_id,
        period_start=entry.period_start,
        value=entry.value,
        rag=rag_for(
            entry.value,
            definition.target,
            definition.direction,
            definition.amber_threshold,
            definition.red_threshold,
        ),
        meeting_id=entry.meeting_id,
        recorded_at=entry.recorded_at,
    )


def _check_period(definition: MetricDefinition, day: date, today: date) -> date:
    start = period_start(definition.frequency, day)
    if start > today:
        raise ValidationError(
            f"{period_label(definition.frequency, start)} has not started yet: "
            "values can be recorded only for periods that have begun."
        )
    return start


def _check_meeting(session: Session, definition: MetricDefinition, meeting_id: int) -> None:
    meeting = editable_meeting(session, meeting_id)
    if meeting.contract_id != definition.contract_id:
        raise ValidationError("That meeting is about another contract.")


def _refuse_if_in_approved_minutes(
    session: Session, definition: MetricDefinition, entry: MetricEntry, label: str
) -> None:
    """A value in a meeting's approved minutes stays as the minutes say."""
    assert entry.meeting_id is not None
    meeting = session.get(Meeting, entry.meeting_id)
    if meeting is not None and meeting.status is MeetingStatus.APPROVED:
        day = format_date(to_local(meeting.starts_at).date())
        raise UserError(
            f"The value of '{definition.name}' for {label} is in the approved minutes of the "
            f"meeting of {day}, so it cannot be changed. Record any correction at the next "
            "meeting."
        )


def _upsert(
    session: Session,
    definition: MetricDefinition,
    start: date,
    value: float,
    meeting_id: int | None,
    how: str,
) -> MetricEntry:
    entry = session.scalar(
        select(MetricEntry).where(
            MetricEntry.definition_id == definition.id, MetricEntry.period_start == start
        )
    )
    label = period_label(definition.frequency, start)
    shown = format_value(value, definition.unit)
    if entry is None:
        entry = MetricEntry(
            definition_id=definition.id, period_start=start, value=value, meeting_id=meeting_id
        )
        session.add(entry)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "metric_entry",
            entry.id,
            f"{how} '{definition.name}' for {label}: {shown}",
            {
                "period_start": (None, start),
                "value": (None, value),
                "meeting_id": (None, meeting_id),
            },
        )
        return entry
    moved = meeting_id is not None and meeting_id != entry.meeting_id
    if entry.meeting_id is not None and (entry.value != value or moved):
        _refuse_if_in_approved_minutes(session, definition, entry, label)
    changes: dict[str, Any] = {"value": value}
    if meeting_id is not None:
        changes["meeting_id"] = meeting_id
    applied = audit.apply_changes(entry, changes)
    if applied:
        entry.recorded_at = utcnow()  # the value shown was recorded now
        audit.record(
            session,
            AuditAction.UPDATE,
            "metric_entry",
            entry.id,
            f"{how} '{definition.name}' for {label}: {shown}",
            applied,
        )
    return entry


def record_value(
    store: Store,
    definition_id: int,
    period: date,
    value: float,
    meeting_id: int | None = None,
    today: date | None = None,
) -> EntryRecord:
    """Store the value of a period (any day in it names it), replacing an earlier value."""
    today = today or date.today()
    with store.session() as session:
        definition = _definition(session, definition_id)
        if definition.computed_key is not None:
            raise UserError(
                f"'{definition.name}' is {COMPUTED_SOURCES[definition.computed_key]}, "
                "so it cannot be typed: compute it instead."
            )
        checked = check_value(float(value), definition.unit)
        start = _check_period(definition, period, today)
        if meeting_id is not None:
            _check_meeting(session, definition, meeting_id)
        entry = _upsert(session, definition, start, checked, meeting_id, "Recorded")
        return entry_record(entry, definition)


def delete_value(store: Store, definition_id: int, period: date) -> bool:
    """Remove the value of a period (e.g. typed in error); False if there was none."""
    with store.session() as session:
        definition = _definition(session, definition_id)
        start = period_start(definition.frequency, period)
        entry = session.scalar(
            select(MetricEntry).where(
                MetricEntry.definition_id == definition.id, MetricEntry.period_start == start
            )
        )
        if entry is None:
            return False
        if entry.meeting_id is not None:
            editable_meeting(session, entry.meeting_id)
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "metric_entry",
            entry.id,
            f"Removed the value of '{definition.name}' for "
            f"{period_label(definition.frequency, start)}",
            {"value": (entry.value, None)},
        )
        session.delete(entry)
        return True


def entries(store: Store, definition_id: int) -> list[EntryRecord]:
    """The metric's values, oldest period first."""
    with store.session() as session:
        definition = _definition(session, definition_id)
        rows = session.scalars(
            select(MetricEntry)
            .where(MetricEntry.definition_id == definition_id)
            .order_by(MetricEntry.period_start)
        ).all()
        return [entry_record(e, definition) for e in rows]


# -- computed metrics ---------------------------------------------------------------------


def compute(
    store: Store,
    definition_id: int,
    period: date,
    meeting_id: int | None = None,
    today: date | None = None,
) -> EntryRecord:
    """Compute a computed metric for a period (as at the period's last day, or today for the
    current period) and store it as that period's value."""
    today = today or date.today()
    with store.session() as session:
        definition = _definition(session, definition_id)
        if definition.computed_key is None:
            raise UserError(f"'{definition.name}' is typed, not computed: record its value.")
        start = _check_period(definition, period, today)
        as_of = min(period_end(definition.frequency, start), today)
        if meeting_id is not None:
            _check_meeting(session, definition, meeting_id)
        contract = _contract(session, definition.contract_id)
        result = dbs_compliance_in(session, contract.provider_id, as_of)
        if result.total == 0:
            raise UserError(
                f"{contract.provider.name} has no staff in direct or regular contact with "
                f"children in the DBS register on {as_of:%d/%m/%Y}: import their register to "
                "compute this metric."
            )
        entry = _upsert(session, definition, start, result.percentage, meeting_id, "Computed")
        return entry_record(entry, definition)
