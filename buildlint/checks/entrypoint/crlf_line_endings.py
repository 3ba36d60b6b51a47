"""BL400 entrypoint-crlf: the script the image starts has CRLF line endings
and no build step after its last copy strips them."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript


@check("BL400", each=EntrypointScript)
def entrypoint_crlf(es: EntrypointScript, ctx):
    if not es.has_crlf or es.crlf_fix is not None:
        return
    if es.executed_directly:
        why = (f"the kernel reads the interpreter as `{_interp(es)}\\r` and the container dies with "
               "\"no such file or directory\" / \"exec format error\"")
    else:
        why = f"`{es.interpreter}` reads every line with a trailing `\\r` (\"$'\\r': command not found\")"
    related = [(es.write, f"`{es.image_path}` is copied into the image here, CRLF included"),
               (es.invoked_by, "the image starts the script here")]
    hint = "add `*.sh text eol=lf` to `.gitattributes` and convert the file"
    for fix in es.earlier_crlf_fixes:
        related.append((fix, "this strips the carriage returns, but a later COPY writes the file again"))
        hint = "move the `sed -i 's/\\r$//'` after the last COPY that writes the script, or " + hint
    yield ctx.finding((es.path, 1), f"`{es.rel}` has Windows (CRLF) line endings: {why}; {hint}",
                      related=related)


def _interp(es) -> str:
    sb = es.script.shebang
    return sb[2:].strip().split()[0] if sb and sb[2:].strip() else "/bin/sh"
