"""BL002 empty-continuation-line: BuildKit's parser warning, at its line."""

from __future__ import annotations

import re

from buildlint.engine import check
from buildlint.model.project import DockerfileModel

_TEXT = re.compile(r"^line \d+: ")


@check("BL002", each=DockerfileModel)
def empty_continuation_line(df: DockerfileModel, ctx):
    for w in df.parsed.warnings:
        if "Empty continuation line" not in w.message:
            continue
        yield ctx.finding((df.path, w.line), "empty continuation line: BuildKit joins the lines around it "
                          "(and will reject this in a future release); remove the blank line")
