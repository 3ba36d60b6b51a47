"""BL100 single-stage-build-tools: the final image is built in one stage that
installs compilers, build toolchains or development dependencies."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.installs import build_tools_installed, installs_of
from buildlint.model.project import DockerfileModel

_BUILD_SCRIPTS = {"build", "compile", "bundle"}


def _npm_build(cmd) -> bool:
    args = [w.value or w.text for w in cmd.args]
    if cmd.name in ("npm", "pnpm", "yarn", "bun") and args:
        if args[0] == "run" and len(args) > 1 and args[1] in _BUILD_SCRIPTS:
            return True
        return cmd.name != "npm" and args[0] in _BUILD_SCRIPTS
    return cmd.name in ("next", "vite", "tsc", "webpack") and (not args or args[0] == "build")


@check("BL100", each=DockerfileModel)
def single_stage_build_tools(df: DockerfileModel, ctx):
    final = df.final_stage
    if final is None or not df.single_stage:
        return  # other stages exist: this is a multi-stage build (BL505 judges its final stage)
    lineage = final.lineage()
    evidence = [(instr, f"installs build tools ({', '.join(tools[:4])})")
                for instr, tools in build_tools_installed(reversed(lineage))]
    for st in reversed(lineage):
        for instr, script in st.runs():
            for inst in installs_of(script):
                if inst.dev and inst.manifest_based:
                    evidence.append((instr, f"installs development dependencies (`{inst.text}`)"))
            for cmd in script.commands:
                if _npm_build(cmd):
                    evidence.append((instr, f"builds the app (`{' '.join(w.text for w in cmd.words)}`)"))
    evidence.sort(key=lambda e: e[0].start_line)
    if not evidence:
        return
    parts = list(dict.fromkeys(msg for _, msg in evidence))
    what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    yield ctx.finding(
        final.from_instr,
        f"the final image is built in a single stage that {what}; build in a separate stage and "
        "copy only the results into a slim final stage (multi-stage build)",
        related=[(i, m) for i, m in evidence],
    )
