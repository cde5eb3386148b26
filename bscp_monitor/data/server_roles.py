"""The three database roles of a team on a PostgreSQL server, enforced by the server's grants.

- ``bscp_reader`` sees everything except full DBS certificate numbers (the view
  ``dbs_certificate_masked`` gives their last four digits) and changes nothing;
- ``bscp_editor`` records meetings, actions, metrics and contracts and imports DBS sheets: it
  may write certificate numbers but not read them back (the import matches a sheet's numbers
  with ``dbs_checks_numbered``, which answers only for numbers the caller already has);
- ``bscp_dbs_officer`` is an editor who may also reveal a full certificate number, only
  through ``reveal_certificate(check_id)``, which writes the audit event as it answers.

The audit trail is kept honest by row security: anyone may read it, a person may add or
amend only events in their own name (``current_user``), and nobody but the owner may delete.

``init_server`` is run by whoever administers the database (its owner), is idempotent, and
makes group roles (NOLOGIN); people are given one with ``GRANT bscp_editor TO alice``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect

from bscp_monitor.data.base import Base
from bscp_monitor.data.db_errors import database_errors
from bscp_monitor.data.errors import StoreError

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store

READER = "bscp_reader"
EDITOR = "bscp_editor"
DBS_OFFICER = "bscp_dbs_officer"
ROLES = (READER, EDITOR, DBS_OFFICER)

#: What a role is called for people.
ROLE_NAMES = {READER: "reader", EDITOR: "editor", DBS_OFFICER: "DBS officer"}

_HIDDEN = {
    "dbs_check": {"certificate_number"},
    # The latest check's number, kept beside the person for the unique rule (data/dbs.py).
    "staff_member": {"current_certificate"},
}
#: Tables the triggers alone write.
_TRIGGER_ONLY = {"dbs_tally"}

MASKED_VIEW = """
CREATE OR REPLACE VIEW dbs_certificate_masked AS
SELECT id AS check_id, staff_member_id,
       CASE WHEN certificate_number IS NULL OR certificate_number = '' THEN certificate_number
            ELSE repeat('*', greatest(length(certificate_number) - 4, 0))
                 || right(certificate_number, 4) END AS masked_number
FROM dbs_check"""

REVEAL_FUNCTION = """
CREATE OR REPLACE FUNCTION reveal_certificate(check_id integer) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    number text;
    person integer;
    who text;
BEGIN
    SELECT c.certificate_number, c.staff_member_id INTO number, person
    FROM dbs_check AS c WHERE c.id = check_id;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    SELECT full_name INTO who FROM staff_member WHERE id = person;
    INSERT INTO audit_event ("user", at, action, entity, entity_id, summary, changes)
    VALUES (session_user, (now() AT TIME ZONE 'UTC'), 'reveal', 'staff_member', person,
            'Revealed the DBS certificate number of ' || coalesce(who, 'a person'), '{}');
    RETURN number;
END $fn$"""

NUMBERED_FUNCTION = """
CREATE OR REPLACE FUNCTION dbs_checks_numbered(numbers text[])
RETURNS TABLE (check_id integer, certificate_number text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    SELECT c.id, c.certificate_number::text FROM dbs_check AS c
    WHERE c.certificate_number = ANY (numbers)
$fn$"""


def _recompute_function() -> str:
    from bscp_monitor.data import dbs_triggers, dialect

    body = dialect.sql_body(dialect.POSTGRESQL, dbs_triggers.recompute_sql("staff"))
    return (
        "CREATE OR REPLACE FUNCTION recompute_dbs_standing(staff integer) RETURNS void "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$\n"
        f"BEGIN {body}\nEND $fn$"
    )


@dataclass(frozen=True)
class InitReport:
    roles_created: list[str]
    tables: int


def _role_statements(existing: set[str]) -> tuple[list[str], list[str]]:
    created = [role for role in ROLES if role not in existing]
    statements = [f"CREATE ROLE {role} NOLOGIN" for role in created]
    statements += [f"GRANT {READER} TO {EDITOR}", f"GRANT {EDITOR} TO {DBS_OFFICER}"]
    return created, statements


def _grants(connection: Connection) -> list[str]:
    tables = [t.name for t in Base.metadata.sorted_tables]
    roles = ", ".join(ROLES)
    out = [
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA public TO {roles}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {roles}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {roles}",
        f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC, {roles}",
        f"GRANT SELECT ON alembic_version TO {READER}",
        f"GRANT SELECT ON dbs_certificate_masked TO {READER}",
        f"GRANT EXECUTE ON FUNCTION casefold(text) TO {READER}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {EDITOR}",
        f"GRANT EXECUTE ON FUNCTION dbs_checks_numbered(text[]) TO {EDITOR}",
        f"GRANT EXECUTE ON FUNCTION recompute_dbs_standing(integer) TO {EDITOR}",
        f"GRANT EXECUTE ON FUNCTION reveal_certificate(integer) TO {DBS_OFFICER}",
    ]
    columns = inspect(connection)
    for table in tables:
        hidden = _HIDDEN.get(table, set())
        if hidden:
            shown = [c["name"] for c in columns.get_columns(table) if c["name"] not in hidden]
            listed = ", ".join(f'"{c}"' for c in shown)
            out.append(f"GRANT SELECT ({listed}) ON {table} TO {READER}")
        else:
            out.append(f"GRANT SELECT ON {table} TO {READER}")
        if table in _TRIGGER_ONLY:
            continue
        if table == "audit_event":
            out.append(f"GRANT INSERT, UPDATE ON audit_event TO {EDITOR}")
        else:
            out.append(f"GRANT INSERT, UPDATE, DELETE ON {table} TO {EDITOR}")
    # Row security on the audit trail: read by all, written only in one's own name.
    out += [
        "ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS audit_read ON audit_event",
        "DROP POLICY IF EXISTS audit_add_own ON audit_event",
        "DROP POLICY IF EXISTS audit_amend_own ON audit_event",
        f"CREATE POLICY audit_read ON audit_event FOR SELECT TO {READER} USING (true)",
        f"CREATE POLICY audit_add_own ON audit_event FOR INSERT TO {EDITOR} "
        f'WITH CHECK ("user" = current_user)',
        f"CREATE POLICY audit_amend_own ON audit_event FOR UPDATE TO {EDITOR} "
        f'USING ("user" = current_user) WITH CHECK ("user" = current_user)',
    ]
    # The triggers keep the DBS standing and tally whoever writes: they run as their owner.
    triggers = connection.exec_driver_sql(
        "SELECT p.oid::regprocedure::text FROM pg_proc AS p "
        "JOIN pg_namespace AS n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND p.proname ~ '^trg_.*_fn$'"
    ).scalars()
    for function in triggers:
        out.append(f"ALTER FUNCTION {function} SECURITY DEFINER SET search_path = public, pg_temp")
    return out


def init_server(connection: Connection) -> InitReport:
    """Create (or bring up to date) the roles, the functions and the grants, in one
    transaction, on a database whose schema is at the head revision."""
    if connection.dialect.name != "postgresql":
        raise ValueError("init_server is for a PostgreSQL database")
    existing = set(
        connection.exec_driver_sql(
            "SELECT rolname FROM pg_roles WHERE rolname = ANY (%(names)s)", {"names": list(ROLES)}
        ).scalars()
    )
    created, statements = _role_statements(existing)
    for statement in statements:
        connection.exec_driver_sql(statement)
    for ddl in (MASKED_VIEW, REVEAL_FUNCTION, NUMBERED_FUNCTION, _recompute_function()):
        connection.exec_driver_sql(ddl)
    for statement in _grants(connection):
        connection.exec_driver_sql(statement)
    return InitReport(roles_created=created, tables=len(Base.metadata.sorted_tables))


def role_of(connection: Connection) -> str | None:
    """The most capable of the three roles the current login holds (None: none of them,
    e.g. the database's owner, or SQLite)."""
    if connection.dialect.name != "postgresql":
        return None
    for role in (DBS_OFFICER, EDITOR, READER):
        held = connection.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = %(role)s) "
            "AND pg_has_role(current_user, %(role)s, 'MEMBER')",
            {"role": role},
        ).scalar()
        if held:
            return role
    return None


def owns_database(connection: Connection) -> bool:
    """Whether the login is a superuser or owns the database (it may do everything, whatever
    roles it is a member of; SQLite: always)."""
    if connection.dialect.name != "postgresql":
        return True
    return bool(
        connection.exec_driver_sql(
            "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
            "OR pg_get_userbyid(datdba) = current_user "
            "FROM pg_database WHERE datname = current_database()"
        ).scalar()
    )


def initialise(store: Store) -> InitReport:
    """init_server on the store's database (its schema is already at the head: the store
    made or upgraded it when it opened), in one transaction; failures in words."""
    if store.engine.dialect.name != "postgresql":
        raise StoreError(
            "init-server sets up a PostgreSQL server for a team; a SQLite file has no roles. "
            "Name the server with --db postgresql://HOST/DATABASE."
        )
    with database_errors(), store.engine.begin() as connection:
        return init_server(connection)


def numbers_hidden(connection: Connection) -> bool:
    """Whether this login may not read full certificate numbers (a reader, editor or DBS
    officer on a server): the app then reads the last four digits, and reveals through the
    server's function."""
    if connection.dialect.name != "postgresql":
        return False
    cached = connection.info.get("bscp_numbers_hidden")
    if cached is None:
        cached = not connection.exec_driver_sql(
            "SELECT has_column_privilege('dbs_check', 'certificate_number', 'SELECT')"
        ).scalar_one()
        connection.info["bscp_numbers_hidden"] = cached
    return bool(cached)


def masked_numbers(connection: Connection, check_ids: list[int]) -> dict[int, str | None]:
    """The masked certificate number of each check (the server's view)."""
    if not check_ids:
        return {}
    rows = connection.exec_driver_sql(
        "SELECT check_id, masked_number FROM dbs_certificate_masked WHERE check_id = ANY (%(ids)s)",
        {"ids": check_ids},
    )
    return {int(check_id): masked for check_id, masked in rows}


def numbers_held(connection: Connection, numbers: list[str]) -> dict[int, str]:
    """Of ``numbers`` (a sheet's), those the register holds, by check id (the server's
    dbs_checks_numbered: a login learns no number it did not already have)."""
    if not numbers:
        return {}
    rows = connection.exec_driver_sql(
        "SELECT check_id, certificate_number FROM dbs_checks_numbered(%(numbers)s)",
        {"numbers": numbers},
    )
    return {int(check_id): str(number) for check_id, number in rows}


def recompute_standing(connection: Connection, staff_id: int) -> None:
    """dbs_triggers.recompute for a login that may not read numbers: the server's own
    function (running as the owner, as the triggers do)."""
    connection.exec_driver_sql("SELECT recompute_dbs_standing(%(id)s)", {"id": staff_id})


def reveal_number(connection: Connection, check_id: int) -> str | None:
    """A full certificate number through the server's audited function (DBS officers only;
    anyone else is refused by the server)."""
    value = connection.exec_driver_sql(
        "SELECT reveal_certificate(%(id)s)", {"id": check_id}
    ).scalar_one()
    return None if value is None else str(value)


@dataclass(frozen=True)
class Allowed:
    """What this login may do: everything on SQLite and for a server database's owner."""

    role: str | None  # one of ROLES, or None (SQLite, or the owner)
    write: bool
    reveal: bool

    @property
    def role_name(self) -> str:
        return ROLE_NAMES.get(self.role or "", "")


def allowed(connection: Connection) -> Allowed:
    """What the server's grants let this login do (SQLite: everything)."""
    if connection.dialect.name != "postgresql":
        return Allowed(None, True, True)
    write, reveal = connection.exec_driver_sql(
        "SELECT has_table_privilege('contract', 'UPDATE'), "
        "has_column_privilege('dbs_check', 'certificate_number', 'SELECT') "
        "OR (to_regprocedure('reveal_certificate(integer)') IS NOT NULL "
        "    AND has_function_privilege('reveal_certificate(integer)', 'EXECUTE'))"
    ).one()
    return Allowed(role_of(connection), bool(write), bool(reveal))
