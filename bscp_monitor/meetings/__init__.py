"""The meetings wing: contract monitoring meetings (scheduling, attendees, workflow and
its guard), the agenda, actions, metrics (rules, periods, values minuted at a meeting) and
thematic checks (S5, S6).

May import: `common`, `contracts`, `dbs`, `compliance`, `data`, `standards`."""
