"""Subcommands for minutes and papers where councils use them: e-mail drafts, calendar
files and search (see cli/main.py for the conventions)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.wording import counted

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store


def register(commands: Any, db_option: Any) -> None:
    mail = commands.add_parser(
        "email-minutes", help="write an e-mail draft of a meeting's minutes (.eml)"
    )
    db_option(mail, top=False)
    mail.add_argument("id", type=int, metavar="ID")
    mail.add_argument("--out", required=True, metavar="FILE.eml")
    mail.add_argument("--json", action="store_true", help="print one JSON document")
    mail.set_defaults(handler=cmd_email_minutes)

    remind = commands.add_parser(
        "remind-actions", help="write one e-mail draft per owner of open actions"
    )
    db_option(remind, top=False)
    remind.add_argument("--contract", metavar="REF", help="only this contract's actions")
    remind.add_argument("--out", required=True, metavar="DIR")
    remind.add_argument("--json", action="store_true", help="print one JSON document")
    remind.set_defaults(handler=cmd_remind_actions)

    invite = commands.add_parser(
        "export-ics", help="write a meeting's calendar invitation (or cancellation) as .ics"
    )
    db_option(invite, top=False)
    invite.add_argument("id", type=int, metavar="ID")
    invite.add_argument("--cancel", action="store_true", help="a cancellation instead")
    invite.add_argument("--out", required=True, metavar="FILE.ics")
    invite.add_argument("--json", action="store_true", help="print one JSON document")
    invite.set_defaults(handler=cmd_export_ics)

    feed = commands.add_parser(
        "export-calendar",
        help="write future meetings, decision deadlines, contract ends and action due dates",
    )
    db_option(feed, top=False)
    feed.add_argument("--contract", metavar="REF", help="only this contract")
    feed.add_argument("--out", required=True, metavar="FILE.ics")
    feed.add_argument("--json", action="store_true", help="print one JSON document")
    feed.set_defaults(handler=cmd_export_calendar)

    find = commands.add_parser(
        "search", help="search minutes, actions, contracts, providers and people"
    )
    db_option(find, top=False)
    find.add_argument("text", metavar="TEXT")
    find.add_argument("--json", action="store_true", help="print one JSON document")
    find.set_defaults(handler=cmd_search)


def _contract_id(store: Store, reference: str | None) -> int | None:
    if reference is None:
        return None
    from bscp_monitor.contracts.register import find_contract

    contract = find_contract(store, reference)
    if contract is None:
        raise UserError(f"There is no contract with the reference {reference}.")
    return contract.id


def _suffix(out: Path, suffix: str, what: str) -> None:
    if out.suffix.lower() != suffix:
        raise UserError(f"{what}: give a file name ending {suffix}, not {out.name}.")


def cmd_email_minutes(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.reports.minutes_email import write_minutes_email

    out = Path(args.out)
    _suffix(out, ".eml", "The e-mail draft is an .eml file")
    draft = write_minutes_email(store, args.id, out)
    to = ", ".join(draft.to) if draft.to else "nobody yet (no attendee has an e-mail address)"
    output.emit(
        {"written": str(out), "to": list(draft.to), "subject": draft.subject},
        f"E-mail draft written to {out}, addressed to {to}",
    )
    return 0


def cmd_remind_actions(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.reports.minutes_email import write_action_reminders

    contract_id = _contract_id(store, args.contract)
    folder = Path(args.out)
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder} is a file, not a folder. Name a folder for the drafts.")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise UserError(f"The folder {folder.parent} does not exist.")
        folder.mkdir()
    drafts = write_action_reminders(store, folder, date.today(), contract_id)
    output.emit(
        {"written": [str(d.path) for d in drafts], "owners": len(drafts)},
        f"{counted(len(drafts), 'reminder')} written to {folder}"
        if drafts
        else "No open actions: no reminders written.",
    )
    return 0


def cmd_export_ics(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.reports.calendar_ics import meeting_invitation, write_calendar

    out = Path(args.out)
    _suffix(out, ".ics", "Calendar files end .ics")
    write_calendar(meeting_invitation(store, args.id, cancel=args.cancel), out)
    what = "Cancellation" if args.cancel else "Invitation"
    output.emit({"written": str(out)}, f"{what} written to {out}")
    return 0


def cmd_export_calendar(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.reports.calendar_ics import calendar_feed, write_calendar

    out = Path(args.out)
    _suffix(out, ".ics", "Calendar files end .ics")
    cal = calendar_feed(store, date.today(), _contract_id(store, args.contract))
    events = len(cal.walk("VEVENT"))
    write_calendar(cal, out)
    output.emit({"written": str(out), "events": events},
                f"{counted(events, 'event')} written to {out}")  # fmt: skip
    return 0


def cmd_search(store: Store, args: argparse.Namespace, output: Any) -> int:
    from dataclasses import asdict

    from bscp_monitor.papers.search import search

    hits = search(store, args.text)
    lines = [f"{h.kind:<14} {h.where}\n               {h.snippet}" for h in hits]
    output.emit(
        {"hits": [asdict(h) for h in hits]},
        "\n".join(lines) if hits else f"Nothing found for “{args.text}”.",
    )
    return 0
