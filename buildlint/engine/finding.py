"""The data that flows from the rules to the reporters.

Everything here is plain data: a reporter is a pure function of a
:class:`Result` and the rule :class:`~buildlint.engine.catalog.Catalog`.

Positions are 1-based. ``end_column`` is the column just after the last
character (SARIF's ``endColumn``), so a one-character span at column 5 has
``column=5, end_column=6``. Paths are ``/``-separated and relative to the
directory buildlint was run from (absolute only when the file lies outside it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Severities from most to least severe.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info", "style")
_RANK = {name: i for i, name in enumerate(SEVERITIES)}


def severity_rank(severity: str) -> int:
    """Lower is more severe; unknown severities sort last."""
    return _RANK.get(severity, len(SEVERITIES))


def at_least(severity: str, threshold: str) -> bool:
    """True when ``severity`` is as severe as ``threshold`` or more."""
    return severity_rank(severity) <= severity_rank(threshold)


@dataclass(frozen=True, order=True)
class Location:
    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    message: str = ""  # for related locations: what this place is

    @property
    def last_line(self) -> int:
        return self.end_line if self.end_line is not None else self.line


@dataclass(frozen=True)
class Finding:
    rule: str  # the rule id, e.g. "BL110"
    name: str  # the rule name, e.g. "source-copied-before-install"
    severity: str
    message: str
    location: Location
    related: tuple[Location, ...] = ()

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    @property
    def column(self) -> int:
        return self.location.column

    @property
    def end_line(self) -> int:
        return self.location.last_line

    @property
    def end_column(self) -> int | None:
        return self.location.end_column

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)


@dataclass(frozen=True)
class FileError:
    """A file that could not be read or parsed (it is still linted as far as possible)."""

    path: str
    message: str
    line: int | None = None
    kind: str = "parse"  # "parse" | "read" | "config"


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0
    #: Absolute path of the directory paths are relative to (SARIF %SRCROOT%).
    root: str = "."
