"""Each person's DBS standing kept beside them, so S4 for a whole register is one scan.

``staff_member.dbs_standing`` and ``staff_member.dbs_expiry`` hold what the person's latest
DBS check (the highest id) amounts to, leaving out today's date: *missing* (no check, or no
certificate number), *invalid* (a person in direct or regular contact without an enhanced
check and a children's barred list check, or a check with no expiry date) or *dated* (the
expiry date then decides expired, due for re-check or in date). This is the rule of
``dbs_register.status_of``; tests/data/test_dbs_standing.py checks the two agree for every
combination of values.

SQLite triggers keep the columns right whatever writes the rows -- the ORM, a migration,
the command line or a hand-edited file -- so nothing in Python has to remember to. The one
exception is the DBS import, which loads in bulk (``bulk_load``): inside its transaction it
drops the insert trigger and the summary index, stores with every person it writes the
standing it worked out (``dbs_register.standing_of``), then builds the index afresh and puts
the trigger back. Running the trigger and growing the index row by row would cost about a
tenth of a 50,000-row import (bench/dbs_import.py); building the index at the end takes about
20 ms. A rollback (an error, or Cancel) restores both with everything else, and
tests/core/test_dbs_import.py checks that after an import, working every standing out afresh
changes nothing. The same statements are written by migration 0005 (as they stood then)
and, for a new database, by ``install`` after ``create_all``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

INSERT_TRIGGER = "trg_dbs_check_inserted"
SUMMARY_INDEX = "ix_staff_member_dbs_summary"


def _standing(check: str) -> str:
    """The (standing, expiry) of the check row ``check`` for the staff_member row in scope."""
    return f"""
            CASE
              WHEN {check}.id IS NULL OR coalesce({check}.certificate_number, '') = ''
                THEN 'missing'
              WHEN staff_member.contact_level IN ('direct', 'regular')
                   AND ({check}.level NOT IN ('enhanced', 'enhanced_barred')
                        OR {check}.barred_list IN ('none', 'adults')) THEN 'invalid'
              WHEN {check}.expiry_date IS NULL THEN 'invalid'
              ELSE 'dated'
            END,
            CASE WHEN coalesce({check}.certificate_number, '') = '' THEN NULL
                 ELSE {check}.expiry_date END"""


#: The standing of the staff member whose id is {who}, worked out from their latest check.
_RECOMPUTE = (
    """
    UPDATE staff_member SET (dbs_standing, dbs_expiry) = (
        SELECT"""
    + _standing("d")
    + """
        FROM (SELECT 1) LEFT JOIN dbs_check AS d ON d.id = (
            SELECT max(latest.id) FROM dbs_check AS latest
            WHERE latest.staff_member_id = staff_member.id
        )
    )
    WHERE staff_member.id = {who};"""
)

TRIGGERS: dict[str, str] = {
    "trg_dbs_check_inserted": (
        "CREATE TRIGGER trg_dbs_check_inserted AFTER INSERT ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="NEW.staff_member_id")
        + "\nEND"
    ),
    "trg_dbs_check_updated": (
        "CREATE TRIGGER trg_dbs_check_updated AFTER UPDATE ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="NEW.staff_member_id")
        + _RECOMPUTE.format(who="OLD.staff_member_id")
        + "\nEND"
    ),
    "trg_dbs_check_deleted": (
        "CREATE TRIGGER trg_dbs_check_deleted AFTER DELETE ON dbs_check BEGIN"
        + _RECOMPUTE.format(who="OLD.staff_member_id")
        + "\nEND"
    ),
    "trg_staff_contact_changed": (
        "CREATE TRIGGER trg_staff_contact_changed AFTER UPDATE OF contact_level "
        "ON staff_member BEGIN" + _RECOMPUTE.format(who="NEW.id") + "\nEND"
    ),
}

#: Every staff member's standing worked out afresh (after the columns are added).
RECOMPUTE_ALL = _RECOMPUTE.format(who="staff_member.id").replace(
    "WHERE staff_member.id = staff_member.id;", ""
)


def recompute(connection: Connection, staff_id: int) -> None:
    """Work one person's standing out afresh from their checks (as the triggers do)."""
    connection.exec_driver_sql(_RECOMPUTE.format(who="?"), (staff_id,))


def install(connection: Connection) -> None:
    """Create the triggers (a new database, after ``create_all``)."""
    for ddl in TRIGGERS.values():
        connection.exec_driver_sql(ddl)


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Inside a transaction: the insert trigger and the summary index out of the way, for a
    writer that stores each person's standing itself; both back afterwards (or restored by
    the rollback, on an error)."""
    from bscp_monitor.data.models import StaffMember

    index = next(i for i in StaffMember.__table__.indexes if i.name == SUMMARY_INDEX)
    connection.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    connection.exec_driver_sql(f"DROP INDEX {SUMMARY_INDEX}")
    yield
    index.create(connection)
    connection.exec_driver_sql(TRIGGERS[INSERT_TRIGGER])
