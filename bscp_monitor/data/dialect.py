"""What differs between SQLite and PostgreSQL, chosen by dialect here and nowhere else.

The app speaks SQLite's SQL where it writes SQL by hand (the DBS triggers, the compliance
facts, the DBS bulk load); this module gives each such piece its PostgreSQL form:

- ``on_connect``: SQLite's pragmas and a ``casefold()`` SQL function (Python's, as
  data/caseless does it) on every SQLite connection; on PostgreSQL ``casefold()`` is a SQL
  function created with the schema (``install_functions``) doing the same with ICU's lower
  case and Unicode normalisation;
- ``trigger_ddl``: a trigger written in SQLite's form (``CREATE TRIGGER name AFTER ... ON
  table BEGIN ... END``) as PostgreSQL's (a PL/pgSQL function and a row trigger calling it);
- ``TwelveDigits``: "twelve digits" in a CHECK constraint (SQLite's GLOB, PostgreSQL's regex);
- ``json_rows``, ``earliest_time``: JSON built by the database, and a time before any other;
- ``placeholders``, ``after_explicit_ids``, ``bulk_load_on``/``bulk_load_off``: the DBS
  bulk load's driver-level SQL;
- ``try_import_lock``: the lock a DBS import takes before it reads the register (SQLite's
  ``BEGIN IMMEDIATE``, PostgreSQL's advisory lock on the provider).
"""

from __future__ import annotations

import re
import uuid
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.types import Boolean

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def name_of(bind: Connection) -> str:
    """The dialect's name: 'sqlite' or 'postgresql'."""
    return str(bind.dialect.name)


def with_driver(url: str) -> str:
    """A PostgreSQL URL naming no driver takes psycopg (3), the one the postgres extra
    installs (SQLAlchemy's own choice would be psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def password_wanted(exc: BaseException) -> bool:
    """Whether a failure to connect was the server asking for a password none was given."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    return "no password supplied" in text or "password authentication failed" in text


def with_password(url: str, password: str) -> str:
    """The URL with a password, for an engine (never shown or stored)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)


# --- connections ------------------------------------------------------------------------------


def sqlite_on_connect(
    casefold: Callable[[object], object], busy_timeout_ms: int
) -> Callable[[Any, Any], None]:
    """The listener run on every new SQLite connection."""

    def listener(dbapi_connection: Any, _record: Any) -> None:
        # SQLite's lower() folds ASCII letters only: names are compared with Python's
        # casefold ("Éire Youth Trust" is "éire youth trust").
        dbapi_connection.create_function("casefold", 1, casefold, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA cache_size=-32768")
        cursor.close()

    return listener


#: Python's str.casefold differs from a lower case where one letter folds to several, or
#: where Unicode keeps a separate case-folded letter; these are the ones a name may hold.
_FOLDS = (("ß", "ss"), ("ς", "σ"), ("ſ", "s"), ("ﬀ", "ff"), ("ﬁ", "fi"), ("ﬂ", "fl"),
          ("ﬃ", "ffi"), ("ﬄ", "ffl"), ("ﬅ", "st"), ("ﬆ", "st"), ("ŉ", "ʼn"))  # fmt: skip


def _folded(expression: str) -> str:
    for letter, folded in _FOLDS:
        expression = f"replace({expression}, '{letter}', '{folded}')"
    return expression


#: PostgreSQL's casefold(text): as data/caseless.caseless, NFD(casefold(NFD(text))).
PG_CASEFOLD = (
    "CREATE OR REPLACE FUNCTION casefold(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT normalize("
    + _folded('lower(normalize(value, NFD) COLLATE "und-x-icu")')
    + ", NFD) $$"
)


def install_functions(connection: Connection) -> None:
    """The SQL functions the app's queries call that the database lacks (PostgreSQL)."""
    if name_of(connection) == POSTGRESQL:
        connection.exec_driver_sql(PG_CASEFOLD)


def database_user(connection: Connection) -> str | None:
    """The login the database knows the session by (PostgreSQL's current_user), or None
    where there is none (SQLite)."""
    if name_of(connection) != POSTGRESQL:
        return None
    cached = connection.info.get("bscp_current_user")
    if cached is None:
        cached = str(connection.exec_driver_sql("SELECT current_user").scalar_one())
        connection.info["bscp_current_user"] = cached
    return str(cached)


# --- DDL ----------------------------------------------------------------------------------------

_TRIGGER = re.compile(
    r"^\s*CREATE TRIGGER (?P<name>\w+) (?P<when>AFTER .*?) ON (?P<table>\w+) "
    r"BEGIN(?P<body>.*)END\s*$",
    re.DOTALL,
)
#: The setting that turns the DBS check insert trigger off during a bulk load (PostgreSQL).
BULK_SETTING = "bscp.bulk_load"


def _pg_body(body: str) -> str:
    """A SQLite trigger body as PostgreSQL takes it (the same statements)."""
    # A subquery in FROM needs a name before PostgreSQL 16; in an upsert, the column on the
    # right of SET is the table's.
    body = body.replace("FROM (SELECT 1) LEFT JOIN", "FROM (SELECT 1) AS one LEFT JOIN")
    return body.replace("SET people = people +", "SET people = dbs_tally.people +")


def trigger_ddl(dialect: str, sqlite_ddl: str, skippable: bool = False) -> list[str]:
    """The statements creating a trigger written in SQLite's form, for ``dialect``.

    ``skippable``: on PostgreSQL the trigger does nothing while ``bulk_load_on`` is in force
    (on SQLite the bulk load drops it instead)."""
    if dialect != POSTGRESQL:
        return [sqlite_ddl]
    found = _TRIGGER.match(sqlite_ddl)
    if found is None:
        raise ValueError(f"not a trigger in SQLite's form: {sqlite_ddl[:60]}")
    name, when, table = found["name"], found["when"], found["table"]
    skip = (
        f"IF current_setting('{BULK_SETTING}', true) = 'on' THEN RETURN NULL; END IF;"
        if skippable
        else ""
    )
    function = (
        f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
        f"BEGIN {skip}{_pg_body(found['body'])}\nRETURN NULL;\nEND $fn$"
    )
    trigger = f"CREATE TRIGGER {name} {when} ON {table} FOR EACH ROW EXECUTE FUNCTION {name}_fn()"
    return [function, trigger]


def drop_trigger_ddl(dialect: str, name: str, table: str) -> list[str]:
    if dialect != POSTGRESQL:
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}_fn()"]


def sql_body(dialect: str, sqlite_sql: str) -> str:
    """A statement of a SQLite trigger's body, run on its own (a recompute)."""
    return _pg_body(sqlite_sql) if dialect == POSTGRESQL else sqlite_sql


class TwelveDigits(ColumnElement[bool]):
    """A CHECK constraint's condition: the text column is NULL or twelve digits 0-9."""

    inherit_cache = True
    type: TypeEngine[bool] = Boolean()

    def __init__(self, column: str) -> None:
        self.column = column


@compiles(TwelveDigits)
def _twelve_digits_sqlite(element: TwelveDigits, compiler: SQLCompiler, **kw: Any) -> str:
    c = element.column
    return f"{c} IS NULL OR (length({c}) = 12 AND {c} NOT GLOB '*[^0-9]*')"


@compiles(TwelveDigits, POSTGRESQL)
def _twelve_digits_pg(element: TwelveDigits, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{element.column} IS NULL OR {element.column} ~ '^[0-9]{{12}}$'"


# --- queries --------------------------------------------------------------------------------


def json_rows_around(dialect: str) -> tuple[str, str]:
    """What goes before and after a list of columns to make :func:`json_rows` of them."""
    if dialect == POSTGRESQL:
        return "coalesce(json_agg(json_build_array(", ")), '[]'::json)::text"
    return "json_group_array(json_array(", "))"


def json_rows(dialect: str, columns: str) -> str:
    """An aggregate: one JSON array of the rows, each a JSON array of ``columns``, as text
    (an empty array for no rows)."""
    before, after = json_rows_around(dialect)
    return before + columns + after


def earliest_time(dialect: str) -> str:
    """A literal before every stored timestamp."""
    return "'-infinity'::timestamp" if dialect == POSTGRESQL else "''"


# --- the DBS bulk load ----------------------------------------------------------------------


def placeholders(dialect: str, count: int) -> str:
    """``count`` positional parameters for exec_driver_sql."""
    mark = "%s" if dialect == POSTGRESQL else "?"
    return ", ".join([mark] * count)


def after_explicit_ids(connection: Connection, table: str) -> None:
    """After rows were inserted with ids chosen by the app: PostgreSQL's sequence for the
    table moves past them (SQLite takes the next id after the largest by itself)."""
    if name_of(connection) == POSTGRESQL:
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
        )


def bulk_load_on(connection: Connection) -> None:
    connection.exec_driver_sql(f"SET LOCAL {BULK_SETTING} = 'on'")


def bulk_load_off(connection: Connection) -> None:
    connection.exec_driver_sql(f"SET LOCAL {BULK_SETTING} = 'off'")


# --- writers that must not overlap ------------------------------------------------------------


def try_import_lock(connection: Connection, key: int, wait: float) -> bool:
    """Try to take the import lock as the first statement of ``connection``'s transaction:
    True if it is held now (to the transaction's end), False if another writer has it.

    SQLite: ``BEGIN IMMEDIATE``, the database's write lock, waiting up to ``wait`` seconds
    (pysqlite would otherwise begin only at the first write, after the register was read).
    PostgreSQL: ``pg_try_advisory_xact_lock`` on ``key`` (the provider's), at once; with
    READ COMMITTED, each later statement sees what the other import committed."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    if name_of(connection) == POSTGRESQL:
        held = connection.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}
        ).scalar()
        return bool(held)
    if name_of(connection) != SQLITE:
        return True  # another database: its own locking decides
    driver = connection.connection.driver_connection
    if getattr(driver, "in_transaction", False):
        raise RuntimeError("the import lock must be the transaction's first statement")
    usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
    connection.exec_driver_sql(f"PRAGMA busy_timeout={max(int(wait * 1000), 0):d}")
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except OperationalError as exc:
        reason = str(exc.orig).lower()
        if "locked" in reason or "busy" in reason:
            return False
        raise
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(usual or 0):d}")
    return True


# --- telling other clients what changed -------------------------------------------------------

#: The channel on which every commit that wrote names the tables it wrote (PostgreSQL).
CHANGED_CHANNEL = "bscp_changed"
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(?P<table>\w+)", re.IGNORECASE
)
_WRITTEN = "bscp_written"


#: Each engine's name on the channel (a random token), so a watcher can skip its own
#: client's commits: the windows that made them already show them.
_WRITERS: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def announce_writes(engine: Engine) -> None:
    """On PostgreSQL, each transaction that wrote ends with ``NOTIFY bscp_changed``, the
    payload ``WRITER:TABLE,TABLE...`` (this engine's token, the tables written), delivered to
    listeners when -- and only if -- it commits. SQLite needs nothing: a watcher sees its
    ``data_version`` move."""
    if engine.dialect.name != POSTGRESQL:
        return
    writer = _WRITERS.setdefault(engine, uuid.uuid4().hex[:16])

    def noted(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        found = _WRITE.match(statement)
        if found is not None:
            written: set[str] = conn.info.setdefault(_WRITTEN, set())
            written.add(found["table"].lower())

    def announce(conn: Connection) -> None:
        written: set[str] | None = conn.info.pop(_WRITTEN, None)
        if written:
            payload = f"{writer}:" + ",".join(sorted(written))[:7000]
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("SELECT pg_notify(%s, %s)", (CHANGED_CHANNEL, payload))

    def forget(conn: Connection) -> None:
        conn.info.pop(_WRITTEN, None)

    event.listen(engine, "before_cursor_execute", noted)
    event.listen(engine, "commit", announce)
    event.listen(engine, "rollback", forget)


def writer_of(engine: Engine) -> str | None:
    """The token ``engine``'s commits are announced with (None: not announced)."""
    return _WRITERS.get(engine)


def others_tables(payloads: list[str], own: str | None) -> set[str] | None:
    """The tables named by notifications from other writers than ``own``, or None if every
    one was ``own``'s."""
    tables: set[str] | None = None
    for payload in payloads:
        writer, _, names = payload.rpartition(":")
        if own is not None and writer == own:
            continue
        tables = tables or set()
        tables.update(t for t in names.split(",") if t)
    return tables


def start_listening(driver_connection: Any) -> None:
    """Make a dedicated connection (autocommit) receive :data:`CHANGED_CHANNEL`."""
    driver_connection.autocommit = True
    driver_connection.execute(f"LISTEN {CHANGED_CHANNEL}")


def notifications(driver_connection: Any) -> list[str]:
    """The payloads received on a listening connection since the last call (not waiting)."""
    return [n.payload for n in driver_connection.notifies(timeout=0.0)]


def data_version(driver_connection: Any) -> int:
    """SQLite's ``PRAGMA data_version`` on a dedicated connection: it moves whenever another
    connection commits."""
    return int(driver_connection.execute("PRAGMA data_version").fetchone()[0])


#: Words in a driver's error that mean the server cannot be reached or the connection broke.
_LOST = (
    "connection refused", "could not connect", "connection failed", "server closed the connection",
    "terminating connection", "connection is lost", "connection is closed",
    "consuming input failed", "connection timed out", "no connection to the server",
    "the database system is shutting down", "the database system is starting up",
    "connection reset", "broken pipe", "ssl syscall",
    "can't reconnect until invalid transaction is rolled back",
)  # fmt: skip


def lost_connection(exc: BaseException) -> bool:
    """Whether a failure was the database server being out of reach (PostgreSQL), rather than
    the database refusing what was asked -- or a failure while cleaning up after that (a
    statement on the connection found broken)."""
    seen: BaseException | None = exc
    for _ in range(8):  # the failure, and what it happened while handling
        if seen is None:
            return False
        if getattr(seen, "connection_invalidated", False):
            return True
        text = str(getattr(seen, "orig", None) or seen).lower()
        if any(words in text for words in _LOST):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
