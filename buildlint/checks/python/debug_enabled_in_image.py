"""BL500 debug-enabled-in-image: a debug switch (``DEBUG``, ``DJANGO_DEBUG``,
``DEVELOPMENT_MODE``, ``FLASK_DEBUG``) left true in the final image."""

from __future__ import annotations

import re

from buildlint.checks.python._env import is_true, stage_assignments
from buildlint.engine import check
from buildlint.model.stages import Stage, expand


@check("BL500", each=Stage)
def debug_enabled_in_image(stage: Stage, ctx):
    if not stage.is_final:
        return
    names = {n.upper() for n in ctx.options["names"]}
    args: dict[str, str | None] = {}
    arg_instr: dict[str, object] = {}
    last_env: dict[str, tuple] = {}
    last_arg: dict[str, tuple] = {}
    for a in stage_assignments(stage):
        if a.kind == "ARG":
            args[a.key] = a.value
            arg_instr[a.key] = a.instr
            if a.key.upper() in names:
                last_arg[a.key] = (a, a.value)
            continue
        value = expand(a.value or "", args)
        if a.key.upper() in names:
            last_env[a.key] = (a, value)
    for key, (a, value) in sorted(last_env.items()):
        if not is_true(value):
            continue
        related = [(arg_instr[n], "the build argument's default is set here") for n in arg_instr
                   if re.search(r"\$\{?" + re.escape(n) + r"\b", a.value or "")]
        yield ctx.finding(
            a.instr,
            f"`ENV {key}={value}` leaves debug mode on in the final image: every container started from it "
            f"runs with debug pages, verbose errors and development settings unless each deployment remembers "
            f"to override `{key}`; leave it off in the image and turn it on only in a development compose "
            f"file or `docker run -e {key}=1`",
            related=related,
        )
    for key, (a, value) in sorted(last_arg.items()):
        if key in last_env or not is_true(value):
            continue
        yield ctx.finding(
            a.instr,
            f"`ARG {key}={value}` defaults debug mode on for the final stage's build: `RUN` steps "
            f"(`collectstatic`, asset builds) see it and anything that copies it into the image keeps it; "
            f"default it to off and pass `--build-arg {key}=1` for development builds",
        )
