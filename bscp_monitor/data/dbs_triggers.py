"""Each person's DBS standing kept beside them, and tallied per provider, so S4 for a whole
register needs no count of every person.

``staff_member.current_certificate`` holds the latest check's certificate number, which the
unique rule on (provider, number) among current staff reads (data/dbs.py).

``staff_member.dbs_standing`` and ``staff_member.dbs_expiry`` hold what the person's latest
DBS check (the highest id) amounts to, leaving out today's date: *missing* (no check, or no
certificate number), *invalid* (a person in direct or regular contact without an enhanced
check and a children's barred list check, or a check with no expiry date) or *dated* (the
expiry date then decides expired, due for re-check or in date). This is the rule of
``dbs_register.status_of``; tests/data/test_dbs_standing.py checks the two agree for every
combination of values.

Beside them, ``dbs_tally`` holds how many of each provider's current contact staff (S4's
people) have each standing; three more triggers on staff_member keep it, so S4 for a whole
register reads a few hundred tally rows and, from the index by expiry date, only the people
whose check has expired or is due for re-check. tests/data/test_dbs_tally.py checks the
tally against a fresh count after every kind of write.

SQLite triggers keep the columns right whatever writes the rows -- the ORM, a migration,
the command line or a hand-edited file -- so nothing in Python has to remember to. The one
exception is the DBS import, which loads in bulk (``bulk_load``): inside its transaction it
drops the check insert trigger, stores with every person it writes the standing it worked
out (``dbs_register.standing_of``; the tally's trigger follows it), then puts the trigger
back. Running the trigger on every row would cost about a tenth of a 50,000-row import
(bench/dbs_import.py). A rollback (an error, or Cancel) restores it with everything else,
and tests/dbs/test_importer.py checks that after an import, working every standing out
afresh changes nothing. The same statements are written by migrations
0005, 0007 and 0010 (as they stood then) and, for a new database, by ``install`` after
``create_all``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

from bscp_monitor.data import dialect

INSERT_TRIGGER = "trg_dbs_check_inserted"


def _standing(check: str) -> str:
    """The (standing, expiry, certificate number) of the check row ``check`` for the
    staff_member row in scope."""
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
                 ELSE {check}.expiry_date END,
            CASE WHEN coalesce({check}.certificate_number, '') = '' THEN NULL
                 ELSE {check}.certificate_number END"""


#: The standing of the staff member whose id is {who}, worked out from their latest check.
_RECOMPUTE = (
    """
    UPDATE staff_member SET (dbs_standing, dbs_expiry, current_certificate) = (
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

_S4 = "{row}.left_on IS NULL AND {row}.contact_level IN ('direct', 'regular')"


def _count(row: str, step: str) -> str:
    """Add ``step`` (1 or -1) to the tally of ``row`` (NEW or OLD) if S4 counts the person.

    Both directions are upserts, so the steps add up in whatever order nested triggers run
    (a change of contact level is followed by the change of standing it causes)."""
    return f"""
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT {row}.provider_id, {row}.dbs_standing, {step} WHERE {_S4.format(row=row)}
    ON CONFLICT (provider_id, dbs_standing) DO UPDATE SET people = people + ({step});"""


#: Keep dbs_tally (how many current contact staff have each standing, per provider) right.
TALLY_TRIGGERS: dict[str, str] = {
    "trg_staff_tally_inserted": (
        "CREATE TRIGGER trg_staff_tally_inserted AFTER INSERT ON staff_member BEGIN"
        + _count("NEW", "1")
        + "\nEND"
    ),
    "trg_staff_tally_deleted": (
        "CREATE TRIGGER trg_staff_tally_deleted AFTER DELETE ON staff_member BEGIN"
        + _count("OLD", "-1")
        + "\nEND"
    ),
    "trg_staff_tally_updated": (
        "CREATE TRIGGER trg_staff_tally_updated AFTER UPDATE OF provider_id, left_on, "
        "contact_level, dbs_standing ON staff_member BEGIN"
        + _count("OLD", "-1")
        + _count("NEW", "1")
        + "\nEND"
    ),
}

#: The tally counted afresh from the staff (a migration, or after a bulk load).
RECOUNT_TALLY = f"""
    INSERT INTO dbs_tally (provider_id, dbs_standing, people)
    SELECT provider_id, dbs_standing, count(*) FROM staff_member
    WHERE {_S4.format(row="staff_member")}
    GROUP BY provider_id, dbs_standing"""

#: Every staff member's standing worked out afresh (after the columns are added).
RECOMPUTE_ALL = _RECOMPUTE.format(who="staff_member.id").replace(
    "WHERE staff_member.id = staff_member.id;", ""
)


def recompute_sql(who: str) -> str:
    """The statement working out the standing of the staff member whose id is ``who``."""
    return _RECOMPUTE.format(who=who)


def recompute(connection: Connection, staff_id: int) -> None:
    """Work one person's standing out afresh from their checks (as the triggers do)."""
    from bscp_monitor.data.server_roles import numbers_hidden, recompute_standing

    if numbers_hidden(connection):  # a team server's editor: the owner's function does it
        recompute_standing(connection, staff_id)
        return
    name = dialect.name_of(connection)
    statement = _RECOMPUTE.format(who=dialect.placeholders(name, 1))
    connection.exec_driver_sql(dialect.sql_body(name, statement), (staff_id,))


def install(connection: Connection) -> None:
    """Create the triggers (a new database, after ``create_all``), in the database's form
    (data/dialect.py)."""
    name = dialect.name_of(connection)
    for trigger, ddl in (*TRIGGERS.items(), *TALLY_TRIGGERS.items()):
        for statement in dialect.trigger_ddl(name, ddl, skippable=trigger == INSERT_TRIGGER):
            connection.exec_driver_sql(statement)


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Inside a transaction: the check insert trigger out of the way, for a writer that
    stores each person's standing itself; back afterwards (or restored by the rollback, on
    an error).

    The indexes and the tally's triggers stay: the DBS import writes on a thread of its
    own while it goes on judging rows (dbs/new_staff.py), so their work on each row is done
    meanwhile, where dropping them and building them again at the end was work done after
    the judging, with nothing beside it (bench/dbs_import.py).

    On PostgreSQL the trigger is told to stand aside for this transaction only (dropping it
    would lock the table against every colleague until the import ends)."""
    if dialect.name_of(connection) == dialect.POSTGRESQL:
        dialect.bulk_load_on(connection)
        yield
        dialect.bulk_load_off(connection)
        return
    connection.exec_driver_sql(f"DROP TRIGGER {INSERT_TRIGGER}")
    yield
    connection.exec_driver_sql(TRIGGERS[INSERT_TRIGGER])
