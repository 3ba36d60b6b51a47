"""BL207 copy-ignored-file: a COPY/ADD source the .dockerignore keeps out of the context (BuildKit's CopyIgnoredFile)."""

from __future__ import annotations

import os

from buildlint.checks.context._common import context_sources, dockerfile_of, expand_glob
from buildlint.engine import check
from buildlint.model.project import BuildContext


def excluded_source(bc, src):
    """``(excluded, deciding path)`` for a COPY source, by the walk (what is sent)."""
    ign = bc.ignore
    walk = bc.walk
    root = bc.root
    if src.kind == "root":
        try:
            names = sorted(os.listdir(root))
        except OSError:
            return False, None
        if names and walk.file_count == 0 and not any(walk.dir_sent(n) for n in names):
            return True, names[0]
        return False, None
    if src.kind == "glob":
        matches = expand_glob(root, src.path)
        if matches:
            if not any(walk.is_sent(m) for m in matches):
                return True, matches[0]
            return False, None
        return ign.excluded(src.path), src.path
    if os.path.lexists(os.path.join(root, src.path)):
        return (not walk.is_sent(src.path)), src.path
    return ign.excluded(src.path), src.path


@check("BL207", each=BuildContext)
def copy_ignored_file(bc: BuildContext, ctx):
    ign = bc.ignore
    if ign is None:
        return
    df = dockerfile_of(bc)
    if df is None:
        return
    for src in context_sources(df):
        if src.via != "copy" or src.kind == "unknown":
            continue
        gone, decided = excluded_source(bc, src)
        if not gone:
            continue
        p = ign.why(decided) if decided else None
        verb = "Copy" if src.instr.keyword == "COPY" else "Add"
        what = {"root": "everything in the context", "glob": f"every path `{src.path}` matches"}.get(src.kind, "it")
        because = f"the pattern `{p.text}`" if p is not None else "the ignore file"
        related = []
        if p is not None:
            related.append(ctx.location((bc.ignore_path, p.line, p.col), message=f"`{p.text}` excludes it here"))
        yield ctx.finding(
            src.instr,
            f"{verb} source `{src.shown}` is excluded by .dockerignore: {because} in "
            f"`{bc.project.display(bc.ignore_path)}` keeps {what} out of the build context, "
            "so the build cannot find it",
            related=related,
        )
