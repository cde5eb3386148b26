"""One search across what was said and who: minutes (discussion, decisions, prompt answers),
actions and their updates through the full-text index (data/search_index: English
stemming, so "safeguard" finds "safeguarding"), and contracts, providers, attendees and
staff by name. Each hit says where it is, shows the words in context, and carries the ids
to open it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from bscp_monitor.common.caseless import caseless
from bscp_monitor.common.clock import to_local
from bscp_monitor.common.dates import format_date
from bscp_monitor.data import search_index
from bscp_monitor.data.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendee,
    Contract,
    Meeting,
    PromptResponse,
    Provider,
    StaffMember,
)
from bscp_monitor.data.store import Store

LIMIT = 50
CONTEXT = 60  # characters either side of the first match


@dataclass(frozen=True)
class Hit:
    kind: str  # "minutes", "prompt", "action", "action update", "contract", "provider", ...
    where: str  # in words: contract, meeting date, item
    snippet: str
    contract_id: int | None = None
    meeting_id: int | None = None
    agenda_item_id: int | None = None
    action_id: int | None = None
    provider_id: int | None = None


def snippet(text: str, terms: list[str]) -> str:
    """The text around the first word starting like a search word ("…" where cut)."""
    flat = " ".join(text.split())
    stems = [t.casefold()[: max(4, len(t) - 3)] for t in terms]  # safeguarding ~ safeguard
    found = None
    for stem in stems:
        match = re.search(r"\b" + re.escape(stem), flat, re.IGNORECASE)
        if match and (found is None or match.start() < found):
            found = match.start()
    if found is None:
        found = 0
    start, end = max(0, found - CONTEXT), min(len(flat), found + CONTEXT * 2)
    return ("…" if start else "") + flat[start:end].strip() + ("…" if end < len(flat) else "")


def _meeting_place(ref: str, meeting: Meeting, item: AgendaItem | None) -> str:
    day = format_date(to_local(meeting.starts_at).date())
    return f"{ref} · meeting of {day}" + (f" · {item.title}" if item is not None else "")


def search(store: Store, text: str, limit: int = LIMIT) -> list[Hit]:
    """The best ``limit`` hits for every word of ``text``: names first, then what was said."""
    terms = search_index.words(text)
    if not terms:
        return []
    with store.session() as session:
        hits = _names(session, terms)
        found = search_index.matching(session.connection(), text, limit)
        ids: dict[int, list[int]] = {}
        for kind, row_id in found:
            ids.setdefault(kind, []).append(row_id)
        said: dict[tuple[int, int], Hit] = {}
        refs = dict(session.execute(select(Contract.id, Contract.reference)).all())

        if ids.get(1):
            rows = session.execute(
                select(AgendaItem, Meeting)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(AgendaItem.id.in_(ids[1]))
            )
            for item, meeting in rows:
                body = "\n".join(t for t in (item.discussion, item.decisions) if t.strip())
                said[(1, item.id)] = Hit(
                    "minutes", _meeting_place(refs[meeting.contract_id], meeting, item),
                    snippet(body, terms), meeting.contract_id, meeting.id, item.id)  # fmt: skip
        if ids.get(2):
            rows2 = session.execute(
                select(PromptResponse, AgendaItem, Meeting)
                .join(AgendaItem, AgendaItem.id == PromptResponse.agenda_item_id)
                .join(Meeting, Meeting.id == AgendaItem.meeting_id)
                .where(PromptResponse.id.in_(ids[2]))
            )
            for prompt, item, meeting in rows2:
                said[(2, prompt.id)] = Hit(
                    "prompt answer", _meeting_place(refs[meeting.contract_id], meeting, item),
                    snippet(prompt.response, terms), meeting.contract_id, meeting.id,
                    item.id)  # fmt: skip
        if ids.get(3):
            for action in session.scalars(select(Action).where(Action.id.in_(ids[3]))):
                said[(3, action.id)] = Hit(
                    "action", f"{refs[action.contract_id]}/A{action.id:03d} · {action.owner}",
                    snippet(f"{action.description} ({action.owner})", terms),
                    action.contract_id, action.meeting_id, action.agenda_item_id,
                    action.id)  # fmt: skip
        if ids.get(4):
            rows4 = session.execute(
                select(ActionUpdate, Action)
                .join(Action, Action.id == ActionUpdate.action_id)
                .where(ActionUpdate.id.in_(ids[4]))
            )
            for update, action in rows4:
                day = format_date(to_local(update.at).date())
                said[(4, update.id)] = Hit(
                    "action update", f"{refs[action.contract_id]}/A{action.id:03d} · {day}",
                    snippet(update.note, terms), action.contract_id, update.meeting_id,
                    None, action.id)  # fmt: skip
        hits = hits[:15] + [said[key] for key in found if key in said]
    return hits[:limit]


def _like(column: object, terms: list[str]) -> object:
    return and_(*(func.casefold(column).contains(caseless(t)) for t in terms))


def _names(session: object, terms: list[str]) -> list[Hit]:
    """Contracts, providers, staff and attendees whose names hold every word."""
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    hits: list[Hit] = []
    contracts = session.scalars(
        select(Contract).where(
            _like(Contract.reference + " " + Contract.title + " " + Contract.service_description,
                  terms)  # type: ignore[arg-type]
        ).limit(20)
    )  # fmt: skip
    for c in contracts:
        hits.append(Hit("contract", f"{c.reference} · {c.title}",
                        snippet(f"{c.title}. {c.service_description}", terms), c.id))  # fmt: skip
    for p in session.scalars(select(Provider).where(_like(Provider.name, terms)).limit(20)):  # type: ignore[arg-type]
        hits.append(Hit("provider", p.name, p.name, provider_id=p.id))
    staff = session.execute(
        select(StaffMember.full_name, Provider.name, Provider.id)
        .join(Provider, Provider.id == StaffMember.provider_id)
        .where(_like(StaffMember.full_name, terms))  # type: ignore[arg-type]
        .limit(20)
    )
    for name, provider, provider_id in staff:
        hits.append(Hit("staff", f"{provider} · DBS register", name, provider_id=provider_id))
    people = session.execute(
        select(Attendee, Meeting)
        .join(Meeting, Meeting.id == Attendee.meeting_id)
        .where(_like(Attendee.name, terms))  # type: ignore[arg-type]
        .order_by(Meeting.starts_at.desc())
        .limit(20)
    )
    refs = dict(session.execute(select(Contract.id, Contract.reference)).all())
    for person, meeting in people:
        hits.append(Hit("attendee", _meeting_place(refs[meeting.contract_id], meeting, None),
                        f"{person.name}" + (f" ({person.organisation})"
                                            if person.organisation else ""),
                        meeting.contract_id, meeting.id))  # fmt: skip
    return hits
