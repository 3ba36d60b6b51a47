"""BL308 next-export-served-by-node: an ``output: 'export'`` app served by a
Node.js runtime image."""

from __future__ import annotations

from buildlint.checks.nextjs._util import _named, config_related, df_loc, is_node_image, start_commands
from buildlint.engine import check
from buildlint.model.nextapp import NextApp

_NODE_CMDS = {"node", "npm", "npx", "yarn", "pnpm", "bun", "next", "serve", "http-server"}


@check("BL308", each=NextApp)
def export_served_by_node(app: NextApp, ctx):
    if not app.is_export:
        return
    cfg = config_related(ctx, app, "output", "static export is enabled here")
    for b in app.builds:
        rt = b.runtime
        if rt is None:
            continue
        starts = start_commands(b)
        runs_node = [(i, c) for i, cmds in starts for c in cmds if c.name in _NODE_CMDS]
        if not (is_node_image(rt) or runs_node):
            continue
        rel = [df_loc(ctx, b, i, "the Node.js process starts here") for i, _c in runs_node[:1]]
        yield ctx.finding(
            rt.from_instr,
            f"the app uses `output: 'export'` (plain HTML, CSS and JS in `out/`), but the runtime stage"
            f"{_named(rt)} is a Node.js image; serve `out/` from a static file server such as "
            "`nginx:alpine` or `caddy:alpine` (a smaller image with no Node.js to patch)",
            path=b.dockerfile.path, related=[*rel, *cfg])
