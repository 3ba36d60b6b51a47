"""BL406 entrypoint-migrate-without-db-wait: `manage.py migrate` runs before
anything waits for the database."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript, compose_services_building, django_command

_PROBES = frozenset({"pg_isready", "wait-for-it", "wait-for-it.sh", "wait-for", "wait-for.sh", "dockerize",
                     "wait4x", "mysqladmin", "mongosh", "redis-cli", "nc", "netcat", "psql", "mysql"})
_WAIT_COMMANDS = frozenset({"wait_for_db", "wait_for_database", "wait_for_postgres", "waitdb", "wait_db",
                            "check_db", "wait-for-db", "wait_for_it"})


def _is_wait(cmd, waiting_functions=frozenset()) -> bool:
    from buildlint.parse.shell import python_module_invocation

    name = cmd.name or ""
    if name in _PROBES or "wait" in name.replace("-", "_").split("_")[0:2] or name in waiting_functions:
        return True
    if name.startswith(("wait-for", "wait_for", "wait4")):
        return True
    dj = django_command(cmd)
    if dj is not None:
        return dj[0] in _WAIT_COMMANDS or dj[0].startswith("wait")
    inv = python_module_invocation(cmd)
    if inv is not None and "wait" in inv[0].lower():
        return True
    if cmd.in_loop and (cmd.loop_kind in ("while", "until") or name == "sleep"):
        return True
    return False


def waiting_functions(script) -> frozenset:
    return frozenset(c.in_function for c in script.commands
                     if c.in_function and _is_wait(c))


def compose_waits(es: EntrypointScript):
    """(waits, related locations) from the compose services that build this image."""
    related = []
    services = compose_services_building(es.project, es.dockerfile)
    if not services:
        return False, related
    all_wait = True
    for cf, parsed, svc in services:
        deps = svc.get("depends_on")
        ok = False
        if isinstance(deps, dict):
            by_name = {s.name: s for s in parsed.services}
            for dep, spec in deps.items():
                cond = spec.get("condition") if isinstance(spec, dict) else None
                target = by_name.get(str(dep))
                hc = target.get("healthcheck") if target is not None else None
                if cond == "service_healthy" and isinstance(hc, dict) and not hc.get("disable"):
                    ok = True
        if not ok:
            all_wait = False
            line = svc.key_line("depends_on") or svc.line
            what = ("`depends_on` only orders the start-up: it does not wait until the database accepts "
                    "connections (no `condition: service_healthy` on a service with a healthcheck)"
                    if deps else f"service `{svc.name}` builds this image and starts with the database")
            related.append((cf, line, what))
    return all_wait, related


@check("BL406", each=EntrypointScript)
def entrypoint_migrate_without_db_wait(es: EntrypointScript, ctx):
    script = es.script
    for cmd in script.commands:
        dj = django_command(cmd)
        if dj is None or dj[0] != "migrate":
            continue
        fns = waiting_functions(script)
        if any(_is_wait(c, fns) for c in script.commands if not c.in_function and c.line < cmd.line or (c.line == cmd.line and c is not cmd
                                                                              and c.column < cmd.column)):
            return
        waits, related = compose_waits(es)
        if waits:
            return
        yield ctx.finding((es.path, cmd.line, cmd.column),
                          "migrations run before anything waits for the database: on a cold start PostgreSQL "
                          "is not accepting connections yet and the container exits; wait first (an `until "
                          "pg_isready ...; do sleep 1; done` loop, `wait-for-it`) or use compose `depends_on: "
                          "{db: {condition: service_healthy}}` with a database healthcheck",
                          related=[(es.invoked_by, "the image starts the script here"), *related])
        return
