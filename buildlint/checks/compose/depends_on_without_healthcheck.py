"""BL604 depends-on-without-healthcheck: waiting for a database to start, not to be ready."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.compose import ComposeService, is_stateful_image


@check("BL604", each=ComposeService)
def depends_on_without_healthcheck(svc: ComposeService, ctx):
    for dep in svc.svc.depends_on():
        target = svc.file.lookup(dep.service)
        if target is None or not is_stateful_image(target.image):
            continue
        if dep.condition == "service_healthy" and target.has_healthcheck():
            continue
        has_hc = target.has_healthcheck()
        if dep.condition == "service_healthy":
            msg = (f"service `{svc.name}` waits for `{dep.service}` to be healthy, but `{dep.service}` defines "
                   f"no healthcheck, so `docker compose up` fails; add one "
                   f"(`healthcheck: test: [\"CMD-SHELL\", \"pg_isready -U $$POSTGRES_USER\"]`)")
        else:
            how = "the short form of `depends_on`" if dep.condition is None else f"`condition: {dep.condition}`"
            msg = (f"service `{svc.name}` depends on the database `{dep.service}` with {how}, which only waits "
                   f"for its container to start, not for it to accept connections; on a cold start "
                   f"migrations and the first requests fail. Use `depends_on: {dep.service}: condition: "
                   f"service_healthy`")
            if not has_hc:
                msg += (f" and give `{dep.service}` a healthcheck (`pg_isready`, `mysqladmin ping`, "
                        f"`redis-cli ping`)")
        related = [(target.path, target.line, "the database service is defined here")]
        yield ctx.finding(svc.where("depends_on"), msg, related=related)
