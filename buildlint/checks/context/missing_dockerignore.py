"""BL200 missing-dockerignore: no ignore file applies to a build context that
sends something an ignore file exists to keep out."""

from __future__ import annotations

import fnmatch

from buildlint.checks.context._common import files_and_size
from buildlint.engine import check
from buildlint.model.project import BuildContext
from buildlint.model.stages import copies_whole_context, is_context_copy

_EXAMPLES = (".env.example", ".env.sample", ".env.template", ".env.dist")


def _unwanted(bc, patterns: list[str]) -> list[str]:
    """Per pattern, the first sent file or directory (in path order) whose base
    name matches it; each distinct name is matched once."""
    hits: dict[str, str] = {}
    verdict: dict[str, str | None] = {}

    def first_pattern(name: str) -> str | None:
        if name not in verdict:
            verdict[name] = None if name in _EXAMPLES else next(
                (p for p in patterns if fnmatch.fnmatchcase(name, p)), None)
        return verdict[name]

    entries = [(d + "/", d.rsplit("/", 1)[-1]) for d in bc.sent_dirs]
    entries += [(f, f.rsplit("/", 1)[-1]) for f in bc.walk.files]
    for shown, name in sorted(entries):
        pat = first_pattern(name)
        if pat is not None and pat not in hits:
            hits[pat] = shown
        if name == "pyvenv.cfg" and "/" in shown:
            venv = shown.rsplit("/", 1)[0] + "/"
            if venv not in hits.values():
                hits.setdefault("pyvenv.cfg", venv + " (a virtualenv)")
    return list(hits.values())


@check("BL200", each=BuildContext)
def missing_dockerignore(bc: BuildContext, ctx):
    if bc.ignore_path is not None:
        return
    model = next((d for d in bc.project.dockerfiles if d.path == bc.dockerfile_path), None)
    if model is None:
        return
    copies = [i for i in model.parsed.instructions if is_context_copy(i)]
    if not copies:
        return  # nothing is copied from the context
    walk = bc.walk
    found = _unwanted(bc, list(ctx.options["patterns"]))
    too_big = walk.total_bytes > int(ctx.options["max_bytes"])
    if not found and not too_big:
        return
    where = next((i for i in copies if copies_whole_context(i)), copies[0])
    shown = bc.project.display(bc.root)
    what = ", ".join(f"`{p}`" for p in found[:6]) + (" and more" if len(found) > 6 else "")
    size = files_and_size(walk.file_count, walk.total_bytes)
    reason = f"it sends {what} ({size} in all)" if found else f"it sends {size}"
    related = []
    if bc.compose_path is not None:
        related.append((bc.compose_path, bc.compose_line or 1, "the build context is set here"))
    yield ctx.finding(
        where,
        f"no .dockerignore applies to the build context `{shown}`, and {reason}; "
        f"add `{shown}/.dockerignore` (or `{bc.dockerfile_path.name}.dockerignore` beside the Dockerfile)",
        related=related,
    )
