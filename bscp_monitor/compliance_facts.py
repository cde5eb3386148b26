"""The facts the six BSCP standards are judged on, for every live contract at once.

Three queries, read in one transaction: on a register of 500 contracts, 50,000 staff and
5,000 meetings they take about 8 ms (bench/dashboard.py). (Run side by
side on several connections they were no quicker on a two-core machine, and would not have
read one snapshot.)

- ``_CONTRACT_FACTS``: each live contract with its provider's self-assessment and BSCP
  facts, clause counts, safeguarding metrics, thematic checks and overdue actions, joined
  from one aggregate per table, and its meetings (the latest held, the next planned, the
  latest whose safeguarding item was discussed) looked up on the meeting index.
- ``_S4_TALLY`` and ``_S4_DUE``: per provider, how many current contact staff have each DBS
  standing (a tally the database keeps, data/dbs_triggers.py), and how many of those with a
  dated check have expired or are due for re-check (a range of a partial index by expiry).

The SQL is written out (not built with SQLAlchemy's expression language) so its values come
back as SQLite stores them and are turned into dates here, once, with the C parsers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, text

from bscp_monitor.clock import LOCAL_ZONE
from bscp_monitor.contracts import CLOSED_STATUSES
from bscp_monitor.data.dbs import S4_STAFF
from bscp_monitor.data.enums import ClauseStatus, DbsStanding, RiskLevel
from bscp_monitor.data.store import Store
from bscp_monitor.dbs_register import EXPIRING_DAYS, DbsStatus

#: Every character Python's str.strip() removes (as meetings.safeguarding_gap does): SQLite's
#: trim() alone strips only spaces, so a discussion of newlines or tabs would count.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_CLOSED = ", ".join(f"'{s.value}'" for s in sorted(CLOSED_STATUSES))

_CONTRACT_FACTS = text(
    f"""
    SELECT c.id, c.reference, c.title, c.provider_id, c.risk_level, c.start_date,
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
                                            AND h.status != 'planned'), ''))
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
            FROM self_assessment)
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
    WHERE c.archived_at IS NULL AND c.status NOT IN ({_CLOSED})
    ORDER BY c.reference
    """
)

#: Per provider, how many current contact staff have each standing (kept by triggers).
_S4_TALLY = text("SELECT provider_id, dbs_standing, people FROM dbs_tally WHERE people != 0")
#: Per provider, how many of them have a dated check expired or due for re-check.
_S4_DUE = text(
    "SELECT provider_id, count(CASE WHEN dbs_expiry < :today THEN 1 END), count(*) "
    f"FROM staff_member WHERE {S4_STAFF} AND dbs_standing = 'dated' AND dbs_expiry <= :soon "
    "GROUP BY provider_id"
)


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


def load_facts(store: Store, today: date) -> PortfolioFacts:
    """The facts of every live contract, read in one transaction (one snapshot: an import
    committed meanwhile is either wholly in them or not at all)."""
    with store.engine.connect() as connection:
        connection.exec_driver_sql("BEGIN")  # SQLite's driver would not, for reads alone
        dbs = _dbs_counts(connection, today)
        rows = connection.execute(
            _CONTRACT_FACTS, {"today": today.isoformat(), "ws": WHITESPACE}
        ).all()
        connection.rollback()  # nothing was written: just end the read
    return PortfolioFacts([_contract(row) for row in rows], dbs)


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


def _dbs_counts(connection: Connection, today: date) -> dict[int, dict[DbsStatus, int]]:
    """Per provider: how many current contact staff are missing, invalid, expired, expiring
    and in date -- dbs_register.status_of's verdicts, counted by the database."""
    soon = today + timedelta(days=EXPIRING_DAYS)
    out: dict[int, dict[DbsStatus, int]] = defaultdict(lambda: dict.fromkeys(DbsStatus, 0))
    for provider_id, standing, people in connection.execute(_S4_TALLY):
        out[provider_id][_STATUS_OF_STANDING[standing]] += people
    due = connection.execute(_S4_DUE, {"today": today.isoformat(), "soon": soon.isoformat()})
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


__all__ = ["WHITESPACE", "ContractFacts", "PortfolioFacts", "load_facts"]
