"""The common wing: what every other wing uses -- dates and London time, wording,
user-facing errors, progress of long work, whole-file output, safe xlsx cells, caseless
text, shipped resources, the audit trail and the app's settings.

May import: `bscp_monitor.data` only (and the standard library)."""
