"""BL408 entrypoint-unquoted-exec: `exec $cmd` / `exec $@` re-splits the
arguments."""

from __future__ import annotations

import re

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript

_BARE = re.compile(r"^\$(\{[A-Za-z_@*][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*|[@*])$")


@check("BL408", each=EntrypointScript)
def entrypoint_unquoted_exec(es: EntrypointScript, ctx):
    for cmd in es.script.commands:
        if not cmd.is_exec or cmd.name_word is None:
            continue
        for w in [cmd.name_word, *cmd.args]:
            if w.quoted or not _BARE.match(w.text):
                continue
            if w is not cmd.name_word and w.text.strip("${}") not in ("@", "*"):
                continue  # `exec gunicorn $GUNICORN_OPTS`: splitting options is usually intended
            yield ctx.finding((es.path, w.line, w.column),
                              f"`exec {w.text}` is unquoted: the shell splits every argument on spaces and expands "
                              "globs, so an argument with a space arrives as several; "
                              + ("write `exec \"$@\"`" if w.text.strip("${}") in ("@", "*") else
                                 "keep the command in the arguments and `exec \"$@\"`, or use an array in bash"),
                              related=[(es.invoked_by, "the image starts the script here")])
            break
