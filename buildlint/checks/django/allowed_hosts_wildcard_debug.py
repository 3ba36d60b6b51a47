"""BL453 django-allowed-hosts-wildcard-debug: `ALLOWED_HOSTS = ["*"]` while
DEBUG can be on."""

from __future__ import annotations

import ast

from buildlint.checks.django._common import settings_files
from buildlint.engine import check
from buildlint.model.project import Project
from buildlint.parse import djsettings


def _wildcard(sf, s) -> bool:
    v = djsettings.evaluate(sf, s.value, {})
    if isinstance(v, (list, tuple, set)) and "*" in v:
        return True
    return isinstance(s.value, (ast.List, ast.Tuple)) and any(
        isinstance(e, ast.Constant) and e.value == "*" for e in s.value.elts)


@check("BL453", each=Project)
def django_allowed_hosts_wildcard_debug(project: Project, ctx):
    for path, sf in settings_files(project):
        hosts = sf.get("ALLOWED_HOSTS")
        if hosts is None or not _wildcard(sf, hosts):
            continue
        eff = djsettings.merged(project, path)
        if "DEBUG" not in eff:
            continue
        dpath, dsf, dset = eff["DEBUG"]
        info = djsettings.debug_info(dsf)
        if info is None or not info.on:
            continue
        how = ("`DEBUG = True`" if info.literal is True else
               "`DEBUG` defaults to on" if info.default_on else "`DEBUG` is on for any non-empty value")
        yield ctx.finding((path, hosts.line, hosts.column),
                          f"`ALLOWED_HOSTS` accepts every host while {how}: anyone who reaches the port gets "
                          "Django's debug pages with settings, SQL and tracebacks under any Host header; list the "
                          "real host names (from the environment) and keep DEBUG off in production",
                          related=[(dpath, dset.line, "DEBUG is set here")])
