"""BL505 final-stage-build-tools: a multi-stage build whose final stage still
holds a compiler toolchain (single-stage builds are BL100's)."""

from __future__ import annotations

from buildlint.checks.python._image import repo_and_tag
from buildlint.engine import check
from buildlint.model.installs import build_tools_installed
from buildlint.model.project import DockerfileModel

_SLIM = ("slim", "alpine", "windowsservercore", "nanoserver", "curl", "scm")


def _full_base(ref: str) -> str | None:
    """Why a base image ships a compiler, or None."""
    repo, tag = repo_and_tag(ref)
    tag = (tag or "latest").lower()
    if any(s in tag for s in _SLIM):
        return None
    if repo in ("python", "pypy", "buildpack-deps"):
        return f"the `{ref}` base image is built on buildpack-deps and ships gcc, make and headers"
    if repo == "gcc":
        return f"the `{ref}` base image is a compiler image"
    return None


@check("BL505", each=DockerfileModel)
def final_stage_build_tools(df: DockerfileModel, ctx):
    final = df.final_stage
    if final is None:
        return
    if df.single_stage:
        return  # BL100 judges single-stage builds
    lineage = final.lineage()
    evidence = [(instr, f"installs build tools ({', '.join(tools[:4])})")
                for instr, tools in build_tools_installed(reversed(lineage))]
    base_why = _full_base(final.base_image)
    if base_why:
        root = lineage[-1]
        evidence.insert(0, (root.from_instr, base_why))
    if not evidence:
        return
    what = "; ".join(dict.fromkeys(msg for _, msg in evidence))
    yield ctx.finding(
        final.from_instr,
        f"the final stage of this multi-stage build still holds a compiler toolchain ({what}); compile in "
        f"the builder stage, copy only the results (wheels, a virtualenv) and keep the final stage on a slim "
        f"base with runtime libraries only (`libpq5`, not `libpq-dev`)",
        related=[(i, m) for i, m in evidence if i is not final.from_instr],
    )
