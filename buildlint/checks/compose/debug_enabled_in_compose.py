"""BL605 debug-enabled-in-compose: a debug switch set true for a service of a
production compose file."""

from __future__ import annotations

from buildlint.checks.compose._envfiles import service_env_files
from buildlint.checks.python._env import interpolate, is_true
from buildlint.engine import check
from buildlint.model.compose import ComposeService


def _msg(svc, key, value, where):
    return (f"service `{svc.name}` sets `{key}={value}`{where} in a production compose file: the app runs with "
            f"debug pages, verbose errors and development settings; set it false here and turn it on only "
            f"in a development override (`docker-compose.override.yml`)")


@check("BL605", each=ComposeService)
def debug_enabled_in_compose(svc: ComposeService, ctx):
    if not svc.file.is_production:
        return
    names = {n.upper() for n in ctx.options["names"]}
    for var in svc.environment():
        if var.key.upper() not in names:
            continue
        value, _static = interpolate(var.value)
        if is_true(value):
            yield ctx.finding((svc.path, var.line, var.column), _msg(svc, var.key, value, ""))
    for path, ref in service_env_files(svc):
        for var in svc.file.env_file(path) or ():
            if var.key.upper() in names and is_true(var.value):
                yield ctx.finding((path, var.line, var.column), _msg(svc, var.key, var.value, " (through `env_file`)"),
                                  related=[(svc.path, ref.line, "the env file is loaded here")])
