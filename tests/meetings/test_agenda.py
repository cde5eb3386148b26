"""The agenda: adding, renaming, moving and removing items; the safeguarding item stays,
with all its prompts."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bscp_monitor.common.errors import NotFoundError, UserError, ValidationError
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.contracts.register import create_contract
from bscp_monitor.data.enums import AgendaKind
from bscp_monitor.data.store import Store
from bscp_monitor.meetings import actions, agenda, meetings
from bscp_monitor.meetings.prompt_set import safeguarding_prompts

DEFAULT_TITLES = [
    "Welcome and apologies",
    "Minutes of the last meeting and matters arising",
    "Declarations of interest",
    "Action log review",
    "Performance and metrics",
    "Safeguarding",
    "Voice of the child and feedback",
    "Risks and issues",
    "Finance",
    "Any other business",
    "Date of next meeting",
]


@pytest.fixture
def meeting_id(store: Store) -> int:
    provider_id = create_provider(store, "Barnardo's").id
    contract_id = create_contract(
        store,
        reference="ECHS-CSE-0114",
        title="CSE Recovery Service",
        provider_id=provider_id,
        start_date=date(2022, 4, 1),
        end_date=date(2027, 3, 31),
        contract_manager="Sarah Whitfield",
        value_pence=10_000_000,
    ).id
    starts = datetime(2024, 3, 5, 10, tzinfo=ZoneInfo("Europe/London"))
    return meetings.schedule_meeting(store, contract_id, starts).id


def _items(store: Store, meeting_id: int) -> tuple[meetings.AgendaItemRecord, ...]:
    items = meetings.get_meeting(store, meeting_id).items
    assert [i.position for i in items] == list(range(1, len(items) + 1)), "gaps in positions"
    assert agenda.item_ids(store, meeting_id) == [i.id for i in items]
    return items


def _titles(store: Store, meeting_id: int) -> list[str]:
    return [i.title for i in _items(store, meeting_id)]


def _id(store: Store, meeting_id: int, title: str) -> int:
    return next(i.id for i in _items(store, meeting_id) if i.title == title)


def _safeguarding(store: Store, meeting_id: int) -> meetings.AgendaItemRecord:
    return meetings.get_meeting(store, meeting_id).safeguarding_item


def _dump(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


def test_added_items_go_before_the_closing_items(store: Store, meeting_id: int) -> None:
    first = agenda.add_item(store, meeting_id, "  Estates  ")
    agenda.add_item(store, meeting_id, "Workforce")
    titles = _titles(store, meeting_id)
    assert titles == [*DEFAULT_TITLES[:9], "Estates", "Workforce", *DEFAULT_TITLES[9:]]
    added = next(i for i in _items(store, meeting_id) if i.id == first)
    assert (added.kind, added.mandatory, added.position) == (AgendaKind.STANDARD, False, 10)

    agenda.add_item(store, meeting_id, "Appendix", before_end=False)
    assert _titles(store, meeting_id)[-1] == "Appendix"
    agenda.add_item(store, meeting_id, "After the appendix")  # no closing items at the end now
    assert _titles(store, meeting_id)[-2:] == ["Appendix", "After the appendix"]


def test_added_item_goes_last_when_the_closing_items_are_gone(
    store: Store, meeting_id: int
) -> None:
    agenda.remove_item(store, _id(store, meeting_id, "Any other business"))
    agenda.remove_item(store, _id(store, meeting_id, "Date of next meeting"))
    agenda.add_item(store, meeting_id, "Estates")
    assert _titles(store, meeting_id) == [*DEFAULT_TITLES[:9], "Estates"]


def test_a_blank_item_is_refused(store: Store, meeting_id: int) -> None:
    with pytest.raises(ValidationError):
        agenda.add_item(store, meeting_id, "   ")
    assert _titles(store, meeting_id) == DEFAULT_TITLES


def test_move_keeps_positions_contiguous_and_clamps(store: Store, meeting_id: int) -> None:
    finance = _id(store, meeting_id, "Finance")
    agenda.move_item(store, finance, 0)
    assert _titles(store, meeting_id) == ["Finance", *[t for t in DEFAULT_TITLES if t != "Finance"]]
    agenda.move_item(store, finance, 10)
    assert _titles(store, meeting_id)[-1] == "Finance"
    agenda.move_item(store, finance, -5)
    assert _titles(store, meeting_id)[0] == "Finance"
    agenda.move_item(store, finance, 500)
    assert _titles(store, meeting_id)[-1] == "Finance"
    agenda.move_item(store, finance, 3)
    titles = _titles(store, meeting_id)
    assert titles[3] == "Finance"
    assert sorted(titles) == sorted(DEFAULT_TITLES)

    safeguarding = _safeguarding(store, meeting_id).id
    agenda.move_item(store, safeguarding, 1)
    assert _titles(store, meeting_id)[1] == "Safeguarding"
    with pytest.raises(NotFoundError):
        agenda.move_item(store, 99_999, 0)


def test_remove_renumbers(store: Store, meeting_id: int) -> None:
    extra = agenda.add_item(store, meeting_id, "Estates")
    agenda.move_item(store, extra, 2)
    agenda.remove_item(store, _id(store, meeting_id, "Welcome and apologies"))
    agenda.remove_item(store, extra)
    agenda.remove_item(store, _id(store, meeting_id, "Finance"))
    expected = [t for t in DEFAULT_TITLES if t not in {"Welcome and apologies", "Finance"}]
    assert _titles(store, meeting_id) == expected  # _titles checks 1..n without gaps
    with pytest.raises(NotFoundError):
        agenda.remove_item(store, extra)


def test_removing_an_item_keeps_its_actions(store: Store, meeting_id: int) -> None:
    finance = _id(store, meeting_id, "Finance")
    action = actions.raise_action(store, meeting_id, finance, "Send the invoices", "Tom")
    agenda.remove_item(store, finance)
    [kept] = actions.meeting_actions(store, meeting_id)[0]
    assert kept.id == action.id
    assert kept.agenda_item_id is None
    assert kept.description == "Send the invoices"


def test_rename(store: Store, meeting_id: int) -> None:
    finance = _id(store, meeting_id, "Finance")
    agenda.rename_item(store, finance, "  Finance and invoicing ")
    assert _titles(store, meeting_id)[8] == "Finance and invoicing"
    for blank in ("", "   "):
        with pytest.raises(ValidationError):
            agenda.rename_item(store, finance, blank)
    assert _titles(store, meeting_id)[8] == "Finance and invoicing"


def test_the_safeguarding_item_keeps_its_name(store: Store, meeting_id: int) -> None:
    item = _safeguarding(store, meeting_id).id
    for title in ("Welfare", "Child protection", "Safe guarding"):
        with pytest.raises(UserError, match="Safeguarding"):
            agenda.rename_item(store, item, title)
    assert _safeguarding(store, meeting_id).title == "Safeguarding"
    agenda.rename_item(store, item, "Safeguarding and child protection")
    assert _safeguarding(store, meeting_id).title == "Safeguarding and child protection"
    agenda.rename_item(store, item, "Child SAFEGUARDING")  # the word, in any case
    assert _safeguarding(store, meeting_id).title == "Child SAFEGUARDING"


def test_the_safeguarding_item_cannot_be_removed(
    store: Store, meeting_id: int, db_path: Path
) -> None:
    item = _safeguarding(store, meeting_id)
    before = _dump(db_path)
    with pytest.raises(UserError) as refused:
        agenda.remove_item(store, item.id)
    assert "BSCP standard 5" in str(refused.value)
    assert _dump(db_path) == before
    assert _titles(store, meeting_id) == DEFAULT_TITLES
    assert _safeguarding(store, meeting_id) == item


def test_the_safeguarding_prompts_survive_moves_and_renames(store: Store, meeting_id: int) -> None:
    item = _safeguarding(store, meeting_id)
    assert len(item.prompts) == len(safeguarding_prompts()) == 9
    agenda.update_prompt(store, item.prompts[2].id, response="Safer recruitment followed.")
    agenda.update_prompt(store, item.prompts[7].id, concern=True)

    agenda.move_item(store, item.id, 0)
    agenda.rename_item(store, item.id, "Safeguarding (S5)")
    agenda.add_item(store, meeting_id, "Estates")
    agenda.remove_item(store, _id(store, meeting_id, "Finance"))
    agenda.move_item(store, item.id, 100)

    after = _safeguarding(store, meeting_id)
    assert after.id == item.id
    assert after.mandatory
    assert [(p.id, p.key, p.question) for p in after.prompts] == [
        (p.id, p.key, p.question) for p in item.prompts
    ]
    assert after.prompts[2].response == "Safer recruitment followed."
    assert after.prompts[7].concern is True
    # There is no way to remove a prompt: the module offers none.
    assert not [name for name in dir(agenda) if "prompt" in name and "remove" in name]


def test_update_item_and_prompt(store: Store, meeting_id: int) -> None:
    finance = _id(store, meeting_id, "Finance")
    agenda.update_item(store, finance, discussion="Paid.", decisions="None.")
    with pytest.raises(ValidationError):
        agenda.update_item(store, finance, title="Renamed by the back door")
    with pytest.raises(NotFoundError):
        agenda.update_prompt(store, 99_999, response="x")
    item = next(i for i in _items(store, meeting_id) if i.id == finance)
    assert (item.title, item.discussion, item.decisions) == ("Finance", "Paid.", "None.")

    prompt = _safeguarding(store, meeting_id).prompts[0]
    agenda.update_prompt(store, prompt.id, response="Yes.", concern=True)
    agenda.update_prompt(store, prompt.id, concern=False)  # the response stays
    stored = _safeguarding(store, meeting_id).prompts[0]
    assert (stored.response, stored.concern) == ("Yes.", False)
