"""The facts the six BSCP standards are judged on, for every live contract at once.

One statement (``_FACTS``), one row: on a register of 500 contracts, 50,000 staff and 5,000
meetings it takes about 6 ms (bench/dashboard.py). Its columns:

- ``_CONTRACTS``: each live contract with its provider's self-assessment and BSCP facts,
  clause counts, safeguarding metrics, thematic checks and overdue actions, joined from one
  aggregate per table, and its meetings (the latest held, the next planned, the latest whose
  safeguarding item was discussed) looked up on the meeting index;
- ``_S4_TALLY`` and ``_S4_DUE``: per provider, how many current contact staff have each DBS
  standing (a tally the database keeps, data/dbs_triggers.py), and how many of those with a
  dated check have expired or are due for re-check (a range of a partial index by expiry);
- ``_PROVIDERS``: how many providers are not archived.

The lists come back as JSON built by SQLite, so the whole statement is one step of
SQLite's (which holds no lock on Python: start_loading_facts reads it on a thread while the
dashboard builds its widgets), and its values come back as SQLite stores them and are turned
into dates here, once, with the C parsers.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, TextClause, text

from bscp_monitor.common.clock import LOCAL_ZONE
from bscp_monitor.contracts.register import CLOSED_STATUSES
from bscp_monitor.data import dialect
from bscp_monitor.data.db_errors import database_errors
from bscp_monitor.data.dbs import S4_STAFF
from bscp_monitor.data.enums import ClauseStatus, DbsStanding, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import EXPIRING_DAYS, DbsStatus

#: Every character Python's str.strip() removes (as meetings.safeguarding_gap does): SQLite's
#: trim() alone strips only spaces, so a discussion of newlines or tabs would count.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CLOSED = ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES))

#: Each live contract, one JSON array per contract (the columns of ContractFacts, in order).
_CONTRACTS = """
    SELECT {json_rows}
        c.id, c.reference, c.title, c.provider_id, c.risk_level, c.start_date,
        coalesce(moved.end_date, c.end_date), c.decision_lead_months,
        c.meeting_frequency_months,
        p.name, p.receives_bscp_updates, p.bscp_training_last_attended,
        sa.completed_on, sa.next_due,
        coalesce(clauses.present, 0), coalesce(clauses.partial, 0),
        coalesce(clauses.missing, 0),
        coalesce(metrics.n, 0), thematic.last_done, coalesce(late.n, 0),
        (  -- the latest held meeting whose safeguarding item was discussed: walked back
           -- from the newest on ix_meeting_contract_starts, stopping at the first
         SELECT m.starts_at FROM meeting AS m
         WHERE m.contract_id = c.id AND m.status != 'planned'
           AND EXISTS (
             SELECT 1 FROM agenda_item AS a
             WHERE a.meeting_id = m.id AND a.kind = 'safeguarding'
               AND (trim(a.discussion, :ws) != ''
                    OR EXISTS (SELECT 1 FROM prompt_response AS r
                               WHERE r.agenda_item_id = a.id
                                 AND trim(r.response, :ws) != '')))
         ORDER BY m.starts_at DESC LIMIT 1),
        (SELECT max(m.starts_at) FROM meeting AS m
         WHERE m.contract_id = c.id AND m.status != 'planned'),
        (  -- the next planned: one planned before the latest held never took place
         SELECT min(m.starts_at) FROM meeting AS m
         WHERE m.contract_id = c.id AND m.status = 'planned'
           AND m.starts_at > coalesce((SELECT max(h.starts_at) FROM meeting AS h
                                       WHERE h.contract_id = c.id
                                         AND h.status != 'planned'), {earliest})){rows_end}
    FROM contract AS c
    JOIN provider AS p ON p.id = c.provider_id
    LEFT JOIN (  -- the latest variation that moved the end date
        SELECT contract_id, new_end_date AS end_date FROM contract_variation
        WHERE id IN (SELECT max(id) FROM contract_variation
                     WHERE new_end_date IS NOT NULL GROUP BY contract_id)
    ) AS moved ON moved.contract_id = c.id
    LEFT JOIN (  -- the provider's latest self-assessment
        SELECT provider_id, completed_on, next_due FROM (
            SELECT provider_id, completed_on, next_due, row_number() OVER (
                PARTITION BY provider_id ORDER BY completed_on DESC, id DESC) AS latest
            FROM self_assessment) AS ranked
        WHERE latest = 1
    ) AS sa ON sa.provider_id = c.provider_id
    LEFT JOIN (
        SELECT contract_id,
               count(CASE WHEN status = 'present' THEN 1 END) AS present,
               count(CASE WHEN status = 'partial' THEN 1 END) AS partial,
               count(CASE WHEN status = 'missing' THEN 1 END) AS missing
        FROM clause_check GROUP BY contract_id
    ) AS clauses ON clauses.contract_id = c.id
    LEFT JOIN (
        SELECT contract_id, count(*) AS n FROM metric_definition
        WHERE safeguarding GROUP BY contract_id
    ) AS metrics ON metrics.contract_id = c.id
    LEFT JOIN (
        SELECT contract_id, max(done_on) AS last_done FROM thematic_check
        WHERE done_on IS NOT NULL GROUP BY contract_id
    ) AS thematic ON thematic.contract_id = c.id
    LEFT JOIN (
        SELECT contract_id, count(*) AS n FROM action
        WHERE status IN ('open', 'in_progress') AND due_on < :today GROUP BY contract_id
    ) AS late ON late.contract_id = c.id
    WHERE c.archived_at IS NULL AND c.status NOT IN ({closed})
    """
#: Per provider, how many current contact staff have each standing (kept by triggers).
_S4_TALLY = "SELECT {tally_rows} FROM dbs_tally WHERE people != 0"
#: Per provider, how many of them have a dated check expired or due for re-check.
_S4_DUE = (
    "SELECT {due_rows} FROM ("
    "SELECT provider_id, count(CASE WHEN dbs_expiry < :today THEN 1 END) AS expired, "
    "count(*) AS due FROM staff_member WHERE {s4} AND dbs_standing = 'dated' "
    "AND dbs_expiry <= :soon GROUP BY provider_id) AS per_provider"
)
_PROVIDERS = "SELECT count(*) FROM provider WHERE archived_at IS NULL"


#: All of it as one row of one statement: one snapshot of the database, and one step of
#: SQLite's, during which it holds no lock on Python (start_loading_facts). The JSON is built
#: by each database's own functions (data/dialect.py).
def _facts_statement(name: str) -> TextClause:
    before, after = dialect.json_rows_around(name)
    contracts_sql = _CONTRACTS.format(
        json_rows=before,
        rows_end=after,
        earliest=dialect.earliest_time(name),
        closed=_CLOSED,
    )
    tally = _S4_TALLY.format(
        tally_rows=dialect.json_rows(name, "provider_id, dbs_standing, people")
    )
    due = _S4_DUE.format(due_rows=dialect.json_rows(name, "provider_id, expired, due"), s4=S4_STAFF)
    return text(f"SELECT ({contracts_sql}),\n    ({tally}),\n    ({due}),\n    ({_PROVIDERS})")


_FACTS = {name: _facts_statement(name) for name in (dialect.SQLITE, dialect.POSTGRESQL)}


@dataclass(slots=True)  # not frozen: 500 of them are made at once, and frozen ones are slower
class ContractFacts:
    """One live contract and everything its standards and alerts are judged on."""

    id: int
    reference: str
    title: str
    provider_id: int
    risk_level: RiskLevel
    start_date: date
    end_date: date  # after any variation that moved it
    decision_lead_months: int
    meeting_frequency_months: int
    provider_name: str
    receives_bscp_updates: bool
    bscp_training_last_attended: date | None
    assessment_completed: date | None  # the provider's latest self-assessment
    assessment_due: date | None
    clause_counts: dict[ClauseStatus, int]  # present, partial, missing
    last_discussion: date | None  # London dates
    last_held: date | None
    next_planned: date | None
    safeguarding_metrics: int
    thematic_done: date | None
    overdue_actions: int


@dataclass(frozen=True)
class PortfolioFacts:
    contracts: list[ContractFacts]  # the live ones, by reference
    #: provider -> how many of its current contact staff are in each DBS status
    dbs: dict[int, dict[DbsStatus, int]]
    providers: int  # how many are not archived


#: The row of _FACTS as SQLite gives it: three JSON documents and a count.
RawFacts = tuple[str, str, str, int]


def load_facts(store: Store, today: date) -> PortfolioFacts:
    """The facts of every live contract, read by one statement (one snapshot: an import
    committed meanwhile is either wholly in them or not at all)."""
    return _decode(_read(store, today))


def start_loading_facts(store: Store, today: date) -> Callable[[], PortfolioFacts]:
    """Start reading the facts on a thread of their own and return a function that waits
    for them (and raises what reading them raised).

    SQLite computes the whole of _FACTS in one step, during which it holds no lock on
    Python: a caller can build its widgets meanwhile. The thread does no more in Python
    than start the statement and take its row (bench/dashboard.py). A database in memory
    is one per thread, so it is read at once, on the caller's thread."""
    if store.path is None:
        facts = load_facts(store, today)
        return lambda: facts
    with database_errors():
        connection = store.engine.connect()  # checked out here: the thread only runs SQL
    outcome: list[RawFacts | BaseException] = []

    def read() -> None:
        try:
            outcome.append(_read_on(connection, today))
        except BaseException as exc:  # noqa: BLE001 -- raised again by wait(), on its thread
            outcome.append(exc)

    thread = threading.Thread(target=read, name="compliance-facts", daemon=True)
    thread.start()

    def wait() -> PortfolioFacts:
        thread.join()
        connection.close()
        result = outcome[0]
        if isinstance(result, BaseException):
            with database_errors():  # a SQLAlchemy failure comes out as a DatabaseError
                raise result
        return _decode(result)

    return wait


def _read(store: Store, today: date) -> RawFacts:
    with store.connect() as connection:
        return _read_on(connection, today)


def _read_on(connection: Connection, today: date) -> RawFacts:
    try:
        statement = _FACTS[dialect.name_of(connection)]
        contracts, tally, due, providers = connection.execute(statement, _params(today)).one()
    finally:
        connection.rollback()  # nothing was written: just end the read
    return contracts, tally, due, providers


def _params(today: date) -> dict[str, str]:
    soon = today + timedelta(days=EXPIRING_DAYS)
    return {"today": today.isoformat(), "soon": soon.isoformat(), "ws": WHITESPACE}


def _decode(raw: RawFacts) -> PortfolioFacts:
    contracts, tally, due, providers = raw
    rows = json.loads(contracts)
    rows.sort(key=itemgetter(1))  # by reference, as SQLite compares text (by code point)
    return PortfolioFacts(
        [_contract(row) for row in rows], _dbs_counts(json.loads(tally), json.loads(due)), providers
    )


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value[:10])


def _local_day(value: str | None) -> date | None:
    """A stored UTC timestamp ('YYYY-MM-DD HH:MM:SS...') as its date in London."""
    if value is None:
        return None
    if value[11:13] != "23":  # London is UTC or an hour ahead: only 23:xx can be tomorrow
        return date.fromisoformat(value[:10])
    moment = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_ZONE).date()


_RISKS = {r.value: r for r in RiskLevel}


def _contract(row: Any) -> ContractFacts:
    (
        cid, reference, title, provider_id, risk, start, end, lead, frequency,
        provider_name, updates, training, completed, due,
        present, partial, missing, metrics, thematic, late,
        discussed, held, planned,
    ) = row  # fmt: skip
    return ContractFacts(
        id=cid,
        reference=reference,
        title=title,
        provider_id=provider_id,
        risk_level=_RISKS[risk],
        start_date=date.fromisoformat(start),
        end_date=date.fromisoformat(end),
        decision_lead_months=lead,
        meeting_frequency_months=frequency,
        provider_name=provider_name,
        receives_bscp_updates=bool(updates),
        bscp_training_last_attended=_day(training),
        assessment_completed=_day(completed),
        assessment_due=_day(due),
        clause_counts={
            ClauseStatus.PRESENT: present,
            ClauseStatus.PARTIAL: partial,
            ClauseStatus.MISSING: missing,
        },
        last_discussion=_local_day(discussed),
        last_held=_local_day(held),
        next_planned=_local_day(planned),
        safeguarding_metrics=metrics,
        thematic_done=_day(thematic),
        overdue_actions=late,
    )


def _dbs_counts(tally: list[list[Any]], due: list[list[Any]]) -> dict[int, dict[DbsStatus, int]]:
    """Per provider: how many current contact staff are missing, invalid, expired, expiring
    and in date -- dbs_register.status_of's verdicts, counted by the database."""
    out: dict[int, dict[DbsStatus, int]] = defaultdict(lambda: dict.fromkeys(DbsStatus, 0))
    for provider_id, standing, people in tally:
        out[provider_id][_STATUS_OF_STANDING[standing]] += people
    for provider_id, expired, due_soon in due:
        counts = out[provider_id]
        counts[DbsStatus.EXPIRED] += expired
        counts[DbsStatus.EXPIRING] += due_soon - expired
        counts[DbsStatus.IN_DATE] -= due_soon
    return dict(out)


#: A dated check counts as in date until the date bands say otherwise.
_STATUS_OF_STANDING = {
    DbsStanding.MISSING.value: DbsStatus.MISSING,
    DbsStanding.INVALID.value: DbsStatus.INVALID,
    DbsStanding.DATED.value: DbsStatus.IN_DATE,
}


__all__ = [
    "WHITESPACE",
    "ContractFacts",
    "PortfolioFacts",
    "load_facts",
    "start_loading_facts",
]
