"""BL305 next-hostname-not-all-interfaces: the standalone server's ``HOSTNAME``
is not ``0.0.0.0`` (Docker sets it to the container id)."""

from __future__ import annotations

from buildlint.checks.nextjs._util import _named, anchor, config_related, env_line, service_env, stage_env_value, start_commands
from buildlint.checks.nextjs.standalone_next_start import next_start
from buildlint.engine import check
from buildlint.model.nextapp import NextApp

_ALL = ("0.0.0.0", "::", "[::]")


@check("BL305", each=NextApp)
def hostname_not_all_interfaces(app: NextApp, ctx):
    if not app.is_standalone:
        return
    cfg = config_related(ctx, app, "output", "standalone output is enabled here")
    for b in app.builds:
        starts = start_commands(b)
        if not starts or any(next_start(app, c) for _i, cmds in starts for c in cmds):
            continue  # nothing starts the server, or `next start` (BL304) which ignores HOSTNAME
        if any(dict(c.assignments).get("HOSTNAME") in _ALL for _i, cmds in starts for c in cmds):
            continue
        compose_rel = []
        silent = False
        bad = None
        for cs in b.services:
            env, has_file = service_env(cs.service)
            if "HOSTNAME" in env:
                v = env["HOSTNAME"]
                v = None if v is None else str(v)
                if v is None or "$" in v:
                    silent = True
                elif v.strip() in _ALL:
                    silent = True
                else:
                    bad = (cs, v)
            elif has_file:  # HOSTNAME may come from the env file
                silent = True
            else:
                compose_rel.append(ctx.location((cs.path, cs.service.line),
                                                message=f"the compose service `{cs.service.name}` does not set it either"))
        if bad is not None:
            cs, v = bad
            yield ctx.finding(
                (cs.path, env_line(cs.service, "HOSTNAME")),
                f"the compose service `{cs.service.name}` sets `HOSTNAME` to `{v}`, so the standalone "
                "Next.js server listens only on that address; set `HOSTNAME: 0.0.0.0`",
                related=[ctx.location(b.runtime.from_instr, path=b.dockerfile.path, message="the runtime stage"),
                         *cfg])
            continue
        if silent:
            continue
        found = stage_env_value(b, "HOSTNAME")
        if found is not None and (found[0].strip() in _ALL or "$" in found[0]):
            continue
        if found is not None:
            where, msg = found[1], (f"sets `HOSTNAME={found[0]}`, so the standalone Next.js server listens "
                                    "only on that address; set `HOSTNAME=0.0.0.0`")
        else:
            where = anchor(b.runtime)
            msg = (f"the runtime stage{_named(b.runtime)} does not set `HOSTNAME=0.0.0.0`: Docker sets "
                   "`HOSTNAME` to the container id and the standalone server binds only to the address it "
                   "resolves to (unreachable, or intermittent 502s with several networks); add "
                   "`ENV HOSTNAME=0.0.0.0`")
        yield ctx.finding(where, msg, path=b.dockerfile.path, related=[*compose_rel, *cfg])
