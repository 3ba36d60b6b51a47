"""BL410 entrypoint-destructive-on-start: the entrypoint wipes the database
on every start."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript, django_command, guarded

_DESTRUCTIVE = {"flush": "deletes every row of every table", "reset_db": "drops and re-creates the database",
                "sqlflush": "prints SQL that empties every table", "reset_schema": "drops the schema"}


@check("BL410", each=EntrypointScript)
def entrypoint_destructive_on_start(es: EntrypointScript, ctx):
    script = es.script
    for cmd in script.commands:
        if cmd.in_function or guarded(cmd, script):
            continue
        dj = django_command(cmd)
        if dj is None:
            continue
        sub, rest = dj
        what = _DESTRUCTIVE.get(sub)
        if sub == "migrate" and any(w.value == "zero" for w in rest):
            what = "unapplies every migration (dropping the tables)"
        if what is None or sub == "sqlflush":
            continue
        text = " ".join(w.text for w in cmd.words)
        yield ctx.finding((es.path, cmd.line, cmd.column),
                          f"`{text}` runs on every container start and {what}: each restart or redeploy "
                          "destroys the production data; run it by hand (`docker compose run --rm ...`) "
                          "or guard it behind an explicit opt-in variable",
                          related=[(es.invoked_by, "the image starts the script here")])
