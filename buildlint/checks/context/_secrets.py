"""Which sent files are secrets (shared by BL209 and BL210)."""

from __future__ import annotations

import fnmatch
import re

from buildlint.model.project import ReadError

_NPM_TOKEN = re.compile(r"^\s*[^#;\s][^=]*?(_authToken|_auth|_password)\s*=\s*(\S+)", re.M)
_PYPI_PASSWORD = re.compile(r"^\s*password\s*[=:]\s*(\S+)", re.M | re.I)


def _real(value: str) -> bool:
    v = value.strip().strip("\"'")
    return bool(v) and not v.startswith("${") and not v.startswith("$") and not v.startswith("%(")


def holds_token(bc, rel: str) -> bool:
    try:
        text = bc.project.read_text(bc.root / rel)
    except ReadError:
        return False
    name = rel.rsplit("/", 1)[-1]
    if name == ".npmrc":
        return any(_real(m.group(2)) for m in _NPM_TOKEN.finditer(text))
    return any(_real(m.group(1)) for m in _PYPI_PASSWORD.finditer(text))


def secret_files(bc, options) -> list[str]:
    """Sent files that look like secrets, sorted."""
    patterns = tuple(options.get("patterns") or ())
    allow = tuple(options.get("allow") or ())
    token_files = tuple(options.get("token_files") or ())
    out = set(bc.sent_matching(patterns, exclude=allow))
    for name in token_files:
        if any(fnmatch.fnmatchcase(name, a) for a in allow):
            continue
        out.update(f for f in bc.sent_by_name.get(name, ()) if holds_token(bc, f))
    return sorted(out)  # walk.files is sorted: the same order as before


def suggestion(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if name.startswith(".env"):
        return "`**/.env*` (and `!**/.env.example` if the example must be copied)"
    if "." in name and not name.startswith("."):
        return f"`**/*.{name.rsplit('.', 1)[1]}`"
    return f"`**/{name}`"
