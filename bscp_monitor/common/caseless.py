"""Names and references compared as people read them, whatever the case and however the
accents were typed: the rule itself lives at the bottom, in ``data/caseless.py``, because
the database's ``casefold()`` SQL function is built from it; the wings use it from here."""

from __future__ import annotations

from bscp_monitor.data.caseless import caseless

__all__ = ["caseless"]
