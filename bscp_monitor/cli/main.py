"""The command line: ``bscp-monitor`` opens the GUI; subcommands call the same core services.

Exit codes: 0 success, 1 a failure explained on stderr (database unchanged), 2 usage error.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from bscp_monitor import __version__
from bscp_monitor.cli.common import text_table
from bscp_monitor.common.errors import DatabaseError, StoreError, UserError
from bscp_monitor.data.precheck import precheck

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store


@dataclass(frozen=True)
class Output:
    """Where a command writes, and whether it writes JSON."""

    as_json: bool
    out: TextIO

    def emit(self, document: dict[str, Any], text: str) -> None:
        if self.as_json:
            json.dump(document, self.out, indent=2, ensure_ascii=False)
            self.out.write("\n")
        else:
            self.out.write(text.rstrip("\n") + "\n")


def _db_option(parser: argparse.ArgumentParser, top: bool) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None if top else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $BSCP_MONITOR_DB, "
        "else a file in your data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bscp-monitor",
        description="BSCP Monitor: safe commissioning of children's services. "
        "With no command, opens the desktop application.",
    )
    _db_option(parser, top=True)
    parser.add_argument("--demo", action="store_true", help="open the GUI on a fresh demo database")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    seed = commands.add_parser("seed-demo", help="fill an empty database with the demo data")
    _db_option(seed, top=False)
    seed.set_defaults(handler=_cmd_seed_demo, creates=True)

    listing = commands.add_parser("contracts", help="list the contracts in the register")
    _db_option(listing, top=False)
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.add_argument("--archived", action="store_true", help="include archived contracts")
    listing.set_defaults(handler=_cmd_contracts)

    from bscp_monitor.cli import meetings as cli_meetings

    cli_meetings.register(commands, _db_option, Output)

    from bscp_monitor.cli import dbs as cli_dbs

    cli_dbs.register(commands, _db_option)

    from bscp_monitor.cli import papers as cli_papers

    cli_papers.register(commands, _db_option)

    from bscp_monitor.cli import compliance as cli_compliance

    cli_compliance.register(commands, _db_option)

    from bscp_monitor.cli import server as cli_server

    cli_server.register(commands, _db_option)
    return parser


def _cmd_seed_demo(store: Store, args: argparse.Namespace, output: Output) -> int:
    from bscp_monitor.demo.seed import seed_demo

    summary = seed_demo(store)
    output.emit(
        {"providers": summary.providers, "contracts": summary.contracts},
        f"Demo data added to {store.url}: {summary.providers} providers, "
        f"{summary.contracts} contracts.",
    )
    return 0


def _cmd_contracts(store: Store, args: argparse.Namespace, output: Output) -> int:
    from bscp_monitor.common.dates import format_date, format_money
    from bscp_monitor.contracts.register import list_contracts

    records = list_contracts(store, include_archived=args.archived)
    document = {
        "contracts": [
            {
                "reference": c.reference,
                "title": c.title,
                "provider": c.provider_name,
                "status": c.status.value,
                "risk_level": c.risk_level.value,
                "contract_manager": c.contract_manager,
                "start_date": c.start_date.isoformat(),
                "end_date": c.end_date.isoformat(),
                "decision_deadline": c.decision_deadline.isoformat(),
                "deadline_state": c.deadline_state.value,
                "value_pence": c.value_pence,
                "archived": c.archived,
            }
            for c in records
        ]
    }
    rows = [("Reference", "Title", "Provider", "Status", "Risk", "Ends", "Decision by", "Value")]
    for c in records:
        flag = {"passed": " PASSED", "soon": " SOON"}.get(c.deadline_state.value, "")
        rows.append(
            (
                c.reference,
                c.title if len(c.title) <= 44 else c.title[:43] + "…",
                c.provider_name,
                c.status.value.capitalize() + (" (archived)" if c.archived else ""),
                c.risk_level.value.capitalize(),
                format_date(c.end_date),
                format_date(c.decision_deadline) + flag,
                format_money(c.value_pence),
            )
        )
    text = text_table(rows) if records else "No contracts in the register."
    output.emit(document, text)
    return 0


def _ask_password(shown_url: str) -> str | None:
    """The password a server asks for, typed by the person (not echoed; kept in memory)."""
    import getpass

    try:
        return getpass.getpass(f"Password for {shown_url}: ") or None
    except (EOFError, KeyboardInterrupt):
        return None


def _fail(message: str) -> int:
    sys.stderr.write(f"bscp-monitor: {message}\n")
    return 1


def _new_database(location: str | None) -> Path | None:
    """The SQLite file named (by --db or the environment) if it does not exist yet: a command
    would make it. (None for the app's own default database, a URL of another kind, or a
    file that exists.)"""
    import os

    from bscp_monitor.data.store import ENV_VAR, resolve_url, sqlite_path

    chosen = location or os.environ.get(ENV_VAR)
    if not chosen:
        return None
    path = sqlite_path(resolve_url(chosen))
    return path if path is not None and not path.exists() else None


def _refuse_missing(location: str | None) -> None:
    """A database file named that does not exist is a typo, not a wish for a new, empty
    register: a command that only reads or exports refuses it."""
    missing = _new_database(location)
    if missing is not None:
        raise StoreError(
            f"There is no database at {missing}. Check the path (seed-demo, import-dbs and the "
            "app make a new one there)."
        )


def _open_gui(args: argparse.Namespace) -> int:
    from bscp_monitor.ui.app import run_gui

    if args.demo:
        from bscp_monitor.data.store import Store
        from bscp_monitor.demo.seed import seed_demo

        folder = Path(tempfile.mkdtemp(prefix="bscp-monitor-demo-"))
        store = Store.open(args.db or folder / "demo.sqlite3")
        if not args.db:
            seed_demo(store)
        return run_gui(store, demo=True)
    # Refuse an unusable file here, before any window; the rest opens in the background.
    precheck(args.db)
    return run_gui(location=args.db)


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The parser, built once per process: parsing leaves it as it was, and building it is
    most of what a quick command costs when ``main`` runs many times in one process (the
    tests call it in-process hundreds of times)."""
    return build_parser()


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[Store, argparse.Namespace, Output], int] | None = getattr(
        args, "handler", None
    )
    try:
        if handler is None:
            return _open_gui(args)
        from bscp_monitor.data.store import Store

        new = _new_database(args.db)
        if not getattr(args, "creates", False):
            _refuse_missing(args.db)
        store = Store.open(args.db, ask_password=_ask_password if sys.stdin.isatty() else None)
        kept = False
        try:
            result = handler(store, args, Output(getattr(args, "json", False), sys.stdout))
            kept = result == 0 and not getattr(args, "dry_run", False)
            return result
        finally:
            store.close()
            if new is not None and not kept:  # nothing was stored: no empty register left
                for leftover in (new, *(Path(f"{new}{end}") for end in ("-wal", "-shm"))):
                    leftover.unlink(missing_ok=True)
    except (DatabaseError, UserError) as exc:  # the store's failures come out in words
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted.")
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away: stop quietly, as other tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:
        # A database failure that did not pass through the store (SQLAlchemy is imported
        # only here: the GUI's window shows before the database is opened, bench/startup.py).
        from sqlalchemy.exc import SQLAlchemyError

        from bscp_monitor.data.db_errors import database_message

        if not isinstance(exc, SQLAlchemyError):
            raise
        return _fail(database_message(exc))
