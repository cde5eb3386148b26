"""Subcommands for meetings, minutes and actions (see cli.py for the conventions)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bscp_monitor.common.errors import UserError
from bscp_monitor.common.wording import counted

if TYPE_CHECKING:
    from bscp_monitor.data.store import Store


def register(commands: Any, db_option: Any, output_type: Any) -> None:
    listing = commands.add_parser("meetings", help="list monitoring meetings")
    db_option(listing, top=False)
    listing.add_argument("--contract", metavar="REF", help="only this contract's meetings")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(handler=cmd_meetings)

    one = commands.add_parser("meeting", help="one meeting: attendees, agenda, actions")
    db_option(one, top=False)
    one.add_argument("id", type=int, metavar="ID")
    one.add_argument("--json", action="store_true", help="print one JSON document")
    one.set_defaults(handler=cmd_meeting)

    minutes = commands.add_parser(
        "export-minutes", help="write a meeting's minutes as PDF or Word (.docx)"
    )
    db_option(minutes, top=False)
    minutes.add_argument("id", type=int, metavar="ID")
    minutes.add_argument("--out", required=True, metavar="FILE.pdf|FILE.docx")
    minutes.set_defaults(handler=cmd_export_minutes)

    acts = commands.add_parser("actions", help="list actions")
    db_option(acts, top=False)
    acts.add_argument("--contract", metavar="REF", help="only this contract's actions")
    acts.add_argument("--open", action="store_true", help="only actions not done or dropped")
    acts.add_argument("--json", action="store_true", help="print one JSON document")
    acts.set_defaults(handler=cmd_actions)

    export = commands.add_parser(
        "export-actions", help="write the action log (.xlsx, .pdf or .docx)"
    )
    db_option(export, top=False)
    export.add_argument("--contract", metavar="REF", help="only this contract's actions")
    export.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.pdf|FILE.docx")
    export.set_defaults(handler=cmd_export_actions)


def _contract_id(store: Store, reference: str | None) -> int | None:
    if reference is None:
        return None
    from bscp_monitor.contracts.register import find_contract

    contract = find_contract(store, reference)
    if contract is None:
        raise UserError(f"There is no contract with the reference {reference}.")
    return contract.id


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def cmd_meetings(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.common.clock import format_local, to_local
    from bscp_monitor.meetings.meetings import STATUS_LABELS, list_meetings

    records = list_meetings(store, _contract_id(store, args.contract))
    document = {
        "meetings": [
            {
                "id": m.id,
                "contract": m.contract_reference,
                "title": m.contract_title,
                "provider": m.provider_name,
                "starts_at": to_local(m.starts_at).isoformat(),
                "venue": m.venue,
                "online": m.online,
                "chair": m.chair,
                "status": m.status.value,
            }
            for m in records
        ]
    }
    lines = [
        f"{m.id:>4}  {format_local(m.starts_at)}  {m.contract_reference:<14} "
        f"{STATUS_LABELS[m.status]:<14} {m.venue or ('Online' if m.online else '')}"
        for m in records
    ]
    output.emit(document, "\n".join(lines) if lines else "No meetings.")
    return 0


def _action_json(a: Any) -> dict[str, Any]:
    return {
        "ref": a.ref,
        "id": a.id,
        "contract": a.contract_reference,
        "meeting_id": a.meeting_id,
        "agenda_item": a.agenda_item_title,
        "description": a.description,
        "owner": a.owner,
        "owner_organisation": a.owner_organisation,
        "due_date": _iso(a.due_on),
        "status": a.status.value,
        "completed_on": _iso(a.completed_on),
        "overdue": a.overdue(date.today()),
        "updates": [
            {
                "at": u.at.isoformat(),
                "meeting_id": u.meeting_id,
                "status": u.status.value,
                "note": u.note,
            }
            for u in a.updates
        ],
    }


def cmd_meeting(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.common.clock import format_local, to_local
    from bscp_monitor.meetings.actions import meeting_actions
    from bscp_monitor.meetings.meetings import STATUS_LABELS, get_meeting

    detail = get_meeting(store, args.id)
    raised, carried = meeting_actions(store, args.id)
    m = detail.meeting
    document = {
        "id": m.id,
        "contract": m.contract_reference,
        "title": m.contract_title,
        "provider": m.provider_name,
        "starts_at": to_local(m.starts_at).isoformat(),
        "venue": m.venue,
        "online": m.online,
        "chair": m.chair,
        "minute_taker": m.minute_taker,
        "status": m.status.value,
        "approved_by": m.approved_by or None,
        "approved_at": m.approved_at.isoformat() if m.approved_at else None,
        "next_meeting_on": _iso(m.next_meeting_on),
        "attendees": [
            {
                "name": a.name,
                "organisation": a.organisation,
                "role": a.role,
                "attendance": a.attendance.value,
            }
            for a in detail.attendees
        ],
        "agenda": [
            {
                "position": i.position,
                "title": i.title,
                "kind": i.kind.value,
                "mandatory": i.mandatory,
                "discussion": i.discussion,
                "decisions": i.decisions,
                "prompts": [
                    {
                        "key": p.key,
                        "question": p.question,
                        "response": p.response,
                        "concern": p.concern,
                    }
                    for p in i.prompts
                ],
            }
            for i in detail.items
        ],
        "actions": [_action_json(a) for a in raised],
        "carried_forward": [_action_json(a) for a in carried],
    }
    lines = [
        f"Meeting {m.id}: {m.contract_reference} {m.contract_title} ({m.provider_name})",
        f"{format_local(m.starts_at)} · {m.venue or ('Online' if m.online else 'no venue')} · "
        f"{STATUS_LABELS[m.status]}",
        "",
        "Attendees:",
        *[
            f"  {a.name} ({a.organisation}, {a.role}) — {a.attendance.value}"
            for a in detail.attendees
        ],
        "",
    ]
    for n, item in enumerate(detail.items, start=1):
        lines.append(f"{n}. {item.title}")
        for p in item.prompts:
            if p.response or p.concern:
                flag = " [CONCERN]" if p.concern else ""
                lines.append(f"   - {p.question}{flag}\n     {p.response}")
        if item.discussion:
            lines.append(f"   {item.discussion}")
        if item.decisions:
            lines.append(f"   Decisions: {item.decisions}")
    lines.append("")
    lines.append("Actions:")
    for a in [*carried, *raised]:
        lines.append(f"  {a.ref}  {a.status.value:<11} {a.owner}: {a.description}")
    output.emit(document, "\n".join(lines))
    return 0


def cmd_export_minutes(store: Store, args: argparse.Namespace, output: Any) -> int:
    out = Path(args.out)
    if out.suffix.lower() == ".docx":
        from bscp_monitor.reports.minutes_docx import export_minutes_docx

        export_minutes_docx(store, args.id, out)
    elif out.suffix.lower() == ".pdf":
        from bscp_monitor.reports.minutes_pdf import export_minutes

        export_minutes(store, args.id, out)
    else:
        raise UserError(
            "Minutes are written as PDF or Word: give a file name ending .pdf or .docx, "
            f"not {out.name}."
        )
    output.emit({"written": str(out)}, f"Minutes written to {out}")
    return 0


def cmd_actions(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.common.dates import format_date
    from bscp_monitor.meetings.actions import STATUS_LABELS, ActionFilter, list_actions

    records = list_actions(
        store, ActionFilter(contract_id=_contract_id(store, args.contract), open_only=args.open)
    )
    today = date.today()
    lines = [
        f"{a.ref:<20} {STATUS_LABELS[a.status]:<12} due {format_date(a.due_on) or '—':<10}"
        f"{' OVERDUE' if a.overdue(today) else '':<8} {a.owner}: {a.description}"
        for a in records
    ]
    output.emit(
        {"actions": [_action_json(a) for a in records]},
        "\n".join(lines) if lines else "No actions.",
    )
    return 0


def cmd_export_actions(store: Store, args: argparse.Namespace, output: Any) -> int:
    from bscp_monitor.meetings.actions import ActionFilter, list_actions
    from bscp_monitor.reports.action_log import export_action_log

    contract_id = _contract_id(store, args.contract)
    records = list_actions(store, ActionFilter(contract_id=contract_id))
    title = f"Contract {args.contract}" if args.contract else "All contracts"
    out = export_action_log(records, Path(args.out), title)
    output.emit(
        {"written": str(out), "actions": len(records)},
        f"{counted(len(records), 'action')} written to {out}",
    )
    return 0
