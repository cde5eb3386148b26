"""The reports wing: the house PDF layout, minutes, the action log (XLSX/PDF) and the
board report (its data, PDF and XLSX).

May import: every core wing below it (`common`, `contracts`, `dbs`, `compliance`,
`meetings`), `data`, `standards`."""
