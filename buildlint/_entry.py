"""The console script and ``python -m buildlint``.

A Ctrl-C while the command line is still being imported (click, the CLI)
exits 130 quietly, like one during the run, instead of showing a traceback.
"""

import sys


def main() -> None:
    try:
        from buildlint.cli import main as cli_main
    except KeyboardInterrupt:
        sys.exit(130)
    cli_main()
