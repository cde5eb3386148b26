from __future__ import annotations

from bscp_monitor.cli import main

raise SystemExit(main())
