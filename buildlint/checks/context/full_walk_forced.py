"""BL212 full-walk-forced: a wildcard ``!`` exception makes BuildKit read every excluded directory."""

from __future__ import annotations

import os

from buildlint.checks.context._common import listed
from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL212", each=BuildContext)
def full_walk_forced(bc: BuildContext, ctx):
    ign = bc.ignore
    if ign is None or not ign.has_wildcard_exception:
        return
    walk = bc.walk
    if not walk.full_walk_forced:
        return
    p = next(x for x in ign.active_patterns if x.negated and x.has_wildcard)
    skipped_without = [d for d in ign_dirs(bc)]
    where = f" (such as {listed(skipped_without)})" if skipped_without else ""
    yield ctx.finding(
        (bc.ignore_path, p.line, p.col),
        f"the exception `{p.text}` has a wildcard, so BuildKit cannot skip excluded directories{where}: "
        "it reads them all to look for files to re-include; name the exact paths to re-include instead",
    )


def ign_dirs(bc):
    """Top-level excluded directories the walk had to enter."""
    ign = bc.ignore
    out = []
    try:
        names = sorted(os.listdir(bc.root))
    except OSError:
        return out
    for n in names:
        if os.path.isdir(os.path.join(bc.root, n)) and not os.path.islink(os.path.join(bc.root, n)):
            if ign.excluded(n, is_dir=True) and ign.matches_or_parent_matches(n) and not ign.dir_skipped(n):
                out.append(n)
    return out
