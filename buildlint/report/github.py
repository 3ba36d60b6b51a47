"""The ``github`` reporter: GitHub Actions workflow commands (annotations).

One line per finding::

    ::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=ID name::message

``error`` for severity error, ``warning`` for warning, ``notice`` for info and
style; ``endColumn`` is left out when unknown. Related locations are appended
to the message, one per line (``related: path:line:col: message``). File
errors become ``::error file=PATH[,line=L],title=buildlint <kind> error::message``.

Escaping follows the Actions runner (``toolkit/packages/core/src/command.ts``):
in the message ``%`` -> ``%25``, CR -> ``%0D``, LF -> ``%0A``; in property
values additionally ``:`` -> ``%3A`` and ``,`` -> ``%2C``.
"""

from __future__ import annotations

from buildlint.engine.finding import FileError, Finding, Result
from buildlint.report import shown_errors

COMMANDS = {"error": "error", "warning": "warning", "info": "notice", "style": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(name: str, props: dict[str, object], message: str) -> str:
    """``::name k=v,k=v::message`` with everything escaped; ``None`` values dropped."""
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{name}{' ' + body if body else ''}::{escape_data(message)}"


def _finding(f: Finding) -> str:
    message = f.message
    for r in f.related:
        message += f"\nrelated: {r.path}:{r.line}:{r.column}" + (f": {r.message}" if r.message else "")
    props = {
        "file": f.path,
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f"{f.rule} {f.name}",
    }
    return command(COMMANDS.get(f.severity, "warning"), props, message)


def _error(e: FileError) -> str:
    props = {"file": e.path, "line": e.line, "title": f"buildlint {e.kind} error"}
    return command("error", props, e.message)


def render(result: Result, catalog=None, **_opts) -> str:
    lines = [_finding(f) for f in result.findings] + [_error(e) for e in shown_errors(result)]
    return "".join(line + "\n" for line in lines)
