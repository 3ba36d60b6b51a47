"""BL401 entrypoint-shebang: a directly executed script without a shebang on line 1."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript


@check("BL401", each=EntrypointScript)
def entrypoint_shebang(es: EntrypointScript, ctx):
    if not es.executed_directly:
        return  # `sh script`: the interpreter is named, the shebang is not read
    data = es.data
    related = [(es.invoked_by, "the image executes the script directly here")]
    if data.startswith(b"\xef\xbb\xbf"):
        yield ctx.finding((es.path, 1), f"`{es.rel}` starts with a UTF-8 byte-order mark before `#!`: the "
                          "kernel does not see a shebang and the container fails with \"exec format error\"; "
                          "save the file as UTF-8 without BOM", related=related)
        return
    if data.startswith(b"#!"):
        return
    lines = es.script.lines
    later = next((n for n, line in enumerate(lines, 1) if line.lstrip().startswith("#!")), None)
    if later is not None:
        yield ctx.finding((es.path, later), f"the shebang of `{es.rel}` is not at the very start of the file "
                          "(a blank line, comment or space comes first), so the kernel ignores it and the "
                          "container fails with \"exec format error\"; move `#!` to the first byte",
                          related=related)
        return
    yield ctx.finding((es.path, 1), f"`{es.rel}` has no shebang but is executed directly: the container fails "
                      "with \"exec format error\"; start it with `#!/bin/sh` (or run it as `sh "
                      f"{es.image_path}`)", related=related)
