"""BL405 entrypoint-no-errexit: no `set -e`, so a failed step (a migration)
still starts the server."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript, guarded, is_top_level, server_name

#: Commands whose failure does not matter for what runs next.
_HARMLESS = frozenset({"echo", "printf", "true", ":", "export", "set", "sleep", "trap", "local", "shift",
                       "wait", "exit", "return", "cd", "umask", "ulimit", "unset", "readonly", "declare",
                       "typeset", "test", "[", "[[", "exec", "source", ".", "date", "env", "printenv",
                       "whoami", "id", "cat", "ls", "mkdir", "touch", "break", "continue", "eval"})


@check("BL405", each=EntrypointScript)
def entrypoint_no_errexit(es: EntrypointScript, ctx):
    script = es.script
    enabled_at = script.set_options.get("e")
    for cmd in script.commands:
        if cmd.is_exec or not is_top_level(cmd) or cmd.in_loop or cmd.background:
            continue
        if cmd.name is None or cmd.name in _HARMLESS or server_name(cmd) is not None:
            continue
        if enabled_at is not None and enabled_at <= cmd.line:
            return
        if guarded(cmd, script) or _followed_by_or(cmd, script):
            continue
        text = " ".join(w.text for w in cmd.words)
        yield ctx.finding((es.path, cmd.line, cmd.column),
                          f"`{es.rel}` runs without `set -e`: when `{text}` fails the script carries on and "
                          "starts the server anyway; add `set -e` at the top (or `|| exit 1` after each step)",
                          related=[(es.invoked_by, "the image starts the script here")])
        return


def _followed_by_or(cmd, script) -> bool:
    """`cmd || exit 1`: the next command on the line is joined with ``||``."""
    cmds = script.commands
    i = next((k for k, c in enumerate(cmds) if c is cmd), None)
    if i is None or i + 1 >= len(cmds):
        return False
    nxt = cmds[i + 1]
    return nxt.operator_before == "||" and nxt.line == cmd.end_line
