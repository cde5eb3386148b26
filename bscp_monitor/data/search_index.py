"""The full-text index of what was said (search), and the one place its SQL is written.

SQLite: ``search_index``, an FTS5 table with the Porter stemmer ("safeguard" finds
"safeguarding"), contentless (the text stays in its own table: the index holds only the
words) and ``detail=none`` (no positions), so it stays small; triggers keep it current as
discussion, decisions, prompt answers, actions and their updates are written. Each row's id
is the source row's id times ``KINDS`` plus the source's kind number.

PostgreSQL: no table; ``matching`` asks PostgreSQL's own full-text search
(``to_tsvector('english', ...) @@ websearch_to_tsquery('english', ...)``) over the same
sources. Nothing outside this module writes search SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection

from bscp_monitor.data import dialect

TABLE = "search_index"
KINDS = 8


@dataclass(frozen=True)
class Source:
    kind: int
    table: str
    #: The indexed text as an SQL expression over the row (``{row}.`` before each column).
    text: str
    columns: tuple[str, ...]


SOURCES = (
    Source(1, "agenda_item", "{row}.discussion || ' ' || {row}.decisions",
           ("discussion", "decisions")),
    Source(2, "prompt_response", "{row}.response", ("response",)),
    Source(3, "action", "{row}.description || ' ' || {row}.owner", ("description", "owner")),
    Source(4, "action_update", "{row}.note", ("note",)),
)  # fmt: skip
BY_KIND = {s.kind: s for s in SOURCES}


def _triggers(source: Source) -> dict[str, str]:
    rowid = f"{{row}}.id * {KINDS} + {source.kind}"
    new_row = f"INSERT INTO {TABLE}(rowid, body) VALUES ({rowid}, {source.text});".format(row="new")
    old_row = (
        f"INSERT INTO {TABLE}({TABLE}, rowid, body) VALUES ('delete', {rowid}, {source.text});"
    ).format(row="old")
    name = f"trg_search_{source.table}"
    columns = ", ".join(source.columns)
    return {
        f"{name}_insert": f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source.table} "
        f"BEGIN {new_row} END",
        f"{name}_update": f"CREATE TRIGGER {name}_update AFTER UPDATE OF {columns} ON "
        f"{source.table} BEGIN {old_row} {new_row} END",
        f"{name}_delete": f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source.table} "
        f"BEGIN {old_row} END",
    }


TRIGGERS = {name: ddl for s in SOURCES for name, ddl in _triggers(s).items()}
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5(body, content='', detail=none, "
    "tokenize='porter unicode61 remove_diacritics 2')"
)


def install(connection: Connection) -> None:
    """Create the index and its triggers and index what is already written (SQLite only)."""
    if dialect.name_of(connection) != dialect.SQLITE:
        return
    connection.exec_driver_sql(CREATE)
    for ddl in TRIGGERS.values():
        connection.exec_driver_sql(ddl)
    for s in SOURCES:
        connection.exec_driver_sql(
            f"INSERT INTO {TABLE}(rowid, body) SELECT id * {KINDS} + {s.kind}, "
            + s.text.format(row=s.table)
            + f" FROM {s.table}"
        )


def uninstall(connection: Connection) -> None:
    if dialect.name_of(connection) != dialect.SQLITE:
        return
    for name in TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


def is_index_table(name: str) -> bool:
    """The index and the tables FTS5 keeps for it (not in the models)."""
    return name == TABLE or name.startswith(f"{TABLE}_")


def modelled(name: str | None, kind: str, _parent: object) -> bool:
    """For Alembic's ``include_name``: every table but the index's is in the models."""
    return not (kind == "table" and name is not None and is_index_table(name))


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a search, as the index splits them."""
    return _WORD.findall(text)


def matching(connection: Connection, text: str, limit: int) -> list[tuple[int, int]]:
    """(kind, source row id) of the best matches for every word of ``text`` (each also as
    the start of a longer word), best first."""
    terms = words(text)
    if not terms:
        return []
    if dialect.name_of(connection) != dialect.SQLITE:
        return _postgresql(connection, terms, limit)
    query = " AND ".join(f'"{t}"*' for t in terms)
    rows = connection.exec_driver_sql(
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? ORDER BY rank LIMIT ?",
        (query, limit),
    ).all()
    return [(int(r[0]) % KINDS, int(r[0]) // KINDS) for r in rows]


def _postgresql(connection: Connection, terms: list[str], limit: int) -> list[tuple[int, int]]:
    query = " & ".join(f"{t}:*" for t in terms)
    parts = [
        f"SELECT {s.kind} AS kind, id, ts_rank(to_tsvector('english', "
        f"{s.text.format(row=s.table)}), to_tsquery('english', %(q)s)) AS rank "
        f"FROM {s.table} WHERE to_tsvector('english', {s.text.format(row=s.table)}) "
        "@@ to_tsquery('english', %(q)s)"
        for s in SOURCES
    ]
    sql = " UNION ALL ".join(parts) + " ORDER BY rank DESC LIMIT %(limit)s"
    rows = connection.exec_driver_sql(sql, {"q": query, "limit": limit}).all()
    return [(int(r[0]), int(r[1])) for r in rows]
