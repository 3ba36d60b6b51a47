"""BL502 pip-no-cache-dir: ``pip install`` keeps its download cache in the layer."""

from __future__ import annotations

from buildlint.checks.python._env import first_set_line
from buildlint.engine import check
from buildlint.model.installs import classify
from buildlint.parse.dockerfile import Instruction

_FLAG = "--no-cache-dir"


def _no_cache_flag(cmd) -> bool:
    # pip (optparse) accepts any unambiguous prefix; ``--no-ca`` is the shortest one.
    return any((w.value or w.text) == _FLAG or (len(w.value or "") >= 7 and _FLAG.startswith(w.value or "-"))
               for w in cmd.args)


def _cache_mount(instr) -> bool:
    for f in instr.flags:
        if f.name == "mount" and f.value and "type=cache" in f.value.replace(" ", ""):
            return True
    return False


def _env_disables(instr, stage) -> bool:
    if stage is None:
        return False
    # ENV of an earlier stage in the lineage, or an ENV/ARG of this stage before the RUN
    # (computed once per stage, so the rule stays linear in the number of instructions)
    inherited, own_line = first_set_line(stage, "PIP_NO_CACHE_DIR")
    return inherited or (own_line is not None and own_line < instr.start_line)


@check("BL502", each=Instruction)
def pip_no_cache_dir(instr: Instruction, ctx):
    if instr.keyword != "RUN" or _cache_mount(instr) or _env_disables(instr, ctx.stage):
        return
    script = ctx.dockerfile.shell(instr)
    exported = False
    for cmd in script.commands:
        if cmd.name == "export" and any((w.value or "").startswith("PIP_NO_CACHE_DIR=") for w in cmd.args):
            exported = True
        inst = classify(cmd)
        if inst is None or inst.manager != "pip" or inst.ecosystem != "python":
            continue
        if exported or "PIP_NO_CACHE_DIR" in cmd.env or _no_cache_flag(cmd):
            continue
        yield ctx.finding(
            instr,
            f"`{inst.text}` keeps pip's download and wheel cache (often tens of MB) in the layer; "
            f"add `--no-cache-dir`, set `ENV PIP_NO_CACHE_DIR=1`, or use a cache mount "
            f"(`RUN --mount=type=cache,target=/root/.cache/pip pip install ...`)",
        )
        return
