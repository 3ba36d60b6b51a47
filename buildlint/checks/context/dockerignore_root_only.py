"""BL203 dockerignore-root-only: ``node_modules`` / ``*.pyc`` / ``__pycache__`` written without ``**/``."""

from __future__ import annotations

from buildlint.checks.context._common import Reach, cost, dockerfile_of, files_and_size, listed, root_only
from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL203", each=BuildContext)
def dockerignore_root_only(bc: BuildContext, ctx):
    names = tuple(ctx.options.get("names") or ())
    hits = root_only(bc, names)
    if not hits:
        return
    df = dockerfile_of(bc)
    reach = Reach(bc, df) if df is not None else None
    for p, deeper in hits:
        nbytes, nfiles = cost(bc, deeper)
        related = []
        if reach is not None:
            via = next((s for s in (reach.through(d) for d in deeper) if s is not None), None)
            if via is not None:
                related.append(ctx.location(via.instr, path=bc.dockerfile_path,
                                            message="this instruction takes them into the build"))
        yield ctx.finding(
            (bc.ignore_path, p.line, p.col),
            f"`{p.text}` matches only at the context root in Docker (there is no implicit `**/`), so "
            f"{listed(deeper)} {'is' if len(deeper) == 1 else 'are'} sent ({files_and_size(nfiles, nbytes)}); "
            f"write `**/{p.pattern}`",
            related=related,
        )
