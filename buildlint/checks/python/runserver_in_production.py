"""BL504 runserver-in-production: Django's development server as the production command."""

from __future__ import annotations

import shlex

from buildlint.checks.python._image import is_development_dockerfile
from buildlint.engine import check
from buildlint.model.compose import compose_files
from buildlint.model.project import Project, ReadError
from buildlint.parse import shell as sh


def _is_runserver(cmd) -> bool:
    name = cmd.name or ""
    vals = [w.value if w.value is not None else w.text for w in cmd.args]
    if name == "django-admin" or name.endswith("manage.py"):
        return any(v in ("runserver", "runserver_plus") for v in vals[:3])
    if name.startswith("python") or name in ("uv", "poetry", "pipenv", "pdm"):
        for i, v in enumerate(vals):
            if v.endswith("manage.py") or v == "django":
                return any(x in ("runserver", "runserver_plus") for x in vals[i + 1:i + 3])
    return False


def _script_runs(script) -> bool:
    return any(_is_runserver(c) for c in getattr(script, "commands", ()))


def _compose_command(value) -> object | None:
    if value is None:
        return None
    if isinstance(value, list):
        text = " ".join(shlex.quote(str(v)) for v in value)
    else:
        text = str(value)
    return sh.parse(text)


@check("BL504", each=Project)
def runserver_in_production(project: Project, ctx):
    services = [s for f in compose_files(project) for s in f.services]
    for df in project.dockerfiles:
        if is_development_dockerfile(df):
            continue
        try:
            final = df.final_stage
        except ReadError:
            continue
        if final is None:
            continue
        built_by = [s for s in services if s.dockerfile is df]
        prod = [s for s in built_by if s.file.is_production]
        if built_by and not prod:
            continue  # only development compose files build it
        if prod and all(s.effective("command") is not None for s in prod):
            continue  # production overrides the command
        for kw in ("ENTRYPOINT", "CMD"):
            last = next((st.of(kw)[-1] for st in final.lineage() if st.of(kw)), None)  # nearest stage wins
            if last is None:
                continue
            if _script_runs(df.shell(last)):
                yield ctx.finding(
                    last,
                    "the final image starts Django's development server (`manage.py runserver`): it is "
                    "single-threaded, unhardened and documented as not for production; run a WSGI/ASGI server "
                    "instead, e.g. `CMD [\"gunicorn\", \"<project>.wsgi:application\", \"--bind\", "
                    "\"0.0.0.0:8000\"]`",
                    path=df.path,
                )
                break
    for svc in services:
        if not svc.file.is_production:
            continue
        for key in ("command", "entrypoint"):
            value = svc.get(key)
            if value is None:
                continue
            if _script_runs(_compose_command(value)):
                path, line, col = svc.where(key)
                yield ctx.finding(
                    (path, line, col),
                    f"service `{svc.name}` runs Django's development server (`manage.py runserver`) in a "
                    f"production compose file; use gunicorn/uvicorn here and keep `runserver` for a "
                    f"development override (`docker-compose.override.yml`)",
                )
