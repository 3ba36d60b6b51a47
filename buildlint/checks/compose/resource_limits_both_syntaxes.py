"""BL602 resource-limits-both-syntaxes: one limit set both at service level and
in ``deploy.resources.limits``."""

from __future__ import annotations

from buildlint.checks.compose._limits import as_bytes, as_number, limit
from buildlint.engine import check
from buildlint.model.compose import ComposeService

_TOP = {"cpus": "cpus", "memory": "mem_limit", "pids": "pids_limit"}


@check("BL602", each=ComposeService)
def resource_limits_both_syntaxes(svc: ComposeService, ctx):
    for kind, key in _TOP.items():
        top, dep = limit(svc, kind, effective=False)
        if top is None or dep is None or svc.get(key) is None:
            continue
        conv = as_bytes if kind == "memory" else as_number
        a, b = conv(top), conv(dep)
        distinct = a is None or b is None or abs(a - b) > 1e-9
        if distinct:
            msg = (f"service `{svc.name}` sets `{key}: {top}` and `deploy.resources.limits.{kind}: {dep}`: "
                   f"Compose refuses the file (\"can't set distinct values on '{key}' and "
                   f"'deploy.resources.limits.{kind}'\"); keep one of the two")
        else:
            msg = (f"service `{svc.name}` sets the {kind} limit twice, as `{key}` and as "
                   f"`deploy.resources.limits.{kind}`: the moment the two differ Compose refuses the file; "
                   f"keep one of the two")
        path, dline, _ = svc.where("deploy", "resources", "limits", kind)
        yield ctx.finding(svc.where(key), msg, related=[(path, dline, "the other limit is set here")])
