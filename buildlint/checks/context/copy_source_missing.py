"""BL208 copy-source-missing: a COPY/ADD (or bind-mount) source that is not in the build context."""

from __future__ import annotations

import os

from buildlint.checks.context._common import context_sources, dockerfile_of
from buildlint.engine import check
from buildlint.model.project import BuildContext


def _only_dockerfiles(bc) -> bool:
    """A directory holding nothing but Dockerfiles, ignore files and notes is a Dockerfile
    shown on its own (a snippet, a template, a bug report), not a real build context."""
    from buildlint.model.project import is_dockerfile_name

    try:
        names = os.listdir(bc.root)
    except OSError:
        return True
    return all(is_dockerfile_name(n) or n.endswith((".dockerignore", ".md"))
               for n in names)


@check("BL208", each=BuildContext)
def copy_source_missing(bc: BuildContext, ctx):
    if not bc.root.is_dir():
        return
    df = dockerfile_of(bc)
    if df is None or _only_dockerfiles(bc):
        return
    ign = bc.ignore
    shown = bc.project.display(bc.root)
    for src in context_sources(df):
        if src.kind != "path":
            continue  # the root always exists; a glob may match nothing (BuildKit allows it)
        if os.path.lexists(os.path.join(bc.root, src.path)):
            continue
        if ign is not None and ign.excluded(src.path):
            continue  # BL207's finding
        what = "bind-mount source" if src.via == "mount" else f"{src.instr.keyword} source"
        yield ctx.finding(
            src.instr,
            f"{what} `{src.shown}` does not exist in the build context `{shown}`; the build fails "
            "with \"not found\" (sources are relative to the context, not to the Dockerfile)",
        )
