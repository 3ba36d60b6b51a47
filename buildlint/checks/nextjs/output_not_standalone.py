"""BL300 next-output-not-standalone: a Dockerized Next.js app whose config does
not set ``output: 'standalone'``."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.nextapp import NextApp


@check("BL300", each=NextApp)
def output_not_standalone(app: NextApp, ctx):
    if not app.builds:
        return
    out = app.output
    if out.is_dynamic or (out.is_value and out.value not in (None,)):
        return  # standalone, export (BL308), something else, or unknown: not this rule
    related = [ctx.location(b.build_instr, path=b.dockerfile.path, message="the image builds the app here")
               for b in app.builds]
    if app.config_path is None:
        b = app.builds[0]
        yield ctx.finding(
            b.build_instr,
            f"the Next.js app `{app.name}` is built into an image but has no next.config with "
            "`output: 'standalone'`, so the image needs the whole node_modules to run; add a "
            "next.config.mjs that sets it and copy `.next/standalone`",
            path=b.dockerfile.path, related=related[1:])
        return
    yield ctx.finding(
        app.config_location("output"),
        f"the Next.js app `{app.name}` is built into an image but its config does not set "
        "`output: 'standalone'`, so the image needs the whole node_modules to run; set it and "
        "copy `.next/standalone`, `.next/static` and `public` into a slim runtime stage",
        related=related)
