from __future__ import annotations

from bscp_monitor.cli.main import main

raise SystemExit(main())
