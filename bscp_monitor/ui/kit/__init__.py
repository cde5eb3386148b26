"""What every page, dialog and window is built from: the worker that runs core generators
off the UI thread, the Autosaver, the lazy table model, the register page, the record dialog
and window registry, the date edit, empty states, charts, the cell painter and the shared
display helpers.

May import: the core (never `bscp_monitor.data` or SQLAlchemy); never another UI wing."""
