"""The rule engine: registry, catalog, runner, suppressions.

Checks import what they need from here::

    from buildlint.engine import Finding, RuleContext, check
"""

from buildlint.engine.context import RuleContext
from buildlint.engine.finding import FileError, Finding, Location, Result
from buildlint.engine.registry import check

__all__ = ["Finding", "FileError", "Location", "Result", "RuleContext", "check"]
