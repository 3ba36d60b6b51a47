"""BL001 dockerfile-syntax-error: the parser's and frontend's errors."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import DockerfileModel

#: A broken file (or one that is not a Dockerfile at all) can have an error on
#: every line; past this many, one finding says how many more there are.
MAX_ERRORS = 20
#: BuildKit echoes the offending token; a token can be a megabyte long.
MAX_MESSAGE = 240


def _short(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE] + "\u2026"


@check("BL001", each=DockerfileModel)
def dockerfile_syntax_error(df: DockerfileModel, ctx):
    errors = df.parsed.errors
    for err in errors[:MAX_ERRORS]:
        yield ctx.finding((df.path, err.line, getattr(err, "column", 1)), _short(err.message))
    if len(errors) > MAX_ERRORS:
        rest = errors[MAX_ERRORS]
        yield ctx.finding((df.path, rest.line, 1), f"{len(errors) - MAX_ERRORS} more errors after these; "
                          "is this file a Dockerfile?")
