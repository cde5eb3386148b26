"""What a column header means, read as a person would: by the words that carry the meaning,
not by exact phrase.

A header is normalised first -- case, punctuation, possessives ("Staff member's name") and
plurals ("Forename(s)", "Dates") -- and qualifiers in brackets or after a dash ("(Y/N)",
"(date)", "(if provided)", "- initials") are set aside. Then ordered rules look for the
words that decide the field: certificate/disclosure + number; issue/obtained/of certificate
+ date; barred + date/checked; Update Service + status/check date; renewal/re-check/expiry
+ due/date; forename/surname/full name; post/position/job/role; regulated activity or
contact. Columns a single central record holds but the DBS register has no field for
(identity, right to work, qualifications, overseas checks, "checked by", ...) are *known but
not imported*: ``Field.IGNORE`` with the reason, never "unknown".

Every match says why: the words that matched, shown in the import's mapping.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bscp_monitor.dbs.columns import Field


@dataclass(frozen=True)
class HeaderMatch:
    """``field`` None: not known. ``Field.IGNORE``: known, but the register has no field."""

    field: Field | None
    words: tuple[str, ...]  # the words that decided it, as normalised
    what: str  # for IGNORE: what the column holds ("identity check")
    strength: int  # of two columns with one meaning, the stronger is read

    @property
    def reason(self) -> str:
        if self.field is None:
            return ""
        words = " + ".join(f"“{w}”" for w in self.words)
        if self.what:
            return f"{self.what} ({words}): known, not imported"
        return f"matched {words}"


# Words that mean the same in headers (after plurals are taken off).
_SYNONYMS = {
    "no": "number",
    "num": "number",
    "nbr": "number",
    "nos": "number",
    "#": "number",
    "ref": "number",
    "cert": "certificate",
    "certs": "certificate",
    "certif": "certificate",
    "crb": "dbs",
    "disclosures": "disclosure",
    "issued": "issue",
    "obtained": "issue",
    "expires": "expiry",
    "expire": "expiry",
    "expired": "expiry",
    "expiration": "expiry",
    "renew": "renewal",
    "renewed": "renewal",
    "renewals": "renewal",
    "rechecked": "recheck",
    "checking": "check",
    "checks": "check",
    "forenames": "forename",
    "firstname": "forename",
    "lastname": "surname",
    "child": "children",
    "childrens": "children",
    "adult": "adults",
    "regulated": "regulated",
    "dob": "birth",
    "initials": "initial",
    "qualifications": "qualification",
    "qualified": "qualification",
    "quals": "qualification",
}
#: Words never made singular by taking off an "s".
_KEEP_S = {
    "status",
    "address",
    "dbs",
    "overseas",
    "series",
    "alias",
    "was",
    "has",
    "is",
    "yes",
    "this",
    "its",
    "us",
    "his",
}

_BRACKETS = re.compile(r"\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?")
_DASH = re.compile(r"\s+[-–—]+\s+|\s*[–—]\s*")
_POSSESSIVE = re.compile(r"(?<=\w)['’`]s\b|(?<=s)['’`](?=\s|$)")
_NON_WORD = re.compile(r"[^\w#]+")


def tokens(text: object) -> tuple[str, ...]:
    """The words of a header, normalised (qualifiers in brackets already taken out)."""
    raw = str(text or "").casefold()
    raw = _POSSESSIVE.sub("", raw)
    raw = _BRACKETS.sub(" ", raw)
    raw = raw.replace("#", " # ").replace("_", " ")
    # Joined forms: "d.o.b", "re-check", "list 99", "first name", "last name", "s128"
    raw = re.sub(r"\bd\W*o\W*b\b", "dob", raw)
    raw = re.sub(r"\bre\W*check", "recheck", raw)
    raw = re.sub(r"\blist\W*99\b", "list99", raw)
    raw = re.sub(r"\bs\.?\s*128\b", "section128", raw)
    words = []
    for word in _NON_WORD.sub(" ", raw).split():
        if (
            len(word) > 3
            and word.endswith("s")
            and word not in _KEEP_S
            and not word.endswith(("ss", "us", "is"))
        ):
            word = word[:-1]
        words.append(_SYNONYMS.get(word, word))
    return tuple(words)


def split_qualifier(text: str) -> tuple[str, str]:
    """(the header before a dash qualifier, the qualifier); ("", "") parts when none."""
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0], parts[1]
    return text, ""


_Words = frozenset[str]
_Rule = Callable[[_Words], tuple[str, ...] | None]


def _all(*groups: set[str]) -> _Rule:
    """Every group has a word in the header; the words found."""

    def rule(words: _Words) -> tuple[str, ...] | None:
        found = []
        for group in groups:
            hit = sorted(group & words)
            if not hit:
                return None
            found.append(hit[0])
        return tuple(found)

    return rule


def _only(*headers: set[str]) -> _Rule:
    """The header is exactly one of these sets of words ("Title" alone, not "Job title")."""

    def rule(words: _Words) -> tuple[str, ...] | None:
        return next((tuple(sorted(h)) for h in headers if words == h), None)

    return rule


def _without(rule: _Rule, *unless: set[str]) -> _Rule:
    def guarded(words: _Words) -> tuple[str, ...] | None:
        if any(group & words for group in unless):
            return None
        return rule(words)

    return guarded


_DATE = {"date", "dated", "when"}
_DBS = {"dbs", "disclosure", "certificate", "enhanced", "standard", "basic"}
_NUMBER = {"number", "reference", "serial"}
_BARRED = {"barred", "barring", "list99", "isa", "pocva", "pova"}
_BY = {"by", "initial", "signature", "signed", "sign", "countersigned", "whom"}
_NAME_PARTS = {"forename", "surname", "first", "given", "christian", "middle", "family", "last"}


def _rules() -> list[tuple[str | None, str, int, _Rule]]:
    """(field value or None for IGNORE, what an ignored column holds, strength, rule)."""
    return [
        # An Update Service subscription's own ID: present means subscribed, but it is no Y/N.
        (
            None,
            "Update Service subscription ID",
            1,
            _all({"update"}, {"service"}, {"number", "id", "identifier"}),
        ),
        # When a DBS was applied for is not when it was issued.
        (
            None,
            "when the DBS was applied for",
            1,
            _without(
                _all({"applied", "application", "apply", "requested", "submitted"}),
                {"position", "post", "role", "job"},
            ),
        ),
        # The adults' barred list is not the children's (the register's barred list field).
        (None, "adults' barred list check", 1, _without(_all({"adults"}, _BARRED), {"children"})),
        # Who checked, and signatures: never a field, whatever check they belong to.
        (None, "who checked it", 1, _all(_BY)),
        # "Employee ID" is a staff number, not an identity check.
        (
            None,
            "staff number",
            1,
            _without(_all({"payroll", "staff", "employee"}, {"number", "id"}), _DBS),
        ),
        (None, "identity check", 1, _all({"identity", "id", "passport", "photo", "photograph"})),
        (None, "right to work", 1, _all({"right"}, {"work"})),
        (None, "right to work", 1, _all({"rtw", "visa", "immigration"})),
        (None, "qualifications", 1, _all({"qualification", "qts", "registration", "gtc"})),
        (None, "overseas checks", 1, _all({"overseas", "abroad", "country", "eea", "foreign"})),
        (
            None,
            "prohibition / section 128 check",
            1,
            _all({"prohibition", "prohibited", "section128", "128", "misconduct", "teaching"}),
        ),
        (None, "disqualification check", 1, _all({"disqualification", "disqualified"})),
        (
            None,
            "when the check was seen",
            1,
            _without(
                _all({"seen", "sighted", "viewed", "received", "provided", "verified"}),
                {"issue", "number", "reference"},
            ),
        ),
        (
            None,
            "employment references",
            1,
            _without(_all({"reference", "referee"}), _DBS),
        ),
        (None, "medical fitness", 1, _all({"medical", "health", "fitness"})),
        (None, "training", 1, _all({"training", "induction", "course"})),
        (
            None,
            "contact details",
            1,
            _all(
                {"email", "phone", "telephone", "tel", "mobile", "address", "postcode", "emergency"}
            ),
        ),
        (None, "contact details", 1, _all({"contact"}, {"detail", "number", "name"})),
        (None, "notes", 1, _all({"note", "comment", "remark", "nb", "additional", "other"})),
        (
            None,
            "outcome or risk assessment",
            1,
            _all({"outcome", "result", "decision", "risk", "justification", "assessment"}),
        ),
        (
            None,
            "agency or employer",
            1,
            _all({"agency", "supplier", "company", "provider", "organisation", "employer"}),
        ),
        (None, "written confirmation", 1, _all({"confirmation", "confirmed", "written", "letter"})),
        (None, "the date someone left", 1, _all({"left", "leaving", "leaver", "end", "ended"})),
        (None, "where they work", 1, _all({"department", "team", "location", "site", "base"})),
        (None, "where they work", 1, _all({"service", "business"}, {"area", "unit"})),
        (None, "personal details", 1, _all({"gender", "sex", "ethnicity", "nationality", "ni"})),
        (None, "employment terms", 1, _all({"hour", "fte", "salary", "grade", "contracted"})),
        # "Last updated" (of the sheet); "Update Service last checked" is a field below.
        (
            None,
            "status of a check",
            1,
            _without(_all({"last", "updated"}, {"updated", "update"}), {"service"}),
        ),
        # A person's other names: never the name the register holds.
        (
            None,
            "other names",
            1,
            _all(
                {"middle", "preferred", "known", "maiden", "previous", "former", "alias", "nick"},
                {"name", "as"},
            ),
        ),
        (None, "title (Mr, Mrs, Ms)", 1, _only({"title"}, {"salutation"}, {"honorific"})),
        # The fields.
        ("date_of_birth", "", 3, _all({"birth"})),
        (
            "start_date",
            "",
            3,
            _all({"start", "started", "commenced", "commencement", "appointment", "appointed"}),
        ),
        ("start_date", "", 2, _all({"joined", "joining"})),
        ("certificate_number", "", 3, _without(_all(_DBS, _NUMBER), _DATE | {"issue"})),
        ("barred_list_check_date", "", 3, _all(_BARRED, _DATE | {"checked"})),
        ("barred_list", "", 3, _all(_BARRED)),
        ("expiry_date", "", 3, _all({"expiry", "renewal", "recheck"})),
        ("expiry_date", "", 2, _all({"next", "due"})),
        (
            "update_service_check_date",
            "",
            3,
            _all({"status"}, {"check", "checked", "date", "last"}),
        ),
        (
            "update_service_check_date",
            "",
            3,
            _all({"update"}, {"service"}, _DATE | {"checked", "last", "check"}),
        ),
        ("update_service", "", 3, _all({"update"}, {"service", "subscriber", "subscribed"})),
        ("update_service", "", 2, _all({"subscriber", "subscribed", "subscription"})),
        ("issue_date", "", 3, _all({"issue"})),
        ("issue_date", "", 3, _all(_DATE, {"certificate", "disclosure"})),
        ("issue_date", "", 2, _all(_DATE, {"dbs", "check", "checked"})),
        ("contact_level", "", 3, _all({"contact", "regulated", "unsupervised"})),
        ("contact_level", "", 2, _all({"work", "working"}, {"children", "young"})),
        ("level", "", 3, _without(_all({"level", "type"}), {"staff", "employment", "worker"})),
        ("level", "", 2, _all({"enhanced"}, {"standard", "basic"})),
        ("certificate_number", "", 2, _without(_all({"certificate", "disclosure"}), _DATE)),
        ("forename", "", 3, _all({"forename", "first", "given", "christian"})),
        ("surname", "", 3, _all({"surname", "family"})),
        ("surname", "", 3, _all({"last"}, {"name"})),
        ("name", "", 3, _all({"name"})),
        ("role", "", 3, _all({"role", "post", "position", "job", "designation", "occupation"})),
        (
            "name",
            "",
            1,
            _without(
                _all({"staff", "employee", "volunteer", "worker", "person", "individual"}),
                {"group", "category", "type"},
            ),
        ),
        (None, "staff group", 1, _all({"group", "category"})),
        (None, "a check without its name", 1, _all({"checked", "check", "date"})),
    ]


_RULES = _rules()


@lru_cache(maxsize=4096)
def _match_words(words: tuple[str, ...]) -> HeaderMatch | None:
    from bscp_monitor.dbs.columns import Field

    found = frozenset(words)
    if not found:
        return None
    for value, what, strength, rule in _RULES:
        hit = rule(found)
        if hit is not None:
            if value is None and what == "a check without its name":
                return None  # "Date checked" alone: its group heading says which check
            field = Field.IGNORE if value is None else Field(value)
            return HeaderMatch(field, hit, what, strength)
    return None


def match_meaning(text: object) -> HeaderMatch | None:
    """What a header means, or None when it is not known."""
    from bscp_monitor.dbs.columns import Field

    raw = " ".join(str(text).split()) if text is not None else ""
    if not raw:
        return None
    whole = _match_words(tokens(raw))
    head, qualifier = split_qualifier(raw)
    if qualifier and (whole is None or whole.field is Field.IGNORE):
        # "Regulated activity - see note": the part before the dash decides, when it can.
        matched = _match_words(tokens(head))
        if matched is not None and matched.field not in (None, Field.IGNORE):
            return matched
    return whole


#: Words a row of sub-headers is written in ("Date checked", "Certificate No.", "Seen by").
VOCABULARY = frozenset(
    word
    for words in (
        _DATE,
        _DBS,
        _NUMBER,
        _BARRED,
        _BY,
        _NAME_PARTS,
        {
            "checked",
            "check",
            "of",
            "the",
            "a",
            "and",
            "or",
            "to",
            "if",
            "seen",
            "verified",
            "received",
            "provided",
            "issue",
            "expiry",
            "renewal",
            "recheck",
            "due",
            "next",
            "level",
            "type",
            "status",
            "update",
            "service",
            "name",
            "role",
            "post",
            "position",
            "job",
            "title",
            "result",
            "outcome",
            "comment",
            "note",
            "children",
            "adults",
            "list",
            "yes",
            "y",
            "n",
            "done",
            "completed",
            "evidence",
            "document",
            "copy",
            "held",
            "contact",
            "start",
            "birth",
            "identity",
            "id",
            "work",
            "right",
            "qualification",
            "overseas",
            "applicable",
            "required",
        },
    )
    for word in words
)
