"""What the current login may do, in words a page can show (issue 14, point 5).

On a team server the database's own grants decide (data/server_roles.py): a *reader* sees
everything and changes nothing, an *editor* records and imports, a *DBS officer* is an
editor who may also reveal a full certificate number, and the database's *owner* may do
everything. A SQLite file has no roles: everything is allowed. Pages grey what the role
may not do and say why (:attr:`Permissions.why_not_write`); the server's refusal in words
(data/db_errors.py) stays the fallback if anything slips through.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from bscp_monitor.data.server_roles import DBS_OFFICER, EDITOR, READER, allowed, owns_database
from bscp_monitor.data.store import Store

#: The role's word for people, by server role name (None: the owner, or SQLite).
ROLE_WORDS = {READER: "reader", EDITOR: "editor", DBS_OFFICER: "DBS officer"}


@dataclass(frozen=True)
class Permissions:
    """This login's role and what it may do."""

    #: "reader", "editor", "DBS officer" or "owner" (a server database's owner, or SQLite).
    role: str
    write: bool
    reveal: bool
    #: False on SQLite (one person's file: no roles at all).
    on_server: bool

    @property
    def why_not_write(self) -> str:
        """Why a change is greyed ("" when it is allowed)."""
        if self.write:
            return ""
        return (
            f"Your login is a {self.role} on this server: it may read everything but "
            "change nothing. Ask whoever runs the server for an editor's role."
        )

    @property
    def why_not_reveal(self) -> str:
        if self.reveal:
            return ""
        return (
            "Only a DBS officer can reveal a full certificate number on this server "
            f"(your login is a{'n' if self.role[0] in 'aeiou' else ''} {self.role})."
        )


EVERYTHING = Permissions("owner", write=True, reveal=True, on_server=False)

_known: weakref.WeakKeyDictionary[Store, Permissions] = weakref.WeakKeyDictionary()


def permissions_of(store: Store) -> Permissions:
    """What the store's login may do (one query on a server; SQLite: everything). Each
    store asks once: a login's role does not change while the app has it open."""
    cached = _known.get(store)
    if cached is not None:
        return cached
    if store.engine.dialect.name != "postgresql":
        found = EVERYTHING
    else:
        with store.session() as session:
            connection = session.connection()
            granted = allowed(connection)
            owner = owns_database(connection)
        named = ROLE_WORDS.get(granted.role or "") or ("editor" if granted.write else "reader")
        role = "owner" if owner else named
        found = Permissions(role, granted.write, granted.reveal, on_server=True)
    _known[store] = found
    return found


__all__ = ["EVERYTHING", "ROLE_WORDS", "Permissions", "permissions_of"]
