"""BL213 context-walk-problem: part of the build context cannot be read or is a broken symlink."""

from __future__ import annotations

from buildlint.checks.context._common import Reach, anchor, dockerfile_of
from buildlint.engine import check
from buildlint.model.project import BuildContext

_HINT = {
    "unreadable_dir": "fix its permissions or exclude it",
    "stat_failed": "docker build fails on it; fix its permissions or exclude it",
    "symlink_outside": "in the image the link points at nothing; copy the target into the context",
    "dangling_symlink": "in the image the link points at nothing; remove it or exclude it",
    "symlink_loop": "remove the link or exclude it",
}


@check("BL213", each=BuildContext)
def context_walk_problem(bc: BuildContext, ctx):
    df = dockerfile_of(bc)
    if df is None:
        return
    reach = Reach(bc, df)
    if not reach.sources:
        return  # BuildKit reads nothing from this context
    for w in bc.walk.warnings:
        if w.kind not in ("unreadable_dir", "stat_failed") and reach.through(w.path, strict=False) is None:
            continue  # a link no COPY takes in does no harm
        yield ctx.finding(anchor(bc, df), f"{w.message}; {_HINT.get(w.kind, 'check it')}")
