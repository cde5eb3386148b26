"""Declarative base with stable constraint names, and small column helpers."""

from __future__ import annotations

import enum
import functools
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Enum,
    MetaData,
    String,
    Table,
    TypeDecorator,
    or_,
    type_coerce,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.sqltypes import SchemaType

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored naive in UTC and always returned timezone-aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class _CheckedEnum(Enum):
    """A non-native Enum whose CHECK constraint reads ``col = 'a' OR col = 'b' OR ...``.

    SQLAlchemy's own reads ``col IN ('a', 'b', ...)``, which SQLite evaluates by building a
    throwaway table for every row written: on a bulk insert that cost as much as the rest
    of SQLite's work. The OR form is as strict (a NULL passes both; nullability decides)
    and costs next to nothing. The constraint keeps its name, ck_<table>_<name>.
    """

    def _set_table(self, column: Column[Any], table: Table) -> None:
        # (SchemaType's, not Enum's: that would add the IN check; both untyped in SQLAlchemy)
        SchemaType._set_table(self, column, table)  # type: ignore[no-untyped-call]  # noqa: SLF001
        if not self.create_constraint:
            return
        variant_mapping = self._variant_mapping_for_set_table(column)  # type: ignore[no-untyped-call]
        as_text = type_coerce(column, String())
        CheckConstraint(
            or_(*(as_text == value for value in self.enums)),
            name=self.name,
            _create_rule=functools.partial(
                self._should_create_constraint, variant_mapping=variant_mapping
            ),
            _type_bound=True,
        )


def str_enum(enum_cls: type[enum.Enum], name: str) -> Enum:
    """A string column limited to the enum's values by a named CHECK constraint."""
    return _CheckedEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
