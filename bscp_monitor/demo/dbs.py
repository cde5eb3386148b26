"""Demo DBS registers: the providers' staff lists imported through the real import path
(a CSV written to a temporary folder), so every status appears for a real reason."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from pathlib import Path

from bscp_monitor.common.dates import add_months
from bscp_monitor.data.store import Store
from bscp_monitor.dbs.importer import import_file

HEADER = [
    "Full name",
    "Job title",
    "Contact with children",
    "DBS Certificate Number",
    "DBS Issue Date",
    "DBS Level",
    "Update Service",
    "Renewal due",
]


def _staff(today: date) -> dict[str, list[list[str]]]:
    def d(months: int) -> str:
        return add_months(today, months).strftime("%d/%m/%Y")

    return {
        "Barnardo's": [
            [
                "Joanne Pryce",
                "Safeguarding lead",
                "Direct",
                "0017 4421 9035",
                d(-20),
                "Enhanced with children's barred list",
                "Yes",
                "",
            ],
            [
                "Tom Ellery",
                "Service manager",
                "Regular",
                "001865530217",
                d(-34),
                "Enhanced with children's barred list",
                "No",
                "",
            ],
            [
                "Amira Hassan",
                "CSE recovery worker",
                "Direct",
                "001992847361",
                d(-8),
                "Enhanced with children's barred list",
                "No",
                "",
            ],
            [
                "Liam O'Connell",
                "CSE recovery worker",
                "Direct",
                "001547730982",
                d(-40),
                "Enhanced with children's barred list",
                "No",
                "",
            ],
            ["Grace Mensah", "Sessional worker", "Direct", "", "", "", "No", ""],
            [
                "Peter Novak",
                "Administrator",
                "Occasional",
                "001223344556",
                d(-14),
                "Standard",
                "No",
                "",
            ],
        ],
        "Bridgeway Family Support CIC": [
            [
                "Marcus Adeyemi",
                "Safeguarding lead",
                "Direct",
                "002045671238",
                d(-6),
                "Enhanced with children's barred list",
                "No",
                "",
            ],
            [
                "Sophie Turner",
                "Group facilitator",
                "Direct",
                "002099887766",
                d(-25),
                "Enhanced",
                "No",
                d(2),
            ],
            [
                "Rhys Morgan",
                "Volunteer",
                "Regular",
                "002011223344",
                d(-30),
                "Enhanced with children's barred list",
                "No",
                d(1),
            ],
        ],
    }


def seed_demo_dbs(store: Store, today: date) -> None:
    with tempfile.TemporaryDirectory(prefix="bscp-demo-") as folder:
        for provider, rows in _staff(today).items():
            path = Path(folder) / f"{provider.split()[0].strip(chr(39) + 's').lower()}-scr.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([f"{provider} - single central record (contract staff)"])
                writer.writerow(HEADER)
                writer.writerows(rows)
            import_file(store, path, provider)
