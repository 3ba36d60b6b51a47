"""BL206 dockerignore-pattern-error: a ``.dockerignore`` line Docker rejects (the build fails)."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL206", each=BuildContext)
def dockerignore_pattern_error(bc: BuildContext, ctx):
    ign = bc.ignore
    if ign is None:
        return
    for err in ign.errors:
        shown = err.text if len(err.text) <= 60 else err.text[:57] + "..."
        yield ctx.finding((bc.ignore_path, err.line, err.col),
                          f"`docker build` fails on this .dockerignore line (`{shown}`): {err.docker_error}")
