"""The providers table: name, safeguarding lead, S3 fields and number of contracts."""

from __future__ import annotations

from bscp_monitor.common.database import Store
from bscp_monitor.common.dates import format_date
from bscp_monitor.compliance.rules import TRAINING_VALID_MONTHS
from bscp_monitor.contracts import providers
from bscp_monitor.contracts.providers import ProviderRecord
from bscp_monitor.ui.kit.display import AMBER, GREY, training_note
from bscp_monitor.ui.kit.lazy_table import Column, LazyTableModel


def _training_text(record: ProviderRecord) -> str:
    if record.bscp_training_last_attended is None:
        return "Never"
    text = format_date(record.bscp_training_last_attended)
    stale = training_note(record.bscp_training_last_attended)
    return f"{text} (over {TRAINING_VALID_MONTHS} months)" if stale else text


def _name_text(record: ProviderRecord) -> str:
    return f"{record.name} (archived)" if record.archived else record.name


class ProvidersModel(LazyTableModel):
    """Rows are :class:`ProviderRecord`, all at once (the view's proxy sorts them)."""

    batch_size = None
    NAME, LEAD, EMAIL, UPDATES, TRAINING, CONTRACTS = range(6)
    columns = (
        Column(
            "Name",
            _name_text,
            sort_key=lambda r: r.name.lower(),
            colours=lambda r: GREY if r.archived else None,
        ),
        Column("Safeguarding lead", lambda r: r.safeguarding_lead_name),
        Column("Email", lambda r: r.safeguarding_lead_email),
        Column(
            "BSCP updates",
            lambda r: "Yes" if r.receives_bscp_updates else "No",
            colours=lambda r: None if r.receives_bscp_updates else AMBER,
        ),
        Column(
            "Training last attended",
            _training_text,
            sort_key=lambda r: (
                r.bscp_training_last_attended.toordinal() if r.bscp_training_last_attended else 0
            ),
            colours=lambda r: AMBER if training_note(r.bscp_training_last_attended) else None,
            tooltip=lambda r: training_note(r.bscp_training_last_attended),
        ),
        Column(
            "Contracts",
            lambda r: str(r.contract_count),
            sort_key=lambda r: r.contract_count,
            align_right=True,
        ),
    )

    def load(self, store: Store, include_archived: bool = False) -> None:
        self.set_records(providers.list_providers(store, include_archived))

    def row_of(self, provider_id: int) -> int:
        for row, record in enumerate(self._records):
            if record.id == provider_id:
                return row
        return -1
