"""The console script and ``python -m buildlint``.

A Ctrl-C while the command line is still being imported (click, the CLI), or
a second one while the first is being reported, exits 130 quietly like one
during the run; once the run is over, a late Ctrl-C cannot turn its exit code
into a signal death during interpreter shutdown.
"""

import sys


def _ignore_ctrl_c() -> None:
    try:
        import _signal

        _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    except (ImportError, OSError, ValueError):  # pragma: no cover (not the main thread, no _signal)
        pass


def main() -> None:
    try:
        try:
            from buildlint.cli import main as cli_main
        except KeyboardInterrupt:
            sys.exit(130)
        try:
            cli_main()
        except KeyboardInterrupt:
            sys.exit(130)
    finally:
        _ignore_ctrl_c()
