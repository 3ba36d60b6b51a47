"""BL200 missing-dockerignore: no ignore file applies to a build context."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import BuildContext
from buildlint.model.stages import copies_whole_context, is_context_copy


@check("BL200", each=BuildContext)
def missing_dockerignore(bc: BuildContext, ctx):
    if bc.ignore_path is not None:
        return
    model = next((d for d in bc.project.dockerfiles if d.path == bc.dockerfile_path), None)
    if model is None:
        return
    instrs = model.parsed.instructions
    copies = [i for i in instrs if is_context_copy(i)]
    if not copies:
        return  # nothing is copied from the context
    where = next((i for i in copies if copies_whole_context(i)), copies[0])
    shown = bc.project.display(bc.root)
    related = []
    if bc.compose_path is not None:
        related.append((bc.compose_path, bc.compose_line or 1, "the build context is set here"))
    yield ctx.finding(
        where,
        f"no .dockerignore applies to the build context `{shown}`: everything in it (.git, "
        f".env, virtualenvs, node_modules) is sent to the builder; add `{shown}/.dockerignore`",
        related=related,
    )
