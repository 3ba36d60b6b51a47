"""BL211 oversized-context: the build transfers more than a threshold (default 100 MB)."""

from __future__ import annotations

from buildlint.checks.context._common import Reach, anchor, cost, dir_table, dockerfile_of, human
from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL211", each=BuildContext)
def oversized_context(bc: BuildContext, ctx):
    df = dockerfile_of(bc)
    if df is None:
        return
    reach = Reach(bc, df)
    if not reach.sources:
        return
    limit = int(float(ctx.options.get("max_mb", 100)) * 1_000_000)
    walk = bc.walk
    if reach.everything:
        total, files = walk.total_bytes, walk.file_count
        top = walk.largest_dirs(50)
    else:
        roots = set()
        for s in reach.sources:
            roots.update(m for m in reach._matches(s) if walk.is_sent(m))
        roots = [r for r in sorted(roots) if not any(r != o and r.startswith(o + "/") for o in roots)]
        total, files = cost(bc, roots)
        top = sorted(((d, b, f) for d, (b, f) in dir_table(walk).items()
                      if any(d == r or d.startswith(r + "/") for r in roots)), key=lambda r: (-r[1], r[0]))
    if total <= limit:
        return
    shown = []
    for d, b, _f in top:  # the largest directories, not repeating one inside another already shown
        if any(d.startswith(s + "/") for s, _ in shown):
            continue
        shown.append((d, b))
        if len(shown) == 3:
            break
    largest = ", ".join(f"`{d}` {human(b)}" for d, b in shown)
    yield ctx.finding(
        anchor(bc, df),
        f"the build context of `{bc.project.display(bc.dockerfile_path)}` sends {human(total)} in {files} files "
        f"(the limit is {human(limit)})" + (f"; largest directories: {largest}" if largest else ""),
    )
