"""BL601 missing-resource-limits: a service without a CPU or a memory limit."""

from __future__ import annotations

from buildlint.checks.compose._limits import limit
from buildlint.engine import check
from buildlint.model.compose import ComposeService


_WHY = {("CPU", "memory"): "a memory leak, a busy loop", ("CPU",): "a busy loop, a stuck worker",
        ("memory",): "a memory leak, an oversized cache"}


@check("BL601", each=ComposeService)
def missing_resource_limits(svc: ComposeService, ctx):
    if not svc.file.is_production or svc.get("extends") is not None:
        return
    missing = [name for kind, name in (("cpus", "CPU"), ("memory", "memory"))
               if all(v is None for v in limit(svc, kind))]
    if not missing:
        return
    what = " and no ".join(missing)
    yield ctx.finding(
        svc.where(),
        f"service `{svc.name}` has no {what} limit: one runaway process ({_WHY[tuple(missing)]}) can "
        f"starve the whole host and every other container on it; set `deploy.resources.limits` "
        f"(`cpus`, `memory`) or the service-level `cpus`/`mem_limit`",
    )
