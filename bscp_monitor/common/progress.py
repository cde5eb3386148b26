"""Progress of long work, yielded by core generators and shown by the UI's worker adapter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    text: str
