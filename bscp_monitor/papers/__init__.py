"""Papers: evidence files attached to records, and search across what was said."""
