"""BSCP Monitor: safe commissioning of children's services."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "BSCP Monitor"
