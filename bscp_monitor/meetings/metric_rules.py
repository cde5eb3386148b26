"""The rules of S5 metrics as data and pure functions: the library of safeguarding metrics,
the RAG of a value, and the checks on a definition (no database here).

RAG: higher-is-better is red below the red threshold, amber below the amber one, else green;
lower-is-better is red above the red threshold, amber above the amber one, else green. With
no thresholds, meeting the target is green and missing it amber; with no target either,
there is no RAG. Without an amber threshold, the target is the amber line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bscp_monitor.common.errors import ValidationError
from bscp_monitor.data.enums import MetricDirection, MetricFrequency, MetricUnit, Rag
from bscp_monitor.meetings.metric_periods import check_value

HIGHER, LOWER = MetricDirection.HIGHER_IS_BETTER, MetricDirection.LOWER_IS_BETTER
PCT, COUNT = MetricUnit.PERCENTAGE, MetricUnit.COUNT
MONTHLY, QUARTERLY = MetricFrequency.MONTHLY, MetricFrequency.QUARTERLY
DBS_COMPLIANCE = "dbs_compliance"
#: What each computed metric is computed from, in words.
COMPUTED_SOURCES = {DBS_COMPLIANCE: "computed from the DBS register"}
NAME_LENGTH = 200


@dataclass(frozen=True)
class LibraryMetric:
    name: str
    unit: MetricUnit
    direction: MetricDirection
    target: float | None
    amber: float | None
    red: float | None
    frequency: MetricFrequency
    computed_key: str | None = None


METRIC_LIBRARY: tuple[LibraryMetric, ...] = (
    LibraryMetric(
        "% of contact staff with an in-date enhanced DBS",
        PCT, HIGHER, 100, 95, 90, MONTHLY, DBS_COMPLIANCE,
    ),
    LibraryMetric("% of staff with safeguarding training in date", PCT, HIGHER, 100, 90, 80,
                  MONTHLY),
    LibraryMetric("Safeguarding concerns raised", COUNT, LOWER, None, None, None, MONTHLY),
    LibraryMetric("Referrals to children's social care", COUNT, LOWER, None, None, None, MONTHLY),
    LibraryMetric("Allegations against staff referred to the LADO", COUNT, LOWER, None, None,
                  None, QUARTERLY),
    LibraryMetric("Children and young people supported", COUNT, HIGHER, None, None, None,
                  MONTHLY),
    LibraryMetric("Waiting list", COUNT, LOWER, 5, 5, 10, MONTHLY),
    LibraryMetric("Missing episodes", COUNT, LOWER, 0, None, None, MONTHLY),
    LibraryMetric("Exploitation risk assessments completed", PCT, HIGHER, 100, 95, 85,
                  MONTHLY),
)  # fmt: skip


# -- RAG and thresholds -----------------------------------------------------------------------


def _below(value: float, line: float) -> bool:
    return value < line


def _above(value: float, line: float) -> bool:
    return value > line


def rag_for(
    value: float,
    target: float | None,
    direction: MetricDirection,
    amber: float | None = None,
    red: float | None = None,
) -> Rag | None:
    """The RAG of ``value`` (see the module's description); None when nothing is set."""
    higher = direction is HIGHER
    worse = _below if higher else _above
    if red is None and amber is None:
        if target is None:
            return None
        return Rag.AMBER if worse(value, target) else Rag.GREEN
    if red is not None and worse(value, red):
        return Rag.RED
    amber_line = amber if amber is not None else target
    if amber_line is not None and worse(value, amber_line):
        return Rag.AMBER
    return Rag.GREEN


def check_thresholds(
    direction: MetricDirection,
    target: float | None,
    amber: float | None,
    red: float | None,
) -> None:
    """ValidationError unless red, amber and target are in order for the direction."""
    named = [
        (n, v) for n, v in (("red", red), ("amber", amber), ("target", target)) if v is not None
    ]
    for (first, low), (second, high) in zip(named, named[1:], strict=False):
        if direction is HIGHER and low > high:
            raise ValidationError(
                f"When higher is better, the {first} threshold ({low:g}) cannot be above the "
                f"{second}{' threshold' if second != 'target' else ''} ({high:g})."
            )
        if direction is LOWER and low < high:
            raise ValidationError(
                f"When lower is better, the {first} threshold ({low:g}) cannot be below the "
                f"{second}{' threshold' if second != 'target' else ''} ({high:g})."
            )


def clean_definition(values: dict[str, Any]) -> dict[str, Any]:
    name = " ".join(str(values["name"]).split())
    if not name:
        raise ValidationError("The metric needs a name.")
    if len(name) > NAME_LENGTH:
        raise ValidationError(f"The name is too long (at most {NAME_LENGTH} characters).")
    unit = MetricUnit(values["unit"])
    direction = MetricDirection(values["direction"])
    frequency = MetricFrequency(values["frequency"])
    key = values.get("computed_key")
    if key is not None and key not in COMPUTED_SOURCES:
        raise ValidationError(f"The app cannot compute '{key}'.")
    numbers: dict[str, float | None] = {}
    for field, what in (
        ("target", "The target"),
        ("amber_threshold", "The amber threshold"),
        ("red_threshold", "The red threshold"),
    ):
        raw = values.get(field)
        numbers[field] = None if raw is None else check_value(float(raw), unit, what)
    check_thresholds(
        direction, numbers["target"], numbers["amber_threshold"], numbers["red_threshold"]
    )
    return {
        "name": name,
        "unit": unit,
        "direction": direction,
        "frequency": frequency,
        "safeguarding": bool(values.get("safeguarding", True)),
        "computed_key": key,
        **numbers,
    }
