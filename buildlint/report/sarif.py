"""The ``sarif`` reporter: SARIF 2.1.0, as GitHub code scanning consumes it.

One run. ``tool.driver.rules`` lists every catalog rule (``all_rules=True``, the
default) or only the rules that fired (``all_rules=False``), in catalog (id)
order; each result's ``ruleIndex`` points into that array.

Paths relative to the run root become relative URI references with
``uriBaseId: "%SRCROOT%"``; ``run.originalUriBaseIds["%SRCROOT%"]`` is the
``file://`` URI of ``result.root`` (only when ``result.root`` is absolute: a
pure reporter cannot resolve ``.`` — the CLI should pass an absolute root).
Absolute paths become ``file://`` URIs without a base id. URIs are
percent-encoded as UTF-8 (spaces, ``%``, ``#``, ``?``, ``:``, non-ASCII, ...).

Fingerprint (``partialFingerprints["buildlintFingerprint/v1"]``): the SHA-256
hex digest of ``rule id``, ``path``, ``message`` and the occurrence number,
joined with NUL bytes, UTF-8 encoded. The occurrence number (0, 1, 2, ...)
counts findings with the same (rule, path, message) triple in position order
(line, column). Positions are not hashed, so a finding keeps its fingerprint
when lines are inserted or removed above it; two identical findings in one
file are told apart by their order. (It changes when the message text changes
— rule messages should therefore not embed line numbers.)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from urllib.parse import quote

from buildlint.engine.finding import FileError, Finding, Location, Result

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/buildlint/buildlint"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "buildlintFingerprint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note", "style": "note"}

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def level(severity: str) -> str:
    return LEVELS.get(severity, "warning")


def is_absolute(path: str) -> bool:
    return path.startswith("/") or bool(_DRIVE.match(path)) or path.startswith("\\\\")


def file_uri(path: str) -> str:
    """``file://`` URI of an absolute POSIX or Windows path."""
    if _DRIVE.match(path) or path.startswith("\\\\"):
        path = path.replace("\\", "/")
    if path.startswith("//"):  # UNC: //server/share/x -> file://server/share/x
        return "file:" + quote(path, safe="/")
    if _DRIVE.match(path):  # C:/x -> file:///C:/x
        return "file:///" + path[:2] + quote(path[2:], safe="/")
    return "file://" + quote(path, safe="/")


def artifact_location(path: str) -> dict:
    if is_absolute(path):
        return {"uri": file_uri(path)}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def region(loc: Location) -> dict:
    r = {"startLine": loc.line, "startColumn": loc.column, "endLine": loc.last_line}
    if loc.end_column is not None:
        r["endColumn"] = loc.end_column
    return r


def physical_location(loc: Location) -> dict:
    return {"artifactLocation": artifact_location(loc.path), "region": region(loc)}


def fingerprint(rule: str, path: str, message: str, occurrence: int) -> str:
    data = "\0".join((rule, path, message, str(occurrence))).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in the given order (see the module docstring)."""
    order = sorted(range(len(findings)), key=lambda i: (findings[i].line, findings[i].column,
                                                        findings[i].end_line, i))
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    out = [""] * len(findings)
    for i in order:
        f = findings[i]
        key = (f.rule, f.path, f.message)
        out[i] = fingerprint(*key, seen[key])
        seen[key] += 1
    return out


def _tags(rule) -> list[str]:
    tags: list[str] = []
    for t in (*rule.aliases, "buildlint"):
        if t not in tags:
            tags.append(t)
    return tags


def reporting_descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.body.strip(), "markdown": rule.body.strip()},
        "helpUri": rule.help_uri,
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"tags": _tags(rule)},
    }


def _result(f: Finding, index: int | None, fp: str) -> dict:
    r: dict = {"ruleId": f.rule}
    if index is not None:
        r["ruleIndex"] = index
    r["level"] = level(f.severity)
    r["message"] = {"text": f.message}
    r["locations"] = [{"physicalLocation": physical_location(f.location)}]
    if f.related:
        related = []
        for i, loc in enumerate(f.related, start=1):
            item: dict = {"id": i, "physicalLocation": physical_location(loc)}
            if loc.message:
                item["message"] = {"text": loc.message}
            related.append(item)
        r["relatedLocations"] = related
    r["partialFingerprints"] = {FINGERPRINT_KEY: fp}
    return r


def _notification(e: FileError) -> dict:
    loc: dict = {"artifactLocation": artifact_location(e.path)}
    if e.line is not None:
        loc["region"] = {"startLine": e.line}
    return {
        "level": "error",
        "message": {"text": e.message},
        "locations": [{"physicalLocation": loc}],
        "properties": {"kind": e.kind},
    }


def document(result: Result, catalog, *, tool_version: str | None = None,
             all_rules: bool = True, **_opts) -> dict:
    """The SARIF log as a Python object (what :func:`render` serialises)."""
    from buildlint.report import default_version

    fired = {f.rule for f in result.findings}
    rules = [r for r in catalog if all_rules or r.id in fired]
    index = {r.id: i for i, r in enumerate(rules)}
    fps = fingerprints(result.findings)

    driver = {
        "name": "buildlint",
        "version": tool_version if tool_version is not None else default_version(),
        "informationUri": INFORMATION_URI,
        "rules": [reporting_descriptor(r) for r in rules],
    }
    run: dict = {"tool": {"driver": driver}}
    if is_absolute(result.root):
        root = file_uri(result.root)
        run["originalUriBaseIds"] = {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}}
    run["invocations"] = [{
        "executionSuccessful": True,
        "toolExecutionNotifications": [_notification(e) for e in result.errors],
    }]
    run["results"] = [_result(f, index.get(f.rule), fp) for f, fp in zip(result.findings, fps)]
    run["columnKind"] = "unicodeCodePoints"
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: Result, catalog, **opts) -> str:
    return json.dumps(document(result, catalog, **opts), indent=2, ensure_ascii=False) + "\n"
