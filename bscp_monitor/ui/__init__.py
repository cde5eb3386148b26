"""Everything Qt: the main window, views, dialogs, table models and workers."""
