"""The Contracts and Providers pages, the contract's window (overview, variations, clause
checklist S2, self-assessments S1, provider S3) and their dialogs.

May import: the core (never `bscp_monitor.data` or SQLAlchemy), `ui.kit` and, for
opening another record's window, a sibling UI wing."""
