"""BL607 no-restart-policy: a production service that stays down after a crash or reboot."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.compose import ComposeService


@check("BL607", each=ComposeService)
def no_restart_policy(svc: ComposeService, ctx):
    if not svc.file.is_production or svc.get("extends") is not None:
        return
    if svc.effective_has("restart") or svc.effective_has("deploy", "restart_policy"):
        return
    yield ctx.finding(
        svc.where(),
        f"service `{svc.name}` has no `restart` policy: after a crash, an out-of-memory kill or a host reboot it "
        f"stays down until someone runs `docker compose up` again; add `restart: unless-stopped` (or "
        f"`restart: \"no\"` for one-off jobs, to say so)",
    )
