"""The Metrics (S5) and Thematic checks (S6) pages and their dialogs.

May import: the core (never `bscp_monitor.data` or SQLAlchemy), `ui.kit` and, for
opening another record's window, a sibling UI wing."""
