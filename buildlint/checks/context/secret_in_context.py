"""BL209 secret-in-context: the build context sends a secret file (.env, keys, tokens)."""

from __future__ import annotations

from buildlint.checks.context._common import dockerfile_of
from buildlint.checks.context._secrets import secret_files, suggestion
from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL209", each=BuildContext)
def secret_in_context(bc: BuildContext, ctx):
    if bc.ignore_path is None:
        return  # BL200 reports the context with no ignore file at all
    if dockerfile_of(bc) is None:
        return
    ignore = bc.project.display(bc.ignore_path)
    for f in secret_files(bc, ctx.options):
        yield ctx.finding(
            (bc.ignore_path, 1),
            f"`{f}` looks like a secret and is sent in the build context: no line of `{ignore}` "
            f"excludes it; add {suggestion(f)}",
        )
