"""The rule engine: registry, catalog, runner, suppressions.

Checks import what they need from here::

    from buildlint.engine import Finding, RuleContext, check

The names are loaded on first use, so that importing one submodule (the
project model needs only ``buildlint.engine.finding``) does not import the
others (``buildlint context`` starts ~5 ms faster).
"""

__all__ = ["Finding", "FileError", "Location", "Result", "RuleContext", "check"]

_WHERE = {
    "RuleContext": "buildlint.engine.context",
    "Finding": "buildlint.engine.finding",
    "FileError": "buildlint.engine.finding",
    "Location": "buildlint.engine.finding",
    "Result": "buildlint.engine.finding",
    "check": "buildlint.engine.registry",
}


def __getattr__(name: str):
    mod = _WHERE.get(name)
    if mod is None:
        raise AttributeError(f"module 'buildlint.engine' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(mod), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted([*globals(), *__all__])
