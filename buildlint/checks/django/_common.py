"""Helpers shared by the Django rules (no checks here)."""

from __future__ import annotations

from pathlib import Path

from buildlint.parse import djsettings

FALSY_STRINGS = frozenset({"false", "0", "no", "off", "n", "f", ""})


def settings_files(project):
    """(path, SettingsFile) of every settings module of the project."""
    for p in djsettings.settings_paths(project):
        try:
            sf = djsettings.load(project, p)
        except Exception:
            continue
        if sf.error is None:
            yield p, sf


def compose_env_settings(project, settings_path: Path, var: str):
    """(compose path, line, value) where a compose service that builds a context
    containing ``settings_path`` sets ``var``."""
    out = []
    sp = Path(settings_path).resolve()
    for cf in project.compose_files:
        try:
            parsed = project.compose(cf)
        except Exception:
            continue
        for svc in parsed.services:
            b = svc.build
            if b is None:
                continue
            root = (cf.parent / b.context).resolve()
            if root != sp and root not in sp.parents:
                continue
            env = svc.get("environment")
            if isinstance(env, dict) and var in env:
                try:
                    line = env.lc.key(var)[0] + 1
                except Exception:
                    line = svc.key_line("environment") or svc.line
                out.append((cf, line, "" if env[var] is None else str(env[var])))
            elif isinstance(env, list):
                for i, item in enumerate(env):
                    k, eq, v = str(item).partition("=")
                    if k == var and eq:
                        try:
                            line = env.lc.item(i)[0] + 1
                        except Exception:
                            line = svc.key_line("environment") or svc.line
                        out.append((cf, line, v))
    return out
