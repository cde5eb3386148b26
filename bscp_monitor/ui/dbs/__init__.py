"""The DBS register page (S4), the staff dialog and the import dialog with its column
mapping and preview.

May import: the core (never `bscp_monitor.data` or SQLAlchemy), `ui.kit` and, for
opening another record's window, a sibling UI wing."""
