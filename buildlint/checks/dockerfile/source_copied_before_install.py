"""BL110 source-copied-before-install.

Metadata lives in rules/dockerfile/BL110-source-copied-before-install.md;
this module holds only the behaviour.
"""

from __future__ import annotations

import fnmatch

from buildlint.engine import check
from buildlint.model.installs import MANIFESTS, installs_of
from buildlint.model.stages import Stage, copies_whole_context, copy_sources, is_context_copy


def _is_manifest(name: str, patterns) -> bool:
    return any(fnmatch.fnmatchcase(name, p) for p in patterns)


def _brings_in_source(instr, bc, manifests) -> bool:
    """A COPY of the context root, or of a directory that holds a manifest."""
    if not is_context_copy(instr):
        return False
    if copies_whole_context(instr):
        return True
    for src in copy_sources(instr):
        rel = bc.rel(src)
        if not rel or rel.startswith("<<") or "$" in rel:
            continue
        if (bc.root / rel).is_dir():
            prefix = rel + "/"
            if any(f.startswith(prefix) for f in bc.sent_matching(manifests)):
                return True
    return False


@check("BL110", each=Stage)
def source_copied_before_install(stage: Stage, ctx):
    bc = ctx.build_context
    manifests = list(ctx.options["manifests"])
    present = sorted(n for n in bc.sent_by_name if _is_manifest(n, manifests))
    if not present:
        return  # nothing could have been copied on its own
    installed_before: set[str] = set()
    for parent in stage.lineage()[1:]:
        for _instr, script in parent.runs():
            installed_before.update(i.ecosystem for i in installs_of(script) if i.manifest_based)
    source_copy = None
    for instr in stage.instructions:
        if source_copy is None and _brings_in_source(instr, bc, manifests):
            source_copy = instr
            continue
        if instr.keyword != "RUN":
            continue
        for inst in installs_of(stage.dockerfile.shell(instr)):
            if not inst.manifest_based or inst.ecosystem == "os":
                continue
            if source_copy is None:
                installed_before.add(inst.ecosystem)
                continue
            if inst.ecosystem in installed_before or inst.root_only:
                continue
            own = [n for n in present if any(fnmatch.fnmatchcase(n, g) for g in MANIFESTS.get(inst.ecosystem, ()))]
            names = ", ".join(own or present)
            yield ctx.finding(
                instr,
                f"`{inst.text}` runs after the whole source is copied in "
                f"(`{source_copy.original}`), so every code change re-runs the install; "
                f"copy the manifests ({names}) first, install, then copy the rest",
                related=[(source_copy, "the source is copied here")],
            )
            return
