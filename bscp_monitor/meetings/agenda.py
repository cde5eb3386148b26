"""The agenda of a monitoring meeting: the template, and adding, renaming, moving and
removing items. The safeguarding item is mandatory: it can be neither removed nor
stripped of its prompts."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bscp_monitor.common import audit
from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.common.resource_files import resource_text
from bscp_monitor.common.versions import check_version
from bscp_monitor.data.enums import AgendaKind, AuditAction
from bscp_monitor.data.models import AgendaItem, Contract, Meeting, PromptResponse
from bscp_monitor.data.store import Store
from bscp_monitor.meetings.guard import editable_meeting
from bscp_monitor.meetings.prompt_set import safeguarding_prompts

SAFEGUARDING_TITLE = "Safeguarding"


@dataclass(frozen=True)
class TemplateItem:
    title: str
    kind: AgendaKind


def default_template() -> list[TemplateItem]:
    data = json.loads(resource_text("agenda_template.json"))
    return [TemplateItem(i["title"], AgendaKind(i.get("kind", "standard"))) for i in data["items"]]


def _parse_template(text: str) -> list[TemplateItem]:
    return [TemplateItem(i["title"], AgendaKind(i["kind"])) for i in json.loads(text)]


def template_for(contract: Contract) -> list[TemplateItem]:
    """The contract's own agenda template, or the default; the safeguarding item always in."""
    items = _parse_template(contract.agenda_template) if contract.agenda_template else []
    items = items or default_template()
    if not any(i.kind is AgendaKind.SAFEGUARDING for i in items):
        items.insert(min(4, len(items)), TemplateItem(SAFEGUARDING_TITLE, AgendaKind.SAFEGUARDING))
    return items


def build_agenda(meeting: Meeting, template: list[TemplateItem]) -> None:
    for position, entry in enumerate(template, start=1):
        item = AgendaItem(
            position=position,
            title=entry.title,
            kind=entry.kind,
            mandatory=entry.kind is AgendaKind.SAFEGUARDING,
        )
        if entry.kind is AgendaKind.SAFEGUARDING:
            item.prompts = [
                PromptResponse(position=n, key=p.key, question=p.question)
                for n, p in enumerate(safeguarding_prompts(), start=1)
            ]
        meeting.agenda_items.append(item)


def save_as_contract_template(store: Store, meeting_id: int) -> None:
    """Keep this meeting's agenda (titles and kinds) as the contract's own template."""
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError(f"There is no meeting {meeting_id}.")
        contract = session.get_one(Contract, meeting.contract_id)
        text = json.dumps([{"title": i.title, "kind": i.kind.value} for i in meeting.agenda_items])
        applied = audit.apply_changes(contract, {"agenda_template": text})
        if applied:
            audit.record(
                session,
                AuditAction.UPDATE,
                "contract",
                contract.id,
                f"Saved the agenda template of {contract.reference}",
                applied,
            )


def reset_contract_template(store: Store, contract_id: int) -> None:
    with store.session() as session:
        contract = session.get(Contract, contract_id)
        if contract is None:
            raise NotFoundError(f"Contract {contract_id} does not exist.")
        applied = audit.apply_changes(contract, {"agenda_template": None})
        if applied:
            audit.record(
                session,
                AuditAction.UPDATE,
                "contract",
                contract.id,
                f"Reset the agenda template of {contract.reference}",
                applied,
            )


def _item(session: Session, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None:
        raise NotFoundError(f"There is no agenda item {item_id}.")
    editable_meeting(session, item.meeting_id)
    return item


def add_item(store: Store, meeting_id: int, title: str, before_end: bool = True) -> int:
    """Add an item; by default before 'Any other business' and 'Date of next meeting'."""
    title = title.strip()
    if not title:
        raise ValidationError("An agenda item needs a title.")
    with store.session() as session:
        meeting = editable_meeting(session, meeting_id)
        items = list(meeting.agenda_items)
        index = len(items)
        if before_end:
            tail = {"any other business", "date of next meeting"}
            while index > 0 and items[index - 1].title.casefold() in tail:
                index -= 1
        item = AgendaItem(title=title, kind=AgendaKind.STANDARD, mandatory=False, position=0)
        items.insert(index, item)
        meeting.agenda_items.append(item)
        _renumber(items)
        session.flush()
        audit.record(
            session,
            AuditAction.CREATE,
            "agenda_item",
            item.id,
            f"Added agenda item '{title}' to meeting {meeting_id}",
        )
        return item.id


def _renumber(items: list[AgendaItem]) -> None:
    for n, item in enumerate(items, start=1):
        item.position = n


def rename_item(store: Store, item_id: int, title: str) -> None:
    title = title.strip()
    if not title:
        raise ValidationError("An agenda item needs a title.")
    with store.session() as session:
        item = _item(session, item_id)
        if item.kind is AgendaKind.SAFEGUARDING and "safeguarding" not in title.casefold():
            raise UserError("The safeguarding item must keep 'Safeguarding' in its title.")
        applied = audit.apply_changes(item, {"title": title})
        if applied:
            audit.record(
                session,
                AuditAction.UPDATE,
                "agenda_item",
                item.id,
                "Renamed an agenda item",
                applied,
            )


def move_item(store: Store, item_id: int, new_index: int) -> None:
    """Move an item to a 0-based place in the agenda."""
    with store.session() as session:
        item = _item(session, item_id)
        meeting = session.get_one(Meeting, item.meeting_id)
        items = list(meeting.agenda_items)
        items.remove(item)
        new_index = max(0, min(new_index, len(items)))
        items.insert(new_index, item)
        old = item.position
        _renumber(items)
        if item.position != old:
            audit.record(
                session,
                AuditAction.UPDATE,
                "agenda_item",
                item.id,
                f"Moved '{item.title}'",
                {"position": (old, item.position)},
            )


def remove_item(store: Store, item_id: int) -> None:
    with store.session() as session:
        item = _item(session, item_id)
        if item.mandatory or item.kind is AgendaKind.SAFEGUARDING:
            raise UserError(
                "The safeguarding item cannot be removed: BSCP standard 5 requires a "
                "safeguarding discussion at every contract monitoring meeting."
            )
        meeting = session.get_one(Meeting, item.meeting_id)
        audit.record(
            session,
            AuditAction.ARCHIVE,
            "agenda_item",
            item.id,
            f"Removed agenda item '{item.title}' from meeting {meeting.id}",
            {"discussion": (item.discussion, None)},
        )
        # Taken out of the collection, the item is an orphan and deleted on flush (deleting
        # it explicitly as well makes SQLAlchemy's flush fail).
        meeting.agenda_items.remove(item)
        session.flush()
        _renumber(list(meeting.agenda_items))


def update_item(store: Store, item_id: int, **changes: str) -> int:
    """Record the discussion or decisions of an item (autosaved as the user types)."""
    return save_item(store, item_id, None, changes)


def save_item(
    store: Store, item_id: int, expected_version: int | None, changes: dict[str, str]
) -> int:
    """update_item from a copy read at ``expected_version``: a save over a colleague's is
    refused with ChangedMeanwhile. Returns the item's version after the save (the next
    save's expectation)."""
    if set(changes) - {"discussion", "decisions"}:
        raise ValidationError("Only the discussion and decisions of an item are edited here.")
    with store.session() as session:
        item = _item(session, item_id)
        check_version(session, item, expected_version, "agenda_item")
        applied = audit.apply_changes(item, changes)
        if applied:
            audit.record_coalesced(
                session, "agenda_item", item.id, f"Minuted '{item.title}'", applied
            )
            session.flush()
        return item.version


def update_prompt(
    store: Store, prompt_id: int, response: str | None = None, concern: bool | None = None
) -> None:
    changes: dict[str, object] = {}
    if response is not None:
        changes["response"] = response
    if concern is not None:
        changes["concern"] = concern
    with store.session() as session:
        prompt = session.get(PromptResponse, prompt_id)
        if prompt is None:
            raise NotFoundError(f"There is no safeguarding prompt {prompt_id}.")
        _item(session, prompt.agenda_item_id)
        applied = audit.apply_changes(prompt, changes)
        if applied:
            audit.record_coalesced(
                session,
                "prompt_response",
                prompt.id,
                f"Safeguarding prompt '{prompt.key}'",
                applied,
            )


def item_ids(store: Store, meeting_id: int) -> list[int]:
    with store.session() as session:
        return list(
            session.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == meeting_id)
                .order_by(AgendaItem.position)
            )
        )
