"""BL303 next-copy-missing-public: a COPY of ``public`` when the app has no
``public/`` directory."""

from __future__ import annotations

import posixpath

from buildlint.checks.nextjs._util import config_related
from buildlint.engine import check
from buildlint.model.nextapp import NextApp, from_source_path, unquote
from buildlint.model.stages import copy_parts, flag_value


def _creates_public(stage) -> bool:
    for st in stage.lineage():
        for _instr, script in st.runs():
            for c in getattr(script, "commands", ()):
                if c.name in ("mkdir", "cp", "mv", "ln") and any(
                        (w.value or "").rstrip("/").endswith("public") for w in c.args):
                    return True
    return False


@check("BL303", each=NextApp)
def copy_missing_public(app: NextApp, ctx):
    for b in app.builds:
        bc = b.context
        public_rel = posixpath.join(b.app_rel, "public") if b.app_rel else "public"
        missing = not app.has_public
        excluded = not missing and not bc.walk.dir_sent(public_rel)
        if not (missing or excluded):
            continue
        why = ("the app has no `public/` directory" if missing
               else f"`.dockerignore` leaves `{public_rel}` out of the build context")
        for st in b.dockerfile.stages:
            for instr in st.instructions:
                srcs, dest = copy_parts(instr)
                if dest is None:
                    continue
                frm = flag_value(instr, "from")
                for raw in srcs:
                    if frm is None:
                        hit = bc.rel(unquote(raw)) == public_rel
                    else:
                        src_stage = b.dockerfile.graph.resolve(frm)
                        if src_stage is None or not any(s is b.build_stage for s in src_stage.lineage()):
                            continue
                        s = from_source_path(raw)
                        hit = s == posixpath.join(b.app_image_dir, "public") and not _creates_public(src_stage)
                    if hit:
                        yield ctx.finding(
                            instr,
                            f"copies `{raw}`, but {why}, so the build fails with \"not found\"; "
                            "create `public/` or drop this COPY",
                            path=b.dockerfile.path,
                            related=config_related(ctx, app, None, "the Next.js app is configured here"))
