"""The demo wing: a demo database built from the source documents, with dates relative
to today so every alert and rating is live.

May import: every core wing except `cli`."""
