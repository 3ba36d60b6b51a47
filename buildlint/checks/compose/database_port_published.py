"""BL609 database-port-published: a database or cache published on every interface."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.compose import STATEFUL_PORT_NUMBERS, STATEFUL_PORTS, ComposeService, image_name

_LOCAL = {"127.0.0.1", "::1", "localhost"}


@check("BL609", each=ComposeService)
def database_port_published(svc: ComposeService, ctx):
    if not svc.file.is_production:
        return
    db = image_name(svc.image) if svc.image else None
    db_ports = set(STATEFUL_PORTS.get(db, ())) if db else set()
    for port in svc.svc.ports():
        host = (port.host_ip or "").strip("[]")
        if host in _LOCAL or host.startswith("127."):
            continue
        targets = set(port.targets())
        hit = (targets & db_ports) if db in STATEFUL_PORTS else (targets & STATEFUL_PORT_NUMBERS)
        if not hit and db not in STATEFUL_PORTS:
            continue
        number = sorted(hit or targets)[0] if (hit or targets) else port.target
        published = port.published or "a random port"
        where = f"`{host}`" if host and host not in ("0.0.0.0", "::") else "all interfaces"
        yield ctx.finding(
            (svc.path, port.line, port.column),
            f"service `{svc.name}` publishes its database/cache port {number} on {where} (host port "
            f"{published}) in a production compose file: Docker's port rules bypass `ufw`/firewalld, so it is "
            f"reachable from the internet; the other services reach it as `{svc.name}:{number}` without "
            f"`ports:`, so drop the mapping or bind it to `127.0.0.1:`",
        )
