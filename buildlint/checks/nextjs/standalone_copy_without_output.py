"""BL301 next-standalone-copy-without-output: the Dockerfile copies
``.next/standalone`` but the config never enables standalone output."""

from __future__ import annotations

from buildlint.checks.nextjs._util import config_related, layout
from buildlint.engine import check
from buildlint.model.nextapp import NextApp


@check("BL301", each=NextApp)
def standalone_copy_without_output(app: NextApp, ctx):
    out = app.output
    if out.is_dynamic or app.is_standalone:
        return
    what = f"sets `output: {out.value!r}`" if out.is_value and out.value is not None else (
        "does not set `output: 'standalone'`" if app.config_path else "does not exist")
    for b in app.builds:
        for instr, _dest, _frm, _sub in layout(b).standalone:
            yield ctx.finding(
                instr,
                f"copies `{app.dist_dir or '.next'}/standalone`, but `next build` only creates it with "
                f"`output: 'standalone'` and the app's next.config {what}: the build fails here "
                "with \"not found\"; enable standalone output",
                path=b.dockerfile.path,
                related=config_related(ctx, app, "output", "the Next.js config is read here"))
