"""BL210 secret-copied-into-image: a COPY/ADD puts a secret file from the context into an image layer."""

from __future__ import annotations

from buildlint.checks.context._common import Reach, dockerfile_of, listed
from buildlint.checks.context._secrets import secret_files
from buildlint.engine import check
from buildlint.model.project import BuildContext


@check("BL210", each=BuildContext)
def secret_copied_into_image(bc: BuildContext, ctx):
    df = dockerfile_of(bc)
    if df is None:
        return
    reach = Reach(bc, df)
    copies = [s for s in reach.sources if s.via == "copy"]
    if not copies:
        return
    secrets = secret_files(bc, ctx.options)
    if not secrets:
        return
    by_instr: dict[int, tuple[object, object, list[str]]] = {}
    for f in secrets:
        for s in copies:
            if any(f == m or m == "" or f.startswith(m + "/") for m in reach._matches(s)):
                by_instr.setdefault(id(s.instr), (s.instr, s.stage, []))[2].append(f)
    for instr, stage, files in sorted(by_instr.values(), key=lambda t: t[0].start_line):
        files = sorted(set(files))
        where = "the final image" if stage.is_final else f"the image of stage `{stage.label}`"
        yield ctx.finding(
            instr,
            f"this {instr.keyword} puts {listed(files, 5)} into {where}: anyone who can pull the image "
            "(or its build cache) can read the secret; exclude it in .dockerignore and pass it with "
            "`RUN --mount=type=secret` or at run time",
        )
