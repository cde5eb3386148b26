"""The command line: `main` parses and dispatches; one module per group of commands
(meetings, dbs, compliance) and `common` for what they share. Calls the same core services
as the UI.

May import: every core wing; the UI only to open the GUI."""
