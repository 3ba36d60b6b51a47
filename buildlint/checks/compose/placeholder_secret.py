"""BL610 placeholder-secret: ``SECRET_KEY=changeme``, ``POSTGRES_PASSWORD=postgres``
committed in a production compose file or an env file."""

from __future__ import annotations

from buildlint.checks.compose._envfiles import committed_env_files
from buildlint.checks.python._env import interpolate, is_placeholder, is_secret_name, url_password
from buildlint.engine import check
from buildlint.model.compose import ComposeFileModel

_USER_KEYS = ("POSTGRES_USER", "MYSQL_USER", "MARIADB_USER", "MONGO_INITDB_ROOT_USERNAME", "RABBITMQ_DEFAULT_USER")


def _placeholder(key, value, suffixes, names, user=None) -> str | None:
    """The placeholder (the value or a URL's password), or None."""
    if value is None:
        return None
    v, static = interpolate(value)  # ${X:-changeme} commits the default
    if not v or not v.strip():
        return None
    pw = url_password(v.strip())
    if pw:
        return pw if "$" not in pw and is_placeholder(pw) else None
    if static and is_secret_name(key, suffixes, names) and is_placeholder(v, user=user):
        return v
    return None


def user_of(key: str, vars_) -> str | None:
    """The user name that goes with the secret ``key``: ``SQL_USER`` for
    ``SQL_PASSWORD`` (same prefix), else a well-known one (``POSTGRES_USER``, ...)."""
    values = {v.key.upper(): v.value for v in vars_ if v.value}
    prefix = key.upper().rsplit("_", 1)[0] if "_" in key else ""
    for suffix in ("_USER", "_USERNAME"):
        if prefix and prefix + suffix in values:
            return values[prefix + suffix]
    return next((values[k] for k in _USER_KEYS if k in values), None)


@check("BL610", each=ComposeFileModel)
def placeholder_secret(cf: ComposeFileModel, ctx):
    suffixes = tuple(ctx.options["safe-suffixes"])
    names = tuple(ctx.options["safe-names"])
    if not cf.is_production:
        return
    for svc in cf.services:
        env = list(svc.environment())
        for var in env:
            ph = _placeholder(var.key, var.value, suffixes, names, user_of(var.key, env))
            if ph is None:
                continue
            what = (f"puts the placeholder password `{ph}` in `{var.key}`" if ph != interpolate(var.value)[0]
                    else f"sets `{var.key}` to the placeholder `{ph}`")
            yield ctx.finding(
                (cf.path, var.line, var.column),
                f"service `{svc.name}` {what} in a production compose file: "
                f"it is the first thing an attacker tries; use `${{{var.key}:?set {var.key}}}` and put a real, "
                f"random value in the server's environment or a git-ignored `.env`",
            )
    for path, rel in committed_env_files(cf, production_only=True):
        vars_ = list(cf.env_file(path) or [])
        for var in vars_:
            ph = _placeholder(var.key, var.value, suffixes, names, user_of(var.key, vars_))
            if ph is None:
                continue
            yield ctx.finding(
                (path, var.line, var.column),
                f"`{var.key}` is set to the placeholder `{ph}` in `{path.name}`, which a production compose file "
                f"loads: it is the first thing an attacker tries; set a real, random value on the server and "
                f"keep it out of version control",
                related=[rel],
            )
