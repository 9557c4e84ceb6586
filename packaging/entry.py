"""The frozen executable's entry point: the `lighttrack` command."""

from __future__ import annotations

import sys

from lighttrack.cli import main
from lighttrack.ui.dashboard import WINDOW_FLAG

if __name__ == "__main__":
    if sys.argv[1:] == [WINDOW_FLAG]:  # the dashboard window's child process re-runs this executable
        from lighttrack.ui.window import main as window_main
        sys.exit(window_main())
    sys.exit(main())
