"""BL204 dockerignore-inline-comment: a ``# comment`` that Docker reads as part of a pattern."""

from __future__ import annotations

import re

from buildlint.engine import check
from buildlint.model.project import BuildContext

_TRAILING = re.compile(r"\s#")


@check("BL204", each=BuildContext)
def dockerignore_inline_comment(bc: BuildContext, ctx):
    ign = bc.ignore
    if ign is None:
        return
    for p in ign.patterns:
        stripped = p.raw.strip()
        if stripped.startswith("#"):
            msg = (f"`{stripped}` is a pattern, not a comment: Docker starts a comment only with a `#` "
                   "in the first column; remove the indentation")
        elif _TRAILING.search(stripped):
            before = _TRAILING.split(stripped, 1)[0].rstrip()
            msg = (f"`{stripped}` is one pattern in Docker (a `#` after the pattern does not start a comment), "
                   f"so `{before}` is not excluded; put the comment on a line of its own")
        else:
            continue
        yield ctx.finding((bc.ignore_path, p.line, p.col), msg)
