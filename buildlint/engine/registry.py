"""Rule registration: ``@check("BL110", each=Stage)`` on a function in a module
under ``buildlint/checks/<area>/``. Nothing else is edited to add a rule: every
module in that package is imported once, and the decorator records the check.

Two grades of rule (after hadolint):

* ``each=Instruction``: a generator ``fn(instr, ctx)`` called for every
  instruction of every Dockerfile (``ctx.stage`` is set);
* ``each=<scope>`` for stage, Dockerfile, build context, app or project
  scopes: ``fn(obj, ctx)`` yields findings.

``predicate=True`` lets a one-line ``fn(instr, ctx) -> bool | str`` stand for
a rule: a true value reports the instruction (a string is the message).
The metadata (name, severity, options, ...) lives in the rule's document and
is joined in by id; the decorator takes only the id so the two cannot disagree.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Check:
    id: str
    func: Callable
    each: type
    predicate: bool = False
    module: str = ""


_CHECKS: dict[str, Check] = {}
_loaded = False


class RegistryError(Exception):
    pass


def check(rule_id: str, *, each: type, predicate: bool = False):
    def deco(func):
        if rule_id in _CHECKS and _CHECKS[rule_id].func.__qualname__ != func.__qualname__:
            raise RegistryError(f"rule {rule_id} is registered twice "
                                f"({_CHECKS[rule_id].module} and {func.__module__})")
        _CHECKS[rule_id] = Check(rule_id, func, each, predicate, func.__module__)
        return func

    return deco


def load_checks() -> dict[str, Check]:
    """Import every module under ``buildlint.checks`` (once) and return the checks."""
    global _loaded
    if not _loaded:
        import buildlint.checks as pkg

        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            importlib.import_module(info.name)
        _loaded = True
    return dict(_CHECKS)
