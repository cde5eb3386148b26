"""The PostgreSQL forms of SQLite's pieces (data/dialect.py) behave as the SQLite ones."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DataError, IntegrityError

from bscp_monitor.common.caseless import caseless
from bscp_monitor.contracts.providers import create_provider
from bscp_monitor.data.enums import ContactLevel
from bscp_monitor.data.models import Base, StaffMember
from bscp_monitor.data.store import Store
from tests.data.test_migrations import _alembic_config

NAMES = [
    "Barnardo's", "ÉIRE YOUTH TRUST", "Éire Youth Trust", "Straße Care", "STRASSE CARE",
    "Ὀδυσσεύς", "ΟΔΥΣΣΕΥΣ", "Ångström Homes", "Ångström Homes", "İstanbul Kids",
    "ǅemal Fostering", "Ǆemal Fostering", "ﬁne ﬂowers", "café", "CAFÉ", "Zoë", "ZOË",
]  # fmt: skip


@pytest.mark.parametrize("location", ["sqlite", "postgresql"])
def test_casefold_in_sql_is_pythons(
    location: str, request: pytest.FixtureRequest, db_path: object
) -> None:
    url = str(db_path) if location == "sqlite" else request.getfixturevalue("pg_url")
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            for name in NAMES:
                folded = conn.execute(text("SELECT casefold(:n)"), {"n": name}).scalar_one()
                assert folded == caseless(name), name
    finally:
        store.close()


def test_a_certificate_number_of_anything_but_twelve_digits_is_refused_on_postgresql(
    pg_url: str,
) -> None:
    store = Store.open(pg_url)
    try:
        provider = create_provider(store, "P")
        with store.session() as session:
            session.add(
                StaffMember(provider_id=provider.id, full_name="A B", normalised_name="a b",
                            role="r", contact_level=ContactLevel.DIRECT)
            )  # fmt: skip
        for bad in ("12345678901", "1234567890123", "12345678901a", "1234 5678901"):
            with pytest.raises((IntegrityError, DataError)), store.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO dbs_check (staff_member_id, certificate_number, level, "
                        "barred_list, expiry_from_provider, update_service) "
                        "VALUES ((SELECT min(id) FROM staff_member), :n, 'enhanced', "
                        "'children', false, false)"
                    ),
                    {"n": bad},
                )
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO dbs_check (staff_member_id, certificate_number, level, "
                    "barred_list, expiry_from_provider, update_service) "
                    "VALUES ((SELECT min(id) FROM staff_member), '001234567890', "
                    "'enhanced', 'children', false, false)"
                )
            )
    finally:
        store.close()


def test_the_migrations_from_empty_give_the_schema_of_a_new_database_on_postgresql(
    pg_url: str,
) -> None:
    engine = create_engine(pg_url)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        triggers = (
            conn.execute(
                text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname")
            )
            .scalars()
            .all()
        )
    engine.dispose()
    assert set(triggers) == {
        "trg_dbs_check_deleted", "trg_dbs_check_inserted", "trg_dbs_check_updated",
        "trg_staff_contact_changed", "trg_staff_tally_deleted", "trg_staff_tally_inserted",
        "trg_staff_tally_updated",
    }  # fmt: skip
    # and the store takes the migrated database as it is
    Store.open(pg_url).close()


def test_the_store_upgrades_an_older_postgresql_database(pg_url: str) -> None:
    engine = create_engine(pg_url)
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006_meeting_indexes")
    engine.dispose()
    store = Store.open(pg_url)
    try:
        assert store.report.upgraded_from == "0006_meeting_indexes"
        assert store.report.backup_path is None
        create_provider(store, "After The Upgrade")
    finally:
        store.close()
