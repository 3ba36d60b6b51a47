"""BL452 django-secret-key-required-at-build: a management command runs in
the build while the settings read SECRET_KEY with `os.environ[...]`."""

from __future__ import annotations

from pathlib import Path

from buildlint.engine import check
from buildlint.model.entrypoint import django_command, stage_steps
from buildlint.model.project import DockerfileModel
from buildlint.parse import djsettings

#: Subcommands that do not load the project settings.
_NO_SETTINGS = frozenset({"help", "version", "--version", "startproject", "startapp"})


def _settings_for(df, project, module: str | None) -> list[Path]:
    root = df.context.root.resolve()
    if module:
        for cand_root in [root] + [f.parent for f in project.files_named("manage.py")
                                   if root in f.resolve().parents]:
            p = djsettings.module_file(cand_root, module)
            if p is not None:
                return [p]
        return []
    named = []
    for f in project.files_named("manage.py"):
        if root not in f.resolve().parents:
            continue
        try:
            mod = djsettings.settings_module_default(project.read_bytes(f))
        except Exception:
            continue
        p = djsettings.module_file(f.parent, mod) if mod else None
        if p is not None:
            named.append(p)
    return named


def _provided(step, script, cmd, instr) -> set[str]:
    have = {k for k, v in step.env.items()}
    for c in script.commands:
        if c is cmd:
            break
        have.update(k for k, _ in c.assignments)
        if c.name in ("export", "declare", "typeset", "readonly"):
            have.update((w.value or w.text).split("=", 1)[0] for w in c.args if "=" in (w.value or w.text))
    have.update(k for k, _ in cmd.assignments)
    for f in instr.flags:
        if f.name == "mount" and f.value and "type=secret" in f.value:
            for part in f.value.split(","):
                k, _, v = part.partition("=")
                if k == "env" and v:
                    have.add(v)
    return have


@check("BL452", each=DockerfileModel)
def django_secret_key_required_at_build(df: DockerfileModel, ctx):
    project = df.project
    seen = set()
    for stage in df.stages:
        for step in stage_steps(stage):  # the stage's own steps, with the lineage's WORKDIR/ENV
            if step.instr.keyword != "RUN" or id(step.instr) in seen:
                continue
            instr = step.instr
            script = df.shell(instr)
            for cmd in script.commands:
                dj = django_command(cmd)
                if dj is None or dj[0] in _NO_SETTINGS:
                    continue
                opts = [w.value or "" for w in cmd.args]
                module = next((o.split("=", 1)[1] for o in opts if o.startswith("--settings=")), None)
                env_mod = dict(cmd.assignments).get("DJANGO_SETTINGS_MODULE") or step.env.get("DJANGO_SETTINGS_MODULE")
                for path in _settings_for(df, project, module or env_mod):
                    eff = djsettings.merged(project, path)
                    if "SECRET_KEY" not in eff:
                        continue
                    spath, ssf, sset = eff["SECRET_KEY"]
                    alts = djsettings.required_vars(ssf, "SECRET_KEY")
                    if not alts:
                        continue
                    have = _provided(step, script, cmd, instr)
                    missing = [a for a in alts if not (a & have)]
                    if not missing:
                        continue
                    var = sorted(missing[0])[0]
                    text = " ".join(w.text for w in cmd.words)
                    seen.add(id(instr))
                    yield ctx.finding(
                        instr,
                        f"`{text}` imports the settings, which read `{var}` with no default, and the variable is "
                        "not set during the build, so this step fails (KeyError / ImproperlyConfigured); give "
                        f"this one RUN a throw-away value: `RUN {var}=build-only {text}` (never bake the real "
                        "key in with ARG or ENV)",
                        related=[(spath, sset.line, f"`SECRET_KEY` requires `{var}` here")])
                    break
                else:
                    continue
                break
