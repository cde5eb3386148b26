"""Small pieces of wording shared by the interface, the documents and the command line."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """E.g. "1 action", "3 actions", "0 actions" ("1 person", "2 people" with a plural)."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def every(months: int) -> str:
    """E.g. "every month", "every 6 months"."""
    return "every month" if months == 1 else f"every {months} months"


__all__ = ["counted", "every"]
