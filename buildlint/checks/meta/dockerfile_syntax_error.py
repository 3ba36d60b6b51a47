"""BL001 dockerfile-syntax-error: the parser's and frontend's errors."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import DockerfileModel


@check("BL001", each=DockerfileModel)
def dockerfile_syntax_error(df: DockerfileModel, ctx):
    for err in df.parsed.errors:
        yield ctx.finding((df.path, err.line, getattr(err, "column", 1)), err.message)
