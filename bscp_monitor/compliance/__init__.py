"""The compliance wing: the facts every contract is judged on (read in one statement),
the pure S1-S6 rules and alerts, and the portfolio view of them (counts, ordering).

May import: `common`, `contracts`, `dbs`, `data`, `standards`."""
