"""BL501 secret-in-arg-or-env: a secret baked into the image through ENV or ARG
(BuildKit's SecretsUsedInArgOrEnv, without its false positives)."""

from __future__ import annotations

from buildlint.checks.python._env import assignments, is_safe_value, is_secret_name, url_password
from buildlint.engine import check
from buildlint.parse.dockerfile import Instruction


@check("BL501", each=Instruction)
def secret_in_arg_or_env(instr: Instruction, ctx):
    if instr.keyword not in ("ENV", "ARG"):
        return
    suffixes = tuple(ctx.options["safe-suffixes"])
    safe_names = tuple(ctx.options["safe-names"])
    for a in assignments(instr):
        value = a.value
        named = is_secret_name(a.key, suffixes, safe_names)
        pw = url_password(value.strip()) if value else None
        in_url = bool(pw) and "$" not in pw
        if not named and not in_url:
            continue
        if named and not in_url:
            if a.kind == "ENV" and not (value or "").strip():
                continue  # ENV X="" clears it
            if value is not None and is_safe_value(value):
                continue
        mount = f"RUN --mount=type=secret,id={a.key.lower()},env={a.key} ..."
        if a.kind == "ENV":
            what = (f"`ENV {a.key}` stores a password in a URL" if in_url and not named else
                    f"`ENV {a.key}` stores a secret")
            msg = (f"{what} in the image configuration: everyone who can pull the image reads it with "
                   f"`docker inspect`, and every container inherits it; give it to the one build step that "
                   f"needs it with `{mount}` (or a throw-away value scoped to that `RUN`, e.g. "
                   f"`RUN {a.key}=build-only python manage.py collectstatic`) and set the real value at run time")
        elif value is None:
            msg = (f"`ARG {a.key}` passes a secret as a build argument: its value is recorded in the image "
                   f"history and build provenance; use `{mount}` with `docker build --secret "
                   f"id={a.key.lower()},env={a.key}` instead")
        else:
            msg = (f"`ARG {a.key}` has a secret default written in the Dockerfile and recorded in the image "
                   f"history; use `{mount}` with `docker build --secret id={a.key.lower()}` instead")
        yield ctx.finding(instr, msg)
