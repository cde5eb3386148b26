"""Subcommands for the DBS register: import-dbs and dbs (see cli.py for the conventions)."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bscp_monitor.common.errors import UserError

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store

log = logging.getLogger(__name__)
T = TypeVar("T")


def register(commands: Any, db_option: Any) -> None:
    imp = commands.add_parser("import-dbs", help="import a provider's DBS spreadsheet")
    db_option(imp, top=False)
    imp.add_argument("file", metavar="FILE", help=".xlsx, .xlsm, .xls, .ods or .csv")
    imp.add_argument(
        "--provider", required=True, metavar="NAME", help="the provider (created if new)"
    )
    imp.add_argument("--sheet", metavar="NAME", help="only this sheet")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="read the column HEADER as FIELD (repeatable; FIELD 'ignore' skips it)",
    )
    imp.add_argument("--dry-run", action="store_true", help="check the file, change nothing")
    imp.add_argument("--rejects", metavar="OUT.xlsx", help="write the rejected rows here")
    imp.add_argument("--json", action="store_true", help="print one JSON document")
    imp.add_argument(
        "--reveal",
        action="store_true",
        help="show full certificate numbers in the changes (recorded in the audit trail)",
    )
    imp.set_defaults(handler=cmd_import, creates=True)

    purge = commands.add_parser(
        "purge-leavers",
        help="erase the certificate numbers and dates of birth of people who left more than "
        "the retention period (default 12 months) ago",
    )
    db_option(purge, top=False)
    purge.add_argument("--dry-run", action="store_true", help="say who, change nothing")
    purge.add_argument("--json", action="store_true", help="print one JSON document")
    purge.set_defaults(handler=cmd_purge_leavers)

    listing = commands.add_parser("dbs", help="list the DBS register")
    db_option(listing, top=False)
    listing.add_argument("--provider", metavar="NAME", help="only this provider's staff")
    listing.add_argument(
        "--reveal",
        action="store_true",
        help="show full certificate numbers (recorded in the audit trail)",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=cmd_dbs)


def _overrides(pairs: list[str]) -> dict[str, Any]:
    from bscp_monitor.dbs.columns import parse_field

    overrides = {}
    for pair in pairs:
        header, sep, field = pair.rpartition("=")
        if not sep or not header.strip():
            raise UserError(f"--map '{pair}' should be written as \"Header text=field\".")
        try:
            overrides[header.strip()] = parse_field(field.strip())
        except ValueError as exc:
            raise UserError(str(exc)) from exc
    return overrides


def _planned(store: Store, path: Path, args: argparse.Namespace, work: Callable[[], T]) -> T:
    """The plan or the import; whatever goes wrong reading the file is one line."""
    from sqlalchemy.exc import SQLAlchemyError

    from bscp_monitor.data.errors import DatabaseError
    from bscp_monitor.dbs.spreadsheet_reader import one_line

    try:
        return work()
    except (
        UserError,
        DatabaseError,  # the database's own words (busy, another import running, ...)
        SQLAlchemyError,
        KeyboardInterrupt,
        SystemExit,
        GeneratorExit,
    ):
        raise
    except BaseException as exc:
        log.debug("Reading %s failed", path, exc_info=True)
        raise UserError(
            f"{path.name} could not be read ({one_line(exc)}); nothing was imported."
        ) from exc


def cmd_import(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.dbs.changes import CHANGE_LABELS, shown
    from bscp_monitor.dbs.importer import change_documents, import_file, plan_import, result_of

    overrides = _overrides(args.map)
    path = Path(args.file)
    rejects = None
    if args.rejects:
        from bscp_monitor.dbs.rejects import write_rejects

        def rejects(plan: Any) -> None:
            write_rejects(plan, Path(args.rejects))

    if args.dry_run:
        plan = _planned(
            store,
            path,
            args,
            lambda: plan_import(store, path, args.provider, args.sheet, overrides),
        )
        if rejects is not None:
            rejects(plan)
        result = result_of(plan)
    else:
        # Before the import commits: a rejects file that cannot be written fails the command
        # (exit 1), and exit 1 must mean nothing was imported.
        result = _planned(
            store,
            path,
            args,
            lambda: import_file(
                store, path, args.provider, args.sheet, overrides, before_commit=rejects
            ),
        )
    document = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "problems": [
            {
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in result.problems
        ],
        "changes": change_documents(result.changes, reveal=args.reveal),
    }
    if args.reveal and any(c.field == "certificate_number" for c in result.changes):
        from bscp_monitor.dbs.register import record_reveal_of_register

        revealed = sum(1 for c in result.changes if c.field == "certificate_number")
        record_reveal_of_register(store, None, revealed)
    verb = "Checked (nothing imported)" if args.dry_run else "Imported"
    lines = [
        f"{verb} {path.name} for {args.provider}: {result.rows} rows — {result.created} created, "
        f"{result.updated} updated, {result.unchanged} unchanged, {result.rejected} rejected."
    ]
    for p in result.problems:
        where = f"{p.sheet}!" if p.sheet else ""
        column = f" [{p.column}]" if p.column else ""
        lines.append(f"  {where}row {p.row}{column} {p.severity.value}: {p.message}")
    for c in result.changes:
        where = f"{c.sheet}!" if c.sheet else ""

        def value(v: object, name: str = c.field) -> str:
            if name == "certificate_number" and args.reveal and v:
                return str(v)
            return shown(name, v)

        lines.append(
            f"  {where}row {c.row} change: {CHANGE_LABELS[c.field]}: "
            f"{value(c.old)} -> {value(c.new)}"
        )
    output.emit(document, "\n".join(lines))
    return 0


def cmd_dbs(store: Store, args: argparse.Namespace, output: Any) -> int:
    from dataclasses import replace

    from bscp_monitor.contracts.providers import find_provider
    from bscp_monitor.dbs.register import (
        STATUS_LABELS,
        list_staff,
        numbers_hidden_here,
        record_reveal_of_register,
        reveal_certificate,
    )

    provider_id = None
    if args.provider:
        provider = find_provider(store, args.provider)
        if provider is None:
            raise UserError(f"There is no provider called '{args.provider}'.")
        provider_id = provider.id
    staff = list_staff(store, provider_id)
    if args.reveal and numbers_hidden_here(store):
        # On a team server only its own function reveals a number (DBS officers; each one
        # audited by the server), and anyone else is refused in words.
        staff = [
            replace(s, certificate_number=reveal_certificate(store, s.id))
            if s.certificate_number
            else s
            for s in staff
        ]
    elif args.reveal:
        record_reveal_of_register(store, provider_id, len(staff))

    def number(s: Any) -> str | None:
        return s.certificate_number if args.reveal else (s.masked_number or None)

    document = {
        "staff": [
            {
                "provider": s.provider_name,
                "name": s.full_name,
                "role": s.role,
                "contact_level": s.contact_level.value,
                "certificate_number": number(s),
                "level": s.level.value,
                "issue_date": s.issue_date.isoformat() if s.issue_date else None,
                "expiry_date": s.expiry_date.isoformat() if s.expiry_date else None,
                "status": s.status.value,
            }
            for s in staff
        ]
    }
    lines = [
        f"{s.provider_name[:24]:<24} {s.full_name[:28]:<28} {number(s) or '—':<13} "
        f"{(s.expiry_date.strftime('%d/%m/%Y') if s.expiry_date else '—'):<10} "
        f"{STATUS_LABELS[s.status]}"
        for s in staff
    ]
    output.emit(document, "\n".join(lines) if lines else "The DBS register is empty.")
    return 0


def cmd_purge_leavers(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.common.dates import format_date
    from bscp_monitor.dbs.retention import purge_leavers

    result = purge_leavers(store, dry_run=args.dry_run)
    lines = [result.summary()]
    lines += [f"  {p.name} ({p.provider}), left {format_date(p.left_on)}" for p in result.people]
    output.emit(result.as_json(), "\n".join(lines))
    return 0
