"""BL600 compose-syntax-error: a compose file Compose cannot read."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.compose import ComposeFileModel


@check("BL600", each=ComposeFileModel)
def compose_syntax_error(cf: ComposeFileModel, ctx):
    for line, message in cf.parsed.errors:  # a read error is raised and reported by the runner
        yield ctx.finding((cf.path, line, 1), message)
