"""The contracts wing: the register of contracts (decision deadline, variations,
archive), providers and their S3 record, the S2 clause checklist and S1 self-assessments.

May import: `common`, `data`, `standards`."""
