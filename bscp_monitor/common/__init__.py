"""The common wing: what every other wing uses -- dates and London time, wording,
user-facing errors (UserError; DatabaseError, the store's one database failure), progress
of long work, whole-file output, safe xlsx cells, caseless text, shipped resources, the
audit trail and the app's settings; and, re-exported from `data/` for the wings above and
the UI, the domain's enums (`common.enums`) and the database (`common.database`: the Store,
opening one, the checks made before SQLAlchemy is imported).

May import: `bscp_monitor.data` only (and the standard library)."""
