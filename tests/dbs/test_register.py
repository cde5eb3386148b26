"""The DBS register: each person's status, masked numbers, the audited reveal, edits by hand
and people who have left (issue 4, point 1)."""

from __future__ import annotations

import json
import zlib
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bscp_monitor.common.errors import NotFoundError, ValidationError
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.data.enums import AuditAction, BarredList, ContactLevel, DbsLevel
from bscp_monitor.data.models import AuditEvent, DbsCheck, StaffMember
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.register import (
    DbsStatus,
    get_staff,
    list_staff,
    mask,
    reveal_certificate,
    status_of,
    update_staff,
)

TODAY = date(2025, 6, 15)


def _person(
    store: Store,
    name: str = "Ann Lee",
    provider: str = "Sunrise Care",
    contact: ContactLevel = ContactLevel.DIRECT,
    check: bool = True,
    **values: Any,
) -> int:
    """A person (and their check, unless ``check`` is False) added straight to the database."""
    with store.session() as session:
        from bscp_monitor.data.models import Provider

        owner = session.scalar(select(Provider).where(Provider.name == provider))
        if owner is None:
            owner = Provider(name=provider)
            session.add(owner)
            session.flush()
        person = StaffMember(
            provider_id=owner.id,
            full_name=name,
            normalised_name=name.lower(),
            role="Carer",
            contact_level=contact,
        )
        session.add(person)
        if check:
            fields: dict[str, Any] = {
                # Ann Lee's is 001234566789; everyone else's their own (two current staff
                # of one provider never share one).
                "certificate_number": "001234566789"
                if name == "Ann Lee"
                else f"{zlib.crc32(name.encode()) % 10**12:012d}",
                "level": DbsLevel.ENHANCED_BARRED,
                "barred_list": BarredList.CHILDREN,
                "issue_date": date(2024, 1, 10),
                "expiry_date": date(2027, 1, 10),
                **values,
            }
            session.add(DbsCheck(staff_member=person, **fields))
        session.flush()
        return person.id


def _status(store: Store, staff_id: int, today: date = TODAY) -> DbsStatus:
    return get_staff(store, staff_id, today).status


def test_missing(store: Store) -> None:
    assert _status(store, _person(store, check=False)) is DbsStatus.MISSING
    assert _status(store, _person(store, "Bo Cole", certificate_number=None)) is DbsStatus.MISSING
    record = get_staff(store, _person(store, "Cy Dee", check=False), TODAY)
    assert record.certificate_number is None
    assert record.masked_number == ""
    assert "No DBS certificate number" in record.reason


@pytest.mark.parametrize("contact", [ContactLevel.DIRECT, ContactLevel.REGULAR])
@pytest.mark.parametrize(
    ("level", "barred"),
    [
        (DbsLevel.BASIC, BarredList.CHILDREN),
        (DbsLevel.STANDARD, BarredList.CHILDREN),
        (DbsLevel.UNKNOWN, BarredList.CHILDREN),
        (DbsLevel.ENHANCED, BarredList.NONE),
        (DbsLevel.ENHANCED_BARRED, BarredList.ADULTS),
    ],
)
def test_invalid_for_contact_staff(
    store: Store, contact: ContactLevel, level: DbsLevel, barred: BarredList
) -> None:
    staff_id = _person(store, contact=contact, level=level, barred_list=barred)
    record = get_staff(store, staff_id, TODAY)
    assert record.status is DbsStatus.INVALID
    assert record.reason


@pytest.mark.parametrize("contact", [ContactLevel.OCCASIONAL, ContactLevel.NONE])
def test_a_basic_check_is_fine_without_regular_contact(store: Store, contact: ContactLevel) -> None:
    staff_id = _person(store, contact=contact, level=DbsLevel.BASIC, barred_list=BarredList.NONE)
    assert _status(store, staff_id) is DbsStatus.IN_DATE


def test_enhanced_with_childrens_or_both_barred_lists_is_valid(store: Store) -> None:
    for name, level, barred in [
        ("Ann Lee", DbsLevel.ENHANCED, BarredList.CHILDREN),
        ("Bo Cole", DbsLevel.ENHANCED_BARRED, BarredList.BOTH),
    ]:
        assert _status(store, _person(store, name, level=level, barred_list=barred)) is (
            DbsStatus.IN_DATE
        )


def test_invalid_without_dates(store: Store) -> None:
    staff_id = _person(store, issue_date=None, expiry_date=None)
    record = get_staff(store, staff_id, TODAY)
    assert record.status is DbsStatus.INVALID
    assert "Neither an issue date nor a re-check date" in record.reason


def test_expired(store: Store) -> None:
    staff_id = _person(store, expiry_date=TODAY - timedelta(days=1))
    record = get_staff(store, staff_id, TODAY)
    assert record.status is DbsStatus.EXPIRED
    assert record.reason == f"Expired on {TODAY - timedelta(days=1):%d/%m/%Y}."


def test_expiring_within_90_days_boundary(store: Store) -> None:
    staff_id = _person(store, expiry_date=TODAY)
    assert _status(store, staff_id) is DbsStatus.EXPIRING  # due today: not yet expired
    assert _status(store, staff_id, TODAY + timedelta(days=1)) is DbsStatus.EXPIRED
    day_90 = _person(store, "Bo Cole", expiry_date=TODAY + timedelta(days=90))
    day_91 = _person(store, "Cy Dee", expiry_date=TODAY + timedelta(days=91))
    assert _status(store, day_90) is DbsStatus.EXPIRING
    assert _status(store, day_91) is DbsStatus.IN_DATE
    record = get_staff(store, day_91, TODAY)
    assert record.reason == f"In date until {TODAY + timedelta(days=91):%d/%m/%Y}."


def test_status_of_is_a_pure_function() -> None:
    check = DbsCheck(
        certificate_number="001234566789",
        level=DbsLevel.ENHANCED_BARRED,
        barred_list=BarredList.CHILDREN,
        expiry_date=TODAY + timedelta(days=200),
    )
    assert status_of(check, ContactLevel.DIRECT, TODAY)[0] is DbsStatus.IN_DATE
    assert status_of(None, ContactLevel.DIRECT, TODAY)[0] is DbsStatus.MISSING
    # Missing comes before invalid; invalid before expired.
    check.level = DbsLevel.BASIC
    check.expiry_date = TODAY - timedelta(days=5)
    assert status_of(check, ContactLevel.DIRECT, TODAY)[0] is DbsStatus.INVALID
    assert status_of(check, ContactLevel.NONE, TODAY)[0] is DbsStatus.EXPIRED


def test_masking_to_the_last_four_digits(store: Store) -> None:
    assert mask("001234566789") == "********6789"
    assert mask(None) == ""
    assert mask("") == ""
    record = get_staff(store, _person(store), TODAY)
    assert record.masked_number == "********6789"
    assert record.certificate_number == "001234566789"


def test_reveal_returns_the_number_and_is_audited(store: Store) -> None:
    staff_id = _person(store)
    assert reveal_certificate(store, staff_id) == "001234566789"
    with store.session() as session:
        [event] = session.scalars(select(AuditEvent)).all()
        assert event.action is AuditAction.REVEAL
        assert (event.entity, event.entity_id) == ("staff_member", staff_id)
        assert "Ann Lee" in event.summary
        assert "001234566789" not in event.summary + event.changes
    assert reveal_certificate(store, _person(store, "Bo Cole", check=False)) is None
    with pytest.raises(NotFoundError):
        reveal_certificate(store, 9999)


def test_list_staff_filters_by_provider_and_sorts(store: Store) -> None:
    _person(store, "Zed Young", provider="Sunrise Care")
    _person(store, "Ann Lee", provider="Sunrise Care")
    other = _person(store, "Bo Cole", provider="Acorn Homes")
    names = [(r.provider_name, r.full_name) for r in list_staff(store, today=TODAY)]
    assert names == [
        ("Acorn Homes", "Bo Cole"),
        ("Sunrise Care", "Ann Lee"),
        ("Sunrise Care", "Zed Young"),
    ]
    acorn = get_staff(store, other, TODAY).provider_id
    assert [r.full_name for r in list_staff(store, acorn, today=TODAY)] == ["Bo Cole"]


def test_left_staff_are_hidden_unless_asked_for(store: Store) -> None:
    staff_id = _person(store)
    _person(store, "Bo Cole")
    update_staff(store, staff_id, left_on=TODAY)
    assert [r.full_name for r in list_staff(store, today=TODAY)] == ["Bo Cole"]
    everyone = list_staff(store, include_left=True, today=TODAY)
    assert [(r.full_name, r.left_on) for r in everyone] == [("Ann Lee", TODAY), ("Bo Cole", None)]
    update_staff(store, staff_id, left_on=None)
    assert len(list_staff(store, today=TODAY)) == 2


def test_update_staff_is_validated_and_audited(store: Store) -> None:
    staff_id = _person(store)
    record = update_staff(
        store,
        staff_id,
        full_name="  Ann   Smith ",
        certificate_number="1234 5678 9012",
        level="enhanced",
        contact_level="regular",
        expiry_date=date(2028, 1, 1),
    )
    assert record.full_name == "Ann Smith"
    assert record.certificate_number == "123456789012"
    assert record.level is DbsLevel.ENHANCED
    assert record.contact_level is ContactLevel.REGULAR
    assert record.expiry_date == date(2028, 1, 1)
    with store.session() as session:
        person = session.get_one(StaffMember, staff_id)
        assert person.normalised_name == "ann smith"
        assert person.dbs_checks[-1].expiry_from_provider is True
        [event] = session.scalars(select(AuditEvent)).all()
        assert event.action is AuditAction.UPDATE
        assert (event.entity, event.entity_id) == ("staff_member", staff_id)
        changes = json.loads(event.changes)
        assert changes["full_name"] == {"old": "Ann Lee", "new": "Ann Smith"}
        assert changes["expiry_date"] == {"old": "2027-01-10", "new": "2028-01-01"}
        assert changes["level"] == {"old": "enhanced_barred", "new": "enhanced"}
        assert changes["contact_level"] == {"old": "direct", "new": "regular"}


def test_an_edit_that_changes_nothing_is_not_audited(store: Store) -> None:
    staff_id = _person(store)
    update_staff(store, staff_id, full_name="Ann Lee", certificate_number="001234566789")
    with store.session() as session:
        assert session.scalars(select(AuditEvent)).all() == []


def test_an_edit_gives_a_person_without_a_check_one(store: Store) -> None:
    staff_id = _person(store, check=False)
    record = update_staff(store, staff_id, certificate_number="001234566789")
    assert record.certificate_number == "001234566789"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": "Total staff: 12"}, "not a person's name"),
        ({"full_name": ""}, "no name"),
        ({"certificate_number": "12345"}, "12-digit"),
        ({"certificate_number": "12345678901X"}, "12-digit"),
        ({"issue_date": date.today() + timedelta(days=1)}, "cannot be in the future"),
        # S4 counts those who have not left: someone still working is never marked as gone
        ({"left_on": date.today() + timedelta(days=1)}, "left cannot be in the future"),
        ({"colour": "blue"}, "Unknown fields: colour"),
    ],
)
def test_update_staff_refuses_bad_values(
    store: Store, changes: dict[str, Any], message: str
) -> None:
    staff_id = _person(store)
    with store.session() as session:
        before = session.get_one(StaffMember, staff_id).full_name
    with pytest.raises(ValidationError, match=message):
        update_staff(store, staff_id, **changes)
    with store.session() as session:
        assert session.get_one(StaffMember, staff_id).full_name == before
        assert session.scalars(select(AuditEvent)).all() == []


def test_update_staff_of_nobody(store: Store) -> None:
    with pytest.raises(NotFoundError):
        update_staff(store, 4242, role="Cook")
    with pytest.raises(NotFoundError):
        get_staff(store, 4242)


def test_provider_created_through_providers_module_is_listed(store: Store) -> None:
    provider = create_provider(store, "Acorn Homes")
    _person(store, "Bo Cole", provider="Acorn Homes")
    [record] = list_staff(store, provider.id, today=TODAY)
    assert record.provider_name == "Acorn Homes"


def test_a_re_check_date_from_the_policy_follows_an_edited_issue_date(
    store: Store, tmp_path: Any
) -> None:
    """The sheet gave only an issue date (10/01/2021), so the import set the re-check date
    by the policy (10/01/2024: expired). The certificate is renewed and the new number and
    issue date typed in: the re-check date follows (it used to stay, expired). A date the
    provider gave is theirs, and stays."""
    from bscp_monitor.common.dates import add_months
    from bscp_monitor.dbs import register as dbs_register
    from bscp_monitor.dbs.importer import import_file
    from tests.dbs.sheets import write_xlsx

    today = date.today()
    header = ["Name", "Role", "Contact with children", "DBS Certificate Number",
              "DBS Level", "DBS Issue Date"]  # fmt: skip
    row = ["Ann Lee", "Carer", "Direct", "111111111111", "Enhanced with barred list",
           date(2021, 1, 10)]  # fmt: skip
    import_file(store, write_xlsx(tmp_path / "scr.xlsx", {"Staff": [header, row]}), "Sunrise")
    [person] = dbs_register.list_staff(store, today=today)
    assert (person.expiry_date, person.status) == (date(2024, 1, 10), DbsStatus.EXPIRED)
    renewed = today - timedelta(days=7)
    dbs_register.update_staff(
        store, person.id, certificate_number="222222222222", issue_date=renewed
    )
    [after] = dbs_register.list_staff(store, today=today)
    assert after.expiry_date == add_months(renewed, 36)
    assert after.status is DbsStatus.IN_DATE
    given = today + timedelta(days=500)  # the provider's own date: kept through edits
    dbs_register.update_staff(store, person.id, expiry_date=given)
    dbs_register.update_staff(store, person.id, issue_date=today - timedelta(days=30))
    [kept] = dbs_register.list_staff(store, today=today)
    assert kept.expiry_date == given


def test_clearing_a_provider_expiry_keeps_the_old_date_in_the_audit(store: Store) -> None:
    """The provider's re-check date is cleared; the policy date replaces it. The audit
    event should say what the date was before (the provider's), not None."""
    from bscp_monitor.dbs import register as dbs_register
    from tests.dbs.test_register import _person

    today = date.today()
    given = today + timedelta(days=400)
    staff_id = _person(store, issue_date=today - timedelta(days=100), expiry_date=given,
                       expiry_from_provider=True)  # fmt: skip
    dbs_register.update_staff(store, staff_id, expiry_date=None)
    with store.session() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        changes = json.loads(event.changes)
    assert changes["expiry_date"]["old"] not in (None, ""), changes


def test_a_certificate_number_of_another_person_is_refused(store: Store) -> None:
    """Typing a colleague's certificate number by mistake would show this person as checked
    (and the next import, matching by number, would update the colleague): refused, for a
    leaver's number too. The same certificate at another provider is the same person
    working for both, and is allowed."""
    ann = _person(store, "Ann Lee")  # holds 001234566789
    left = _person(store, "Bo Leaver", certificate_number="009876543217")
    update_staff(store, left, left_on=date(2026, 1, 5))
    bob = _person(store, "Bob Kay", check=False)
    with pytest.raises(ValidationError, match="already recorded for Ann Lee"):
        update_staff(store, bob, certificate_number="0012 3456 6789")
    with pytest.raises(ValidationError, match=r"Bo Leaver \(who has left\)"):
        update_staff(store, bob, certificate_number="009876543217")
    assert get_staff(store, bob, TODAY).certificate_number is None
    # Ann's own number again is no change; another provider's person may hold it.
    assert update_staff(store, ann, certificate_number="001234566789").certificate_number
    elsewhere = _person(store, "Ann Lee", provider="Other Care", check=False)
    record = update_staff(store, elsewhere, certificate_number="001234566789")
    assert record.certificate_number == "001234566789"
