"""Shipped resources: the style sheet, the agenda template and other data files."""
