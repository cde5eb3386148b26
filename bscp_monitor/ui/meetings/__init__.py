"""The Meetings and Actions pages and the meeting window (details, attendees, agenda,
safeguarding prompts, metrics, actions) with their dialogs.

May import: the core (never `bscp_monitor.data` or SQLAlchemy), `ui.kit` and, for
opening another record's window, a sibling UI wing."""
