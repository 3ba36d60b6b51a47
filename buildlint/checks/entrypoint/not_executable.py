"""BL402 entrypoint-not-executable: the script is executed directly, but is
copied without its run bit and nothing adds it."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript


@check("BL402", each=EntrypointScript)
def entrypoint_not_executable(es: EntrypointScript, ctx):
    if not es.executed_directly or es.chmod_fix is not None:
        return
    try:
        mode = es.context_mode
    except OSError:
        return
    if mode & 0o111:
        return
    related = [(es.invoked_by, "the image executes the script directly here"),
               ((es.path, 1, f"the file has mode {mode:04o} in the build context"))]
    for ch in es.earlier_chmods:
        related.append((ch, "this adds the run bit, but a later COPY writes the file again"))
    yield ctx.finding(es.write, f"`{es.rel}` is copied to `{es.image_path}` without the run bit (mode "
                      f"{mode:04o}) and then executed directly: the container fails with \"permission "
                      f"denied\"; use `COPY --chmod=0755` or `RUN chmod +x {es.image_path}` after the copy",
                      related=related, path=es.dockerfile.path)
