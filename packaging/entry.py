"""The frozen executable's entry point: the `lighttrack` command."""

from __future__ import annotations

import multiprocessing
import sys

from lighttrack.cli import main

if __name__ == "__main__":
    # The dashboard window is a multiprocessing "spawn" child: in a frozen build it re-runs this executable.
    multiprocessing.freeze_support()
    sys.exit(main())
