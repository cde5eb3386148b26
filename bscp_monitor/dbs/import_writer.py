"""Matching a planned import to the register (by certificate number, else by name among
current staff) and writing it all in one transaction under the import lock: new people in
bulk, changed people field by field (a field the sheet leaves out is kept), each audited.
``run_import`` yields Progress and commits only when it completes."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from bscp_monitor.common import audit
from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.progress import Progress
from bscp_monitor.data.dbs_triggers import bulk_load, recompute
from bscp_monitor.data.enums import AuditAction
from bscp_monitor.data.models import DbsCheck, ImportBatch, Provider, StaffMember
from bscp_monitor.data.server_roles import masked_numbers, numbers_held, numbers_hidden
from bscp_monitor.data.store import Store
from bscp_monitor.data.write_lock import lock_for_import
from bscp_monitor.dbs.changes import (
    CHECK_FIELDS,
    STAFF_FIELDS,
    Change,
    differences,
    json_value,
    kept_warnings,
    rejudged_warnings,
    reported,
)
from bscp_monitor.dbs.columns import Column
from bscp_monitor.dbs.import_plan import (
    ImportPlan,
    ImportResult,
    Outcome,
    gc_paused,
    result_of,
)
from bscp_monitor.dbs.new_staff import NewStaffWriter
from bscp_monitor.dbs.rows import (
    Problem,
    RowVerdict,
    StaffValues,
)
from bscp_monitor.dbs.values import normalise_name


@dataclass
class _Existing:
    staff: StaffMember
    check: DbsCheck | None


def _sheet_numbers(plan: ImportPlan) -> list[str]:
    return sorted(
        {
            v.values.certificate_number
            for v in plan.verdicts()
            if v.values is not None and v.values.certificate_number
        }
    )


def _index(
    session: Session, provider_id: int | None, plan: ImportPlan | None = None
) -> tuple[dict[str, _Existing], dict[str, list[_Existing]]]:
    """The provider's people by certificate number and by name, each with their latest check.

    ``plan``: for the sheet's certificate numbers (gathered only when needed). A login that
    may not read full numbers (a team server's editor) learns only those of the register
    that are among them (the server's dbs_checks_numbered); any other number it sees
    masked, which equals no number a sheet can hold -- so rows match and differ exactly as
    they would for the owner."""
    by_number: dict[str, _Existing] = {}
    by_name: dict[str, list[_Existing]] = {}
    if provider_id is None:
        return by_number, by_name
    staff = session.scalars(
        select(StaffMember).where(StaffMember.provider_id == provider_id).order_by(StaffMember.id)
    ).all()
    hidden = numbers_hidden(session.connection())
    query = (
        select(DbsCheck)
        .join(StaffMember, StaffMember.id == DbsCheck.staff_member_id)
        .where(StaffMember.provider_id == provider_id)
        .order_by(DbsCheck.id)
    )
    if hidden:
        query = query.options(defer(DbsCheck.certificate_number, raiseload=True))
    checks: dict[int, DbsCheck] = {}
    for check in session.scalars(query):
        checks[check.staff_member_id] = check  # the latest check per person
    if hidden:
        numbers = _sheet_numbers(plan) if plan is not None else []
        _fill_numbers(session, list(checks.values()), numbers)
    for person in staff:
        existing = _Existing(person, checks.get(person.id))
        if existing.check is not None and existing.check.certificate_number:
            # A number is matched to the current holder before a leaver who once held it.
            held = by_number.get(existing.check.certificate_number)
            if held is None or (held.staff.left_on is not None and person.left_on is None):
                by_number[existing.check.certificate_number] = existing
        if person.left_on is None:  # a newcomer who shares a leaver's name is someone else
            by_name.setdefault(person.normalised_name, []).append(existing)
    return by_number, by_name


def _fill_numbers(session: Session, checks: list[DbsCheck], numbers: list[str]) -> None:
    """Each check's number as this login may know it, set as if loaded (nothing to write)."""
    connection = session.connection()
    known = numbers_held(connection, numbers)
    masked = masked_numbers(connection, [c.id for c in checks if c.id not in known])
    for check in checks:
        value = known[check.id] if check.id in known else masked.get(check.id)
        set_committed_value(check, "certificate_number", value)


def _match(
    values: StaffValues,
    by_number: dict[str, _Existing],
    by_name: dict[str, list[_Existing]],
    claimed: set[int],
) -> _Existing | None:
    """The record a row updates: by certificate number, else the first person of that name
    not already matched by an earlier row of this file (people can share a name)."""
    if values.certificate_number and values.certificate_number in by_number:
        found = by_number[values.certificate_number]
        return None if found.staff.id in claimed else found
    if not by_name:
        return None
    for candidate in by_name.get(normalise_name(values.full_name), ()):
        if candidate.staff.id not in claimed:
            return candidate
    return None


@dataclass(frozen=True)
class _Matched:
    outcomes: tuple[Outcome, ...]
    changes: tuple[Change, ...] = ()
    kept: tuple[Problem, ...] = ()
    settled: frozenset[tuple[str | None, int]] = frozenset()
    rejudged: frozenset[tuple[str | None, int]] = frozenset()


def _settled(verdict: RowVerdict, values: StaffValues, existing: _Existing) -> bool:
    """A row that leaves alone the number the register holds for the person."""
    check = existing.check
    return (
        check is not None
        and bool(check.certificate_number)
        and "certificate_number" not in values.given
    )


def classify(session: Session, provider_id: int | None, plan: ImportPlan) -> _Matched:
    """Each row's outcome against the register, the changes and the kept-value warnings."""
    by_number, by_name = _index(session, provider_id, plan)
    if not by_number and not by_name:  # nobody to match (a new provider): all created
        return _Matched(
            tuple(
                Outcome.REJECTED if v.values is None else Outcome.CREATED for v in plan.verdicts()
            )
        )
    found: list[Outcome] = []
    changes: list[Change] = []
    kept: list[Problem] = []
    settled: set[tuple[str | None, int]] = set()
    rejudged: set[tuple[str | None, int]] = set()
    claimed: set[int] = set()
    today = plan.today or date.today()
    for sheet in plan.sheets:
        for verdict in sheet.verdicts:
            if verdict.values is None:
                found.append(Outcome.REJECTED)
                continue
            existing = _match(verdict.values, by_number, by_name, claimed)
            if existing is None:
                found.append(Outcome.CREATED)
                continue
            claimed.add(existing.staff.id)
            differ = differences(
                existing.staff, existing.check, verdict.values, plan.policy_years, today
            )
            kept += kept_warnings(verdict, sheet.columns, existing.staff, existing.check)
            kept += rejudged_warnings(verdict, existing.staff, existing.check)
            rejudged.add((verdict.sheet, verdict.row))
            if _settled(verdict, verdict.values, existing):
                settled.add((verdict.sheet, verdict.row))
            changes += reported(verdict, differ)
            found.append(Outcome.UPDATED if differ else Outcome.UNCHANGED)
    return _Matched(
        tuple(found), tuple(changes), tuple(kept), frozenset(settled), frozenset(rejudged)
    )


BATCH = 2000


def run_import(store: Store, plan: ImportPlan) -> Generator[Progress, None, ImportResult]:
    """Write the plan in one transaction, yielding progress; returns the counts.

    Closing the generator before it finishes (Cancel) rolls everything back.
    """
    rows = [(v, s.columns) for s in plan.sheets for v in s.verdicts]
    return (yield from write_as_judged(store, plan, rows, len(rows), lambda: plan))


#: A row's verdict and the columns of its sheet.
JudgedRow = tuple[RowVerdict, tuple[Column, ...]]


def write_as_judged(
    store: Store,
    plan: ImportPlan,
    rows: Iterable[JudgedRow],
    total: int,
    judged: Callable[[], ImportPlan],
    before_commit: Callable[[ImportPlan], None] | None = None,
) -> Generator[Progress, None, ImportResult]:
    """Write rows as they are judged (``rows`` may judge each as it is taken), in one
    transaction: the judging of the next rows and the writing of the last batch overlap
    (dbs/new_staff.py). ``plan`` may be the plan without its rows (the file, the provider,
    the columns); ``total`` is at most how many rows there are; ``judged`` gives the whole
    plan once every row is taken, and ``before_commit`` sees it before the commit (an error
    there rolls everything back).

    Rows judged as they are taken only where this login reads every certificate number
    (the register is matched by number before any row is judged): never a team server's
    editor, whose matching needs the sheet's numbers first."""
    yield Progress(0, total, "Matching rows to the register…")
    with gc_paused(), store.session() as session:
        # The lock first, then everything is matched afresh inside this transaction: a
        # second import of the same file at the same moment waits, then finds everyone.
        lock_for_import(session, plan.provider_name)
        provider = session.scalar(
            select(Provider).where(func.casefold(Provider.name) == caseless(plan.provider_name))
        )
        if provider is None:
            provider = Provider(name=plan.provider_name)
            session.add(provider)
            session.flush()
            audit.record(
                session,
                AuditAction.CREATE,
                "provider",
                provider.id,
                f"Created provider {provider.name} (DBS import)",
            )
        by_number, by_name = _index(session, provider.id, plan)
        batch = ImportBatch(
            provider_id=provider.id,
            file_name=plan.path.name,
            sha256=plan.sha256,
            user=audit.user_of(session),
            column_mapping=json.dumps(plan.mapping(), ensure_ascii=False, sort_keys=True),
        )
        session.add(batch)
        session.flush()
        outcomes: list[Outcome] = []
        pending: list[StaffValues] = []
        claimed: set[int] = set()
        all_changes: list[Change] = []
        kept: list[Problem] = []
        settled: set[tuple[str | None, int]] = set()
        rejudged: set[tuple[str | None, int]] = set()
        today = plan.today or date.today()
        anyone = bool(by_number or by_name)  # else every row is new: nothing to match
        with (
            bulk_load(session.connection()),
            closing(NewStaffWriter(session, provider.id, batch.id)) as writer,
        ):
            for done, (verdict, columns) in enumerate(rows, start=1):
                values = verdict.values
                if values is None:
                    outcomes.append(Outcome.REJECTED)
                else:
                    existing = _match(values, by_number, by_name, claimed) if anyone else None
                    if existing is None:
                        pending.append(values)
                        outcomes.append(Outcome.CREATED)
                    else:
                        # A person held: their record may load what it has not loaded yet,
                        # and the connection is the writer's until its batch is written.
                        writer.wait()
                        claimed.add(existing.staff.id)
                        kept += kept_warnings(verdict, columns, existing.staff, existing.check)
                        kept += rejudged_warnings(verdict, existing.staff, existing.check)
                        rejudged.add((verdict.sheet, verdict.row))
                        if _settled(verdict, values, existing):
                            settled.add((verdict.sheet, verdict.row))
                        changes = differences(
                            existing.staff, existing.check, values, plan.policy_years, today
                        )
                        if changes:
                            all_changes += reported(verdict, changes)
                            _update(session, existing, values, changes, batch.id)
                            outcomes.append(Outcome.UPDATED)
                        else:
                            outcomes.append(Outcome.UNCHANGED)
                if len(pending) >= BATCH:
                    _insert(writer, pending)
                    pending = []
                if done % BATCH == 0:
                    yield Progress(done, total, f"Imported {done:,} of {total:,} rows…")
            _insert(writer, pending)
            writer.close()  # every batch written before the bulk load ends
        final = replace(
            judged(),
            outcomes=tuple(outcomes),
            changes=tuple(all_changes),
            kept=tuple(kept),
            settled=frozenset(settled),
            rejudged=frozenset(rejudged),
        )
        result = result_of(final)
        batch.rows, batch.created, batch.updated = result.rows, result.created, result.updated
        batch.unchanged, batch.rejected = result.unchanged, result.rejected
        remembered = {
            c.header: c.field.value for s in plan.sheets for c in s.columns if c.field is not None
        }
        provider.dbs_column_mapping = json.dumps(remembered, ensure_ascii=False, sort_keys=True)
        audit.record(
            session,
            AuditAction.IMPORT,
            "import_batch",
            batch.id,
            f"Imported {plan.path.name} for {provider.name}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged, {result.rejected} rejected",
        )
        if before_commit is not None:
            before_commit(final)
        yield Progress(total, total, "Saving…")
        batch_id = batch.id
    return replace(result, batch_id=batch_id)


def _insert(writer: NewStaffWriter, rows: list[StaffValues]) -> None:
    writer.add(rows)


def _update(
    session: Session,
    existing: _Existing,
    values: StaffValues,
    changes: dict[str, tuple[object, object]],
    batch_id: int,
) -> None:
    """Write what the row changes, and nothing else (a field it leaves out is kept).

    The record's version goes up, so an edit from a copy shown before the import is refused
    (common/versions.py) instead of writing over what the sheet changed."""
    existing.staff.version += 1
    for name in STAFF_FIELDS:
        if name in changes:
            setattr(existing.staff, name, changes[name][1])
    if "left_on" in changes:
        existing.staff.left_on = None
    if "full_name" in changes:
        existing.staff.normalised_name = normalise_name(values.full_name)
    if existing.check is None:
        existing.check = DbsCheck(staff_member=existing.staff)
        session.add(existing.check)
        for name in CHECK_FIELDS:
            setattr(existing.check, name, getattr(values, name))
    else:
        for name in CHECK_FIELDS:
            if name in changes:
                setattr(existing.check, name, changes[name][1])
    existing.check.import_batch_id = batch_id
    # Loading in bulk, the insert trigger is off (data/dbs_triggers.py), and the contact
    # trigger may have run before a new check was written: work the standing out now.
    session.flush()
    recompute(session.connection(), existing.staff.id)
    audit.record(
        session,
        AuditAction.UPDATE,
        "staff_member",
        existing.staff.id,
        f"DBS import updated {existing.staff.full_name}",
        {  # the audit trail never holds a whole certificate number
            name: (
                (json_value(name, old), json_value(name, new))
                if name == "certificate_number"
                else (old, new)
            )
            for name, (old, new) in changes.items()
        },
    )
