"""Env files a compose file brings in (shared by the compose checks)."""

from __future__ import annotations

import re
from pathlib import Path

_EXAMPLE = re.compile(r"(^|[._-])(example|examples|sample|template|tmpl|dist|defaults?)([._-]|$)", re.I)


def is_example(path: Path) -> bool:
    """``.env.example``, ``.env.sample``, ``example.env``, ``.env.template``, ``.env.dist``..."""
    return bool(_EXAMPLE.search(path.name.lstrip(".")))


def service_env_files(svc) -> list[tuple[Path, object]]:
    """(resolved path, EnvFileRef) of a service's ``env_file:`` entries."""
    out = []
    for ref in svc.svc.env_files():
        if "$" in ref.path:
            continue
        out.append(((svc.path.parent / ref.path), ref))
    return out


def committed_env_files(cf, *, production_only: bool) -> list[tuple[Path, tuple]]:
    """Env files of a compose file that look committed: the ``env_file:`` of its
    services and the ``.env`` beside it, minus examples and git-ignored files.
    Each with where it is brought in (``(path, line, message)`` for related)."""
    if production_only and not cf.is_production:
        return []
    seen: dict[Path, tuple] = {}
    for svc in cf.services:
        for path, ref in service_env_files(svc):
            seen.setdefault(path, (cf.path, ref.line, f"service `{svc.name}` loads it here"))
    if cf.dotenv is not None:
        seen.setdefault(cf.dotenv, (cf.path, 1, "Compose reads `.env` beside the compose file for "
                                                "`${...}` interpolation"))
    out = []
    for path, rel in seen.items():
        if is_example(path) or not path.is_file() or cf.is_git_ignored(path):
            continue
        out.append((path, rel))
    return out
