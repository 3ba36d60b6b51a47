"""BL307 next-runtime-not-production: the runtime stage of a Dockerized Next.js
app lacks ``NODE_ENV=production``, uses ``npm install`` with a lockfile, or
installs dev dependencies."""

from __future__ import annotations

from buildlint.checks.nextjs._util import _named, anchor, service_env, stage_env_value, start_commands
from buildlint.engine import check
from buildlint.model.installs import installs_of
from buildlint.model.nextapp import NextApp


@check("BL307", each=NextApp)
def runtime_not_production(app: NextApp, ctx):
    if app.is_export:
        return
    for b in app.builds:
        rt = b.runtime
        if rt is None:
            continue
        lock = app.lockfile(b.context.root)
        rel = [ctx.location(b.build_instr, path=b.dockerfile.path, message="the app is built here")]
        if lock is not None:
            rel.append(ctx.location((lock, 1), message="the lockfile"))
        # installs in the runtime stage (and its own parents)
        for st in rt.lineage():
            for instr, script in st.runs():
                for inst in installs_of(script):
                    if inst.ecosystem != "node" or not inst.manifest_based:
                        continue
                    sub = (inst.command.args[0].value if inst.command.args else None) or "install"
                    problems = []
                    if inst.manager == "npm" and sub in ("install", "i") and lock is not None \
                            and lock.name in ("package-lock.json", "npm-shrinkwrap.json"):
                        problems.append(f"`{inst.text}` ignores and rewrites `{lock.name}`; use `npm ci`")
                    if inst.dev and not b.runtime_includes_build and st is not b.build_stage:
                        problems.append(f"`{inst.text}` installs the dev dependencies into the runtime image; "
                                        "add `--omit=dev` (or copy the production node_modules from a stage)")
                    if problems:
                        yield ctx.finding(instr, "; ".join(problems), path=b.dockerfile.path, related=rel)
        # NODE_ENV
        if any(dict(c.assignments).get("NODE_ENV") == "production" for _i, cmds in start_commands(b) for c in cmds):
            continue
        env_ok = None
        for cs in b.services:
            env, has_file = service_env(cs.service)
            if "NODE_ENV" in env or has_file:
                env_ok = True
        if env_ok:
            continue
        found = stage_env_value(b, "NODE_ENV")
        if found is not None and (found[0] == "production" or "$" in found[0]):
            continue
        if found is not None:
            yield ctx.finding(found[1], f"sets `NODE_ENV={found[0]}` in the runtime stage; Next.js and its "
                              "libraries run their development code paths; set `NODE_ENV=production`",
                              path=b.dockerfile.path, related=rel)
        else:
            yield ctx.finding(anchor(rt), f"the runtime stage{_named(rt)} does not set `NODE_ENV=production`, "
                              "so libraries run their development code paths and package managers install "
                              "dev dependencies; add `ENV NODE_ENV=production`",
                              path=b.dockerfile.path, related=rel)
