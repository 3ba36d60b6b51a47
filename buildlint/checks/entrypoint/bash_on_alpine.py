"""BL403 entrypoint-bash-missing: a bash script on an Alpine/busybox image
that never installs bash."""

from __future__ import annotations

import posixpath
import re

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript

_NO_BASH_IMAGE = re.compile(r"(^|/)(alpine|busybox)(:|@|$)|[:-]alpine|-busybox|(^|/)distroless|(^|/)chainguard/static")


def wants_bash(es: EntrypointScript) -> bool:
    if es.interpreter is not None:
        return es.interpreter == "bash"
    sb = es.script.shebang or ""
    parts = sb[2:].strip().split()
    if not parts:
        return False
    prog = posixpath.basename(parts[0])
    if prog == "env":
        rest = [p for p in parts[1:] if not p.startswith("-")]
        prog = rest[0] if rest else ""
    return prog == "bash"


def installs_bash(es: EntrypointScript) -> bool:
    from buildlint.parse.shell import package_install

    for _instr, script in es.runs():
        for cmd in script.commands:
            pi = package_install(cmd)
            if pi is not None and any((w.value or "").split("=")[0] == "bash" for w in pi.packages):
                return True
    return any(i.keyword == "COPY" and "--from" in i.original and "bash" in i.original
               for st in es.stage.lineage() for i in st.instructions)


@check("BL403", each=EntrypointScript)
def entrypoint_bash_missing(es: EntrypointScript, ctx):
    base = es.base_image.lower()
    if not _NO_BASH_IMAGE.search(base) or not wants_bash(es) or installs_bash(es):
        return
    root = es.stage.lineage()[-1]
    yield ctx.finding((es.path, 1), f"`{es.rel}` needs bash, but the image is based on `{es.base_image}`, "
                      "which has only busybox `sh`, and the build never installs bash: the container fails with "
                      "\"no such file or directory\"; use `#!/bin/sh` (POSIX sh) or `RUN apk add --no-cache bash`",
                      related=[(root.from_instr, "the base image is chosen here"),
                               (es.invoked_by, "the image starts the script here")])
