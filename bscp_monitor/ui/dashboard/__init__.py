"""The Dashboard page: every live contract against S1-S6, the alerts and the board report.

May import: the core (never `bscp_monitor.data` or SQLAlchemy), `ui.kit` and, for
opening another record's window, a sibling UI wing."""
