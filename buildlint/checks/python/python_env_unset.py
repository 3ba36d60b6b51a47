"""BL503 python-env-unset: a Python final image without ``PYTHONDONTWRITEBYTECODE``
or ``PYTHONUNBUFFERED``."""

from __future__ import annotations

from buildlint.checks.python._env import stage_assignments
from buildlint.checks.python._image import is_python_image
from buildlint.engine import check
from buildlint.model.stages import Stage

_WHY = {
    "PYTHONUNBUFFERED": "buffered stdout holds log lines back (and loses them when the container is killed)",
    "PYTHONDONTWRITEBYTECODE": "the app writes `__pycache__` files into the container's writable layer "
                               "(and fails on a read-only root filesystem)",
}


def _unbuffered_flag(stage) -> bool:
    """``CMD ["python", "-u", ...]`` does what PYTHONUNBUFFERED does."""
    for st in stage.lineage():
        for instr in st.of("CMD", "ENTRYPOINT"):
            words = [str(a) for a in instr.args] if instr.json else str(instr.args[0] if instr.args else "").split()
            if words and words[0].rsplit("/", 1)[-1].startswith("python") and "-u" in words[1:3]:
                return True
    return False


@check("BL503", each=Stage)
def python_env_unset(stage: Stage, ctx):
    if not stage.is_final or not is_python_image(stage):
        return
    have = {a.key for a in stage_assignments(stage) if a.kind == "ENV" and (a.value or "").strip()}
    missing = [n for n in ctx.options["require"] if n not in have]
    if "PYTHONUNBUFFERED" in missing and _unbuffered_flag(stage):
        missing.remove("PYTHONUNBUFFERED")
    if not missing:
        return
    why = "; ".join(f"without `{n}`, {_WHY[n]}" if n in _WHY else f"`{n}` is not set" for n in missing)
    env = " ".join(f"{n}=1" for n in missing)
    yield ctx.finding(stage.from_instr,
                      f"the final Python image does not set {', '.join(f'`{n}`' for n in missing)}: {why}; "
                      f"add `ENV {env}`")
