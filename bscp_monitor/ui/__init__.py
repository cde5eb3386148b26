"""Everything Qt: the app, the main window and its page registry, and one UI wing per part
of the job (dashboard, contracts, meetings, dbs, quality) built from `ui.kit`.

May import: the core -- never `bscp_monitor.data` or SQLAlchemy (tests/ui/test_ui_boundaries.py)."""
