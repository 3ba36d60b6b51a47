"""BL302 next-standalone-incomplete: the runtime stage of a standalone app does
not ship ``.next/standalone``, ``.next/static`` and ``public/`` where
``server.js`` expects them."""

from __future__ import annotations

import posixpath

from buildlint.checks.nextjs._util import _named, config_related, df_loc, layout, resolve_cmd_path, start_commands
from buildlint.engine import check
from buildlint.model.nextapp import NextApp


def _rel(server_dir: str, path: str) -> str:
    r = posixpath.relpath(path, server_dir)
    if r == ".":
        return "."
    return "./" + r if not r.startswith("..") else path


@check("BL302", each=NextApp)
def standalone_incomplete(app: NextApp, ctx):
    if not app.is_standalone or app.dist_dir is None:
        return
    dist = app.dist_dir
    for b in app.builds:
        if b.runtime_includes_build or b.runtime is None:
            continue
        lay = layout(b)
        cfg = config_related(ctx, app, "output", "standalone output is enabled here")
        src_dir = b.app_image_dir
        frm = b.build_stage.name or str(b.build_stage.index)
        if not lay.standalone:
            yield ctx.finding(
                b.runtime.from_instr,
                f"the runtime stage{_named(b.runtime)} does not copy `{dist}/standalone`, the server "
                f"that `output: 'standalone'` builds; add `COPY --from={frm} {src_dir}/{dist}/standalone ./`",
                path=b.dockerfile.path, related=cfg)
            continue
        servers = lay.server_dirs()
        sa_instr = lay.standalone[-1][0]
        server_dir = servers[-1][1] if servers else None
        where = servers[-1][0] if servers else sa_instr
        if not lay.static:
            to = f"{_rel(lay.standalone[-1][1], server_dir)}/{dist}/static" if server_dir else f"./{dist}/static"
            yield ctx.finding(
                where,
                f"the runtime stage copies `{dist}/standalone` but never `{dist}/static`, which standalone "
                "output leaves out: every `/_next/static` script and stylesheet returns 404; add "
                f"`COPY --from={frm} {src_dir}/{dist}/static {to}`",
                path=b.dockerfile.path, related=cfg)
        elif server_dir is not None:
            want = posixpath.join(server_dir, dist, "static")
            instr, dest = lay.static[-1]
            if all(d != want for _i, d in lay.static):
                yield ctx.finding(
                    instr,
                    f"`{dist}/static` is copied to `{dest}`, but the standalone `server.js` is in "
                    f"`{server_dir}` and serves static chunks from `{want}`: every `/_next/static` "
                    "request returns 404",
                    path=b.dockerfile.path,
                    related=[df_loc(ctx, b, where, "server.js lands here"), *cfg])
        if app.has_public:
            if not lay.public:
                to = f"{_rel(lay.standalone[-1][1], server_dir)}/public" if server_dir else "./public"
                yield ctx.finding(
                    where,
                    f"the runtime stage copies `{dist}/standalone` but not `public/`, which standalone "
                    f"output leaves out: files under `public/` return 404; add "
                    f"`COPY --from={frm} {src_dir}/public {to}`",
                    path=b.dockerfile.path, related=cfg)
            elif server_dir is not None:
                want = posixpath.join(server_dir, "public")
                instr, dest = lay.public[-1]
                if all(d != want for _i, d in lay.public):
                    yield ctx.finding(
                        instr,
                        f"`public/` is copied to `{dest}`, but the standalone `server.js` is in "
                        f"`{server_dir}` and serves it from `{want}`",
                        path=b.dockerfile.path,
                        related=[df_loc(ctx, b, where, "server.js lands here"), *cfg])
        if server_dir is None:
            continue
        for instr, cmds in start_commands(b):
            for c in cmds:
                if c.name not in ("node", "bun"):
                    continue
                args = [w.value for w in c.args if w.value is not None and not w.value.startswith("-")]
                if not args or posixpath.basename(args[0]) != "server.js":
                    continue
                path = resolve_cmd_path(b, instr, args[0])
                want = posixpath.join(server_dir, "server.js")
                if path != want:
                    yield ctx.finding(
                        instr,
                        f"starts `{args[0]}` (`{path}`), but the standalone server is `{want}`"
                        + (" (the app's path inside `outputFileTracingRoot`)" if app.tracing_app_rel else ""),
                        path=b.dockerfile.path,
                        related=[df_loc(ctx, b, where, "the standalone output is copied here"),
                                 *config_related(ctx, app, "outputFileTracingRoot" if app.tracing_app_rel
                                                 else "output", "the Next.js config is read here")])
