"""BL606 committed-secret: a real-looking secret in a committed env file or
written into a production compose file."""

from __future__ import annotations

from buildlint.checks.compose._envfiles import committed_env_files
from buildlint.checks.python._env import interpolate, is_placeholder, is_safe_value, is_secret_name, url_password
from buildlint.checks.compose.placeholder_secret import user_of
from buildlint.engine import check
from buildlint.model.compose import ComposeFileModel


def secret_value(key: str, value: str | None, suffixes, safe_names) -> str | None:
    """The secret part of a variable (the value, or a URL's password), or None."""
    if value is None:
        return None
    v, static = interpolate(value)
    if not static or v is None:
        return None
    pw = url_password(v.strip())
    if pw:
        return pw
    if is_secret_name(key, suffixes, safe_names) and not is_safe_value(v):
        return v
    return None


@check("BL606", each=ComposeFileModel)
def committed_secret(cf: ComposeFileModel, ctx):
    suffixes = tuple(ctx.options["safe-suffixes"])
    names = tuple(ctx.options["safe-names"])
    for path, rel in committed_env_files(cf, production_only=False):
        env = list(cf.env_file(path) or ())
        for var in env:
            secret = secret_value(var.key, var.value, suffixes, names)
            if secret is None or is_placeholder(secret, user=user_of(var.key, env)):
                continue  # placeholders (a password equal to the user name too) are BL610's
            yield ctx.finding(
                (path, var.line, var.column),
                f"`{var.key}` holds a secret in `{path.name}`, a file next to the compose file that is not "
                f"git-ignored: whoever can read the repository has it; keep the file out of version control "
                f"(`.gitignore`), commit a `{path.name}.example` without values, and rotate the secret",
                related=[rel],
            )
    if not cf.is_production:
        return
    for svc in cf.services:
        env = list(svc.environment())
        for var in env:
            secret = secret_value(var.key, var.value, suffixes, names)
            if secret is None or is_placeholder(secret, user=user_of(var.key, env)):
                continue
            yield ctx.finding(
                (cf.path, var.line, var.column),
                f"service `{svc.name}` writes the secret `{var.key}` into the compose file: whoever can read "
                f"the repository has it; use `{var.key}: ${{{var.key}:?set {var.key}}}` and supply it from the "
                f"server's environment or a git-ignored `.env`, or use Compose `secrets:`",
            )
