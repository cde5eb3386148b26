"""The DBS wing (standard S4): reading providers' spreadsheets, recognising their
columns and values, the verdict on each row, the all-or-nothing importer, the register and
its statuses, the rejects file and the computed DBS compliance metric.

May import: `common`, `data`, `standards`."""
