"""The ``text`` reporter: for people and for ``grep``.

Plain (``color=False``, the default): one line per finding, in the result's
order::

    path:line:col: ID [severity] message

then one ``path[:line]: error: message`` line per file error, then a summary.

Coloured (``color=True``; the CLI turns it on for a TTY without ``NO_COLOR``):
findings grouped by file (files in order of first appearance), a header line
per file, then ``  line:col  ID [severity] message`` with ANSI colours per
severity, and the related locations of a finding indented beneath it.

Summary line::

    Found 3 problems (1 error, 2 warnings) in 2 files.
    All checks passed (5 files).

"in 2 files" counts the files that have findings; "(5 files)" the files checked.
When there are file errors, ``; 1 file error`` is appended (and a run with file
errors but no findings says ``No problems found`` rather than ``All checks
passed``).

Control characters in paths and messages (newlines, ESC, ...) are shown as
backslash escapes so that each finding stays on one line and a hostile file
name cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import re

from buildlint.engine.finding import SEVERITIES, FileError, Finding, Location, Result
from buildlint.report import shown_errors

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
DIM = "\x1b[2m"
HEADER = "\x1b[1;4m"  # bold, underlined
SEVERITY_COLORS = {
    "error": "\x1b[1;31m",  # bold red
    "warning": "\x1b[33m",  # yellow
    "info": "\x1b[36m",  # cyan
    "style": "\x1b[35m",  # magenta
}

#: How a count of each severity is spelled: (singular, plural).
_NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
          "info": ("info", "info"), "style": ("style", "style")}

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def clean(s: str) -> str:
    """Make ``s`` safe to print on one terminal line."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\x{ord(m.group()):02x}"), s)


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _paint(s: str, code: str, color: bool) -> str:
    return f"{code}{s}{RESET}" if color and code else s


def _error_line(e: FileError, color: bool) -> str:
    where = clean(e.path) + (f":{e.line}" if e.line is not None else "")
    return f"{_paint(where, BOLD, color)}: {_paint('error', SEVERITY_COLORS['error'], color)}: {clean(e.message)}"


def _tail(f: Finding, color: bool) -> str:
    """``ID [severity] message``."""
    sev = _paint(f"[{f.severity}]", SEVERITY_COLORS.get(f.severity, ""), color)
    return f"{_paint(f.rule, BOLD, color)} {sev} {clean(f.message)}"


def _related_line(loc: Location, color: bool) -> str:
    text = f"{clean(loc.path)}:{loc.line}:{loc.column}"
    if loc.message:
        text += f": {clean(loc.message)}"
    return "      " + _paint(f"related: {text}", DIM, color)


def summary(result: Result) -> str:
    from buildlint.report import severity_counts

    n = len(result.findings)
    if n:
        counts = severity_counts(result)
        order = list(SEVERITIES) + [s for s in counts if s not in SEVERITIES]
        parts = [plural(counts[s], *_NOUNS.get(s, (s, s))) for s in order if counts.get(s)]
        files = len({f.path for f in result.findings})
        line = f"Found {plural(n, 'problem')} ({', '.join(parts)}) in {plural(files, 'file')}"
    elif shown_errors(result):
        line = f"No problems found ({plural(result.files_checked, 'file')})"
    else:
        line = f"All checks passed ({plural(result.files_checked, 'file')})"
    if shown_errors(result):
        line += f"; {plural(len(shown_errors(result)), 'file error')}"
    return line + "."


def render(result: Result, catalog=None, *, color: bool = False, **_opts) -> str:
    lines: list[str] = []
    if color:
        groups: dict[str, list[Finding]] = {}
        for f in result.findings:
            groups.setdefault(f.path, []).append(f)
        for path, findings in groups.items():
            lines.append(_paint(clean(path), HEADER, True))
            for f in findings:
                pos = _paint(f"{f.line}:{f.column}", DIM, True)
                lines.append(f"  {pos}  {_tail(f, True)}")
                lines.extend(_related_line(r, True) for r in f.related)
            lines.append("")
    else:
        for f in result.findings:
            lines.append(f"{clean(f.path)}:{f.line}:{f.column}: {_tail(f, False)}")
    lines.extend(_error_line(e, color) for e in shown_errors(result))
    lines.append(_paint(summary(result), BOLD, color))
    return "\n".join(lines) + "\n"
