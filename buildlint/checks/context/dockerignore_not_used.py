"""BL201 dockerignore-not-used: a ``.dockerignore`` beside a Dockerfile that is not at the context root."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL201", each=BuildContext)
def dockerignore_not_used(bc: BuildContext, ctx):
    df_dir = bc.dockerfile_path.parent
    if df_dir.resolve() == bc.root.resolve():
        return
    beside = df_dir / ".dockerignore"
    if not beside.is_file():
        return
    if bc.ignore_path is not None and bc.ignore_path.resolve() == beside.resolve():
        return
    show = bc.project.display
    root = show(bc.root)
    used = (f"`{show(bc.ignore_path)}` applies instead" if bc.ignore_path is not None
            else "no ignore file applies, so everything in the context is sent")
    related = [ctx.location((bc.root, 1), message=f"the build context `{root}`: Docker reads "
                            f"`{root}/.dockerignore` or `{show(bc.dockerfile_path)}.dockerignore` only")]
    if bc.compose_path is not None:
        related.append(ctx.location((bc.compose_path, bc.compose_line or 1), message="the build context is set here"))
    yield ctx.finding(
        (beside, 1),
        f"`{show(beside)}` is not read when `{show(bc.dockerfile_path)}` is built with the context `{root}`: "
        f"{used}; move it to `{root}/.dockerignore` or rename it `{bc.dockerfile_path.name}.dockerignore`",
        related=related,
    )
