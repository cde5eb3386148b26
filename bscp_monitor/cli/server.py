"""Subcommands for a team on a server: init-server and copy-to (see cli/main.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from bscp_monitor.cli.common import text_table

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store


def register(commands: Any, db_option: Any) -> None:
    init = commands.add_parser(
        "init-server",
        help="set up a PostgreSQL database for a team: the schema and the roles "
        "bscp_reader, bscp_editor, bscp_dbs_officer (safe to run again)",
    )
    db_option(init, top=False)
    init.add_argument("--json", action="store_true", help="print one JSON document")
    init.set_defaults(handler=cmd_init_server, creates=True)

    copy = commands.add_parser(
        "copy-to",
        help="copy the whole database (audit trail included) into an empty one and verify it",
    )
    db_option(copy, top=False)
    copy.add_argument("target", metavar="URL_OR_FILE", help="an empty server database or new file")
    copy.add_argument("--json", action="store_true", help="print one JSON document")
    copy.set_defaults(handler=cmd_copy_to)


def cmd_init_server(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.data.server_roles import ROLE_NAMES, ROLES, initialise

    report = initialise(store)
    created = ", ".join(report.roles_created) or "none (they were there)"
    lines = [
        f"{store.url} is ready for a team: the schema ({report.tables} tables) and the roles.",
        f"Roles created: {created}.",
        *(f"  {role}: {ROLE_NAMES[role]}" for role in ROLES),
        "Give each person a login and one role, e.g.: "
        "CREATE ROLE alice LOGIN; GRANT bscp_editor TO alice;",
    ]
    output.emit(
        {"url": store.url, "roles": list(ROLES), "roles_created": report.roles_created},
        "\n".join(lines),
    )
    return 0


def cmd_copy_to(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.data.copying import copy_database
    from bscp_monitor.data.store import resolve_url, shown_url

    report = copy_database(store, args.target)
    target = shown_url(resolve_url(args.target))
    rows = [("Table", "Rows", "SHA-256 (both)")]
    rows += [(t.table, str(t.rows), t.checksum[:16]) for t in report.tables]
    text = (
        f"Copied {store.url} to {target}: {report.rows} rows in {len(report.tables)} tables, "
        "each verified (same rows, same checksum).\n" + text_table(rows)
    )
    output.emit(
        {
            "source": store.url,
            "target": target,
            "tables": [
                {"table": t.table, "rows": t.rows, "sha256": t.checksum} for t in report.tables
            ],
        },
        text,
    )
    return 0
