"""Shared judgement of environment variables (Dockerfile ENV/ARG, compose
``environment``, env files): debug switches, secret names, values that cannot
be secrets, and placeholder secrets. Used by the python and compose checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from buildlint.model.stages import expand

TRUE_VALUES = frozenset({"1", "true", "yes", "on", "y", "t"})

# BuildKit's SecretsUsedInArgOrEnv tokens (a name part between ``_``/``-``/edges).
_SECRET_TOKENS = ("apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd",
                  "secret", "token")
_SECRET_RE = re.compile(r"(?i)(?:[_-]|^)(?:" + "|".join(_SECRET_TOKENS) + r")(?:[_-]|$)")
_PUBLIC_RE = re.compile(r"(?i)(?:[_-]|^)public(?:[_-]|$)")

#: Name endings that say the value is not the secret itself.
DEFAULT_SAFE_SUFFIXES = ("_FILE", "_PATH", "_DIR", "_URL", "_URI", "_VERSION", "_HOST", "_PORT", "_NAME", "_ID",
                         "_ALGORITHM", "_LENGTH", "_TTL", "_EXPIRY", "_EXPIRES", "_LIFETIME", "_TIMEOUT",
                         "_ENABLED", "_MODE", "_TYPE", "_HEADER", "_PREFIX", "_FORMAT", "_REGION", "_BACKEND",
                         "_PROVIDER", "_METHOD", "_ISSUER", "_AUDIENCE", "_LOCATION")
DEFAULT_SAFE_NAMES = ("GPG_KEY", "GPG_KEYS", "KEYSERVER")

_ENUMS = frozenset({"true", "false", "yes", "no", "on", "off", "none", "null", "nil", "enabled", "disabled",
                    "required", "optional", "basic", "bearer", "digest", "oauth", "oauth2", "oidc", "jwt",
                    "session", "cookie", "header", "ldap", "saml", "local", "internal", "external", "hmac",
                    "rsa", "ecdsa", "ed25519", "hs256", "hs512", "rs256", "es256", "sha1", "sha256", "sha512",
                    "scram-sha-256", "trust", "peer", "ident", "cert", "tls", "ssl",
                    "plain", "login", "aws", "gcp", "azure", "vault", "env", "file"})

PLACEHOLDERS = frozenset({
    "changeme", "change-me", "change_me", "changeit", "change-it", "password", "passwd", "pass", "secret",
    "secretkey", "secret-key", "secret_key", "mysecret", "mysecretpassword", "supersecret", "topsecret",
    "postgres", "postgresql", "mysql", "root", "admin", "administrator", "example", "test", "testing", "default",
    "123", "1234", "12345", "123456", "1234567", "12345678", "123456789", "qwerty", "letmein", "dev",
    "development", "django", "insecure", "foobar", "foo", "bar", "xxx", "todo", "fixme", "replaceme",
    "replace-me", "replace_me", "placeholder", "guest", "user", "demo", "sample", "dummy", "abc123",
})


def unquote(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def is_true(value: str | None) -> bool:
    v = unquote(value)
    return v is not None and v.strip().lower() in TRUE_VALUES


def interpolate(value: str | None) -> tuple[str | None, bool]:
    """(value with ``${X:-default}`` defaults applied, fully static?)."""
    if value is None:
        return None, True
    out = expand(value.replace("$$", "\0"), {})
    static = not re.search(r"\$(\{|[A-Za-z_])", out)
    return out.replace("\0", "$"), static


def is_secret_name(name: str, safe_suffixes=DEFAULT_SAFE_SUFFIXES, safe_names=DEFAULT_SAFE_NAMES) -> bool:
    up = name.upper()
    if up in {n.upper() for n in safe_names}:
        return False
    if any(up.endswith(s.upper()) for s in safe_suffixes):
        return False
    return bool(_SECRET_RE.search(name)) and not _PUBLIC_RE.search(name)


def url_password(value: str) -> str | None:
    """The password of a ``scheme://user:password@host`` URL, else None."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
        return None
    try:
        parts = urlsplit(value)
        return parts.password
    except ValueError:
        return None


def is_safe_value(value: str) -> bool:
    """Values that cannot be the secret: paths, URLs without a password, numbers, short enums."""
    v = value.strip()
    if not v:
        return True
    if v.startswith(("/", "./", "../", "~/")):
        return True
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", v):
        return url_password(v) is None
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", v):
        return True
    return v.lower() in _ENUMS


def is_placeholder(value: str, *, user: str | None = None) -> bool:
    v = value.strip().lower()
    if not v:
        return False
    if v in PLACEHOLDERS or (user and v == user.strip().lower()):
        return True
    if v.startswith(("django-insecure-", "your-", "your_", "<")) or re.fullmatch(r"x{3,}|\*{3,}|\.{3,}", v):
        return True
    return bool(re.search(r"change[-_ ]?me|replace[-_ ]?me|changeit|not[-_]?secret|insecure", v))


@dataclass
class Assignment:
    instr: object  # the ENV/ARG Instruction
    kind: str  # "ENV" or "ARG"
    key: str
    value: str | None  # unquoted; None for ``ARG NAME`` without a default


def assignments(instr) -> list[Assignment]:
    """The variables an ENV (triples key, value, "=") or ARG instruction sets."""
    out = []
    if instr.keyword == "ENV":
        args = list(instr.args)
        for i in range(0, len(args) - 1, 3):
            out.append(Assignment(instr, "ENV", args[i], unquote(args[i + 1])))
    elif instr.keyword == "ARG":
        for word in instr.args:
            k, eq, v = str(word).partition("=")
            out.append(Assignment(instr, "ARG", k, unquote(v) if eq else None))
    return out


def _lineage_env(stage) -> list[Assignment]:
    """ENV of the stage and the stages it is built FROM (root first), cached per
    stage and built from the parent's (a stage without ENV shares its parent's list)."""
    cached = stage.__dict__.get("_bl_lineage_env")
    if cached is not None:
        return cached
    chain, seen, st = [], set(), stage
    while st is not None and id(st) not in seen and st.__dict__.get("_bl_lineage_env") is None:
        seen.add(id(st))
        chain.append(st)
        st = st.parent
    inherited: list[Assignment] = st.__dict__["_bl_lineage_env"] if st is not None and id(st) not in seen else []
    for st in reversed(chain):
        own = _own_env(st)
        if own:
            inherited = inherited + own
        st.__dict__["_bl_lineage_env"] = inherited
    return stage.__dict__["_bl_lineage_env"]


def _own_env(stage) -> list[Assignment]:
    cached = stage.__dict__.get("_bl_own_env")
    if cached is None:
        cached = stage.__dict__["_bl_own_env"] = [a for a in _in_order(stage) if a.kind == "ENV"]
    return cached


def _parent_env(stage) -> list[Assignment]:
    parent = stage.parent
    return _lineage_env(parent) if parent is not None and parent is not stage else []


def stage_assignments(stage, *, lineage: bool = True) -> list[Assignment]:
    """ENV of the stage and the stages it is built FROM (root first), ARG of the stage itself.

    Computed once per stage (cached on the stage, built on the parent's): the
    returned list is shared, do not modify it."""
    if not lineage:
        return _in_order(stage)
    cached = stage.__dict__.get("_bl_stage_assignments")
    if cached is None:
        cached = stage.__dict__["_bl_stage_assignments"] = _parent_env(stage) + _in_order(stage)
    return cached


def _in_order(stage) -> list[Assignment]:
    """The stage's own ENV and ARG assignments in instruction order (cached)."""
    out = stage.__dict__.get("_bl_own_assignments")
    if out is None:
        out = []
        for instr in stage.instructions:
            if instr.keyword in ("ENV", "ARG"):
                out.extend(assignments(instr))
        stage.__dict__["_bl_own_assignments"] = out
    return out


def first_set_line(stage, key: str) -> tuple[bool, int | None]:
    """(set with a non-empty value in a stage the stage is built FROM?, start line of
    the first own ENV/ARG setting it non-empty, or None), cached per stage and key."""
    cache = stage.__dict__.setdefault("_bl_first_set", {})
    if key not in cache:
        own = None
        for a in _in_order(stage):
            if a.key == key and (a.value or "").strip():
                own = a.instr.start_line
                break
        inherited = any(a.key == key and (a.value or "").strip() for a in _parent_env(stage))
        cache[key] = (inherited, own)
    return cache[key]
