"""BL407 entrypoint-missing-exec-args: an ENTRYPOINT script paired with a CMD
that never runs its arguments with `exec "$@"`."""

from __future__ import annotations

import re

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript

_ARGS = re.compile(r"^\"?\$(\{)?[@*]\}?\"?$")


@check("BL407", each=EntrypointScript)
def entrypoint_missing_exec_args(es: EntrypointScript, ctx):
    if es.role != "entrypoint" or es.cmd is None:
        return
    script = es.script
    runs_args = [c for c in script.commands if c.name_word is not None and _ARGS.match(c.name_word.text)
                 or any(_ARGS.match(w.text) for w in c.args) and c.is_exec]
    if any(c.is_exec for c in runs_args):
        return
    plain = [c for c in script.commands if c.name_word is not None and _ARGS.match(c.name_word.text)]
    if plain:
        c = plain[-1]
        yield ctx.finding((es.path, c.line, c.column),
                          "the `CMD` runs as a child of the entrypoint shell (`\"$@\"` without `exec`): the shell "
                          "stays PID 1 and SIGTERM never reaches it; write `exec \"$@\"`",
                          related=[(es.cmd, "the CMD passed to the script")])
        return
    yield ctx.finding(es.cmd, f"the `CMD` is passed to the ENTRYPOINT script `{es.rel}` as arguments, but the "
                      "script never runs them: this command (and any compose `command:`) is silently ignored; "
                      "end the script with `exec \"$@\"`",
                      related=[(es.invoked_by, "the ENTRYPOINT script"),
                               (es.path, 1, "the script never uses \"$@\"")],
                      path=es.dockerfile.path)
