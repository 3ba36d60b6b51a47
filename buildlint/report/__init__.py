"""Reporters: each turns a :class:`~buildlint.engine.finding.Result` and the
rule :class:`~buildlint.engine.catalog.Catalog` into a string.

Every reporter module exposes ``render(result, catalog, **opts) -> str`` and is a
*pure* function: no file or network I/O, no clock, no environment look-ups.
Whatever depends on the environment (is stdout a TTY? ``NO_COLOR``? the tool
version?) is decided by the caller and passed in as a keyword option.
Options a reporter does not know are ignored, so a caller may pass the same
options to every format.

Options:

``tool_version`` (json, sarif)
    The version string to report; defaults to ``buildlint.__version__``.
``color`` (text)
    ``True`` groups findings by file and adds ANSI colours. Default ``False``.
``all_rules`` (sarif)
    ``True`` (default) lists every catalog rule in ``tool.driver.rules``;
    ``False`` only the rules that produced a finding.
"""

from __future__ import annotations

from collections import Counter

from buildlint.engine.finding import SEVERITIES, Result

# -- helpers shared by the reporter modules (defined before they are imported) --


def severity_counts(result: Result) -> dict[str, int]:
    """Findings per severity: every known severity (zeros included) in
    :data:`SEVERITIES` order, then any unknown severity in order of appearance."""
    counts = Counter(f.severity for f in result.findings)
    out = {s: counts.get(s, 0) for s in SEVERITIES}
    for f in result.findings:
        out.setdefault(f.severity, counts[f.severity])
    return out


def shown_errors(result: Result) -> list:
    """File errors worth a line of their own: a parse error already reported
    as a finding at the same place (BL001) is not repeated."""
    at = {(f.path, f.line) for f in result.findings}
    return [e for e in result.errors if not (e.kind == "parse" and (e.path, e.line) in at)]


def default_version() -> str:
    from buildlint import __version__

    return __version__


# -- the registry --------------------------------------------------------------

from buildlint.report import github, sarif, text  # noqa: E402
from buildlint.report import json as json_  # noqa: E402

#: Format name -> reporter module (each has ``render(result, catalog, **opts)``).
REPORTERS = {
    "text": text,
    "json": json_,
    "sarif": sarif,
    "github": github,
}


def render(fmt: str, result: Result, catalog, **opts) -> str:
    """Render ``result`` in format ``fmt`` (a key of :data:`REPORTERS`)."""
    try:
        reporter = REPORTERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown output format {fmt!r}; choose from {', '.join(REPORTERS)}"
        ) from None
    return reporter.render(result, catalog, **opts)


__all__ = ["REPORTERS", "render", "severity_counts"]
