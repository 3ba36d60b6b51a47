"""The ``json`` reporter: buildlint's own stable machine-readable format.

::

    {"version": "...",
     "findings": [{"rule", "name", "severity", "path", "line", "column",
                   "end_line", "end_column", "message",
                   "related": [{"path", "line", "column", "end_line", "end_column", "message"}]}],
     "errors": [{"path", "line", "message", "kind"}],
     "summary": {"files": n, "findings": n, "by_severity": {"error": n, ...}}}

Findings and errors keep the result's order. ``end_line`` is always an integer
(the start line when the span is on one line); ``end_column`` and an error's
``line`` may be ``null``. ``by_severity`` lists every severity, zeros included.
Non-ASCII characters are written as UTF-8, not ``\\u`` escapes.
"""

from __future__ import annotations

import json

from buildlint.engine.finding import Location, Result


def _location(loc: Location) -> dict:
    return {
        "path": loc.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.last_line,
        "end_column": loc.end_column,
    }


def document(result: Result, catalog=None, *, tool_version: str | None = None, **_opts) -> dict:
    """The JSON document as a Python object (what :func:`render` serialises)."""
    from buildlint.report import default_version, severity_counts

    findings = []
    for f in result.findings:
        findings.append({
            "rule": f.rule,
            "name": f.name,
            "severity": f.severity,
            **_location(f.location),
            "message": f.message,
            "related": [{**_location(r), "message": r.message} for r in f.related],
        })
    errors = [
        {"path": e.path, "line": e.line, "message": e.message, "kind": e.kind}
        for e in result.errors
    ]
    return {
        "version": tool_version if tool_version is not None else default_version(),
        "findings": findings,
        "errors": errors,
        "summary": {
            "files": result.files_checked,
            "findings": len(result.findings),
            "by_severity": severity_counts(result),
        },
    }


def render(result: Result, catalog=None, **opts) -> str:
    return json.dumps(document(result, catalog, **opts), indent=2, ensure_ascii=False) + "\n"
