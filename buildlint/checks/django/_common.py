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
        else:  # say that these rules could not look at it, once
            from buildlint.engine.finding import FileError

            err = FileError(project.display(p), f"{sf.error}; the Django checks skip this settings file",
                            kind="parse")
            if err not in project.errors:
                project.errors.append(err)


def compose_env_settings(project, settings_path: Path, var: str):
    """(compose path, line, value) where a compose service that builds a context
    containing ``settings_path`` sets ``var``."""
    out = []
    sp = Path(settings_path).resolve()
    for bc in project.contexts:
        root = bc.root.resolve()
        if bc.compose_path is None or (root != sp and root not in sp.parents):
            continue
        for cf, _parsed, svc in project.services_building(bc.dockerfile_path):
            for ev in svc.environment():
                if ev.key == var and (ev.value is not None or isinstance(svc.get("environment"), dict)):
                    out.append((cf, ev.line, "" if ev.value is None else str(ev.value)))
    return out
