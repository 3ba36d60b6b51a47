"""BL404 entrypoint-server-without-exec: the server is started as a child of
the shell, so signals never reach it."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript, server_name, uses_args


@check("BL404", each=EntrypointScript)
def entrypoint_server_without_exec(es: EntrypointScript, ctx):
    script = es.script
    for cmd in script.commands:
        if cmd.is_exec or cmd.background or cmd.in_substitution or cmd.in_pipeline and cmd.pipeline_index:
            continue
        server = server_name(cmd)
        if server is None:
            continue
        text = " ".join(w.text for w in cmd.words)
        msg = (f"`{server}` is started without `exec`: the shell stays PID 1 and does not forward SIGTERM, so "
               f"`docker stop` waits out its timeout and then kills the server; write `exec {text}`")
        if es.role == "entrypoint" and not uses_args(script):
            msg += (", or end the script with `exec \"$@\"` and move the server command to `CMD` "
                    "(the script ignores its arguments, so a `CMD` or compose `command:` is silently dropped)")
        yield ctx.finding((es.path, cmd.line, cmd.column), msg, related=[(es.invoked_by, "the image starts the script here")])
