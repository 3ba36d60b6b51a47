"""BL608 postgres18-data-volume: a PostgreSQL 18+ image with its volume at the
old ``/var/lib/postgresql/data``."""

from __future__ import annotations

import re

from buildlint.checks.python._env import interpolate
from buildlint.engine import check
from buildlint.model.compose import ComposeService, image_name, split_image

_OLD = "/var/lib/postgresql/data"
_PG = {"postgres", "postgis", "timescaledb", "timescaledb-ha"}


def _major(tag: str | None) -> int | None:
    """The major version a tag names; a tag without a version (``latest``, ``alpine``) is the newest (>= 18)."""
    if tag is None or not re.match(r"^\d", tag):
        return 18 if tag is None or re.fullmatch(r"latest|alpine\d*(\.\d+)*|bookworm|trixie|bullseye", tag) else None
    return int(re.match(r"\d+", tag).group(0))


@check("BL608", each=ComposeService)
def postgres18_data_volume(svc: ComposeService, ctx):
    ref, static = interpolate(svc.image)
    if not ref or not static or image_name(ref) not in _PG:
        return
    _repo, tag, _digest = split_image(ref)
    if image_name(ref) == "postgis" and tag:
        tag = tag.split("-", 1)[0]
    major = _major(tag)
    if major is None or major < 18:
        return
    pgdata = next((interpolate(v.value)[0] for v in svc.environment() if v.key == "PGDATA"), None)
    if pgdata and (pgdata.rstrip("/") == _OLD or pgdata.startswith(_OLD + "/")):
        return  # PGDATA put back under the old mount point
    for vol in svc.svc.volumes():
        if vol.target.rstrip("/") != _OLD:
            continue
        shown = "" if tag and re.match(r"^\d", tag) else f" (`{tag or 'latest'}` is PostgreSQL 18 or newer)"
        yield ctx.finding(
            (svc.path, vol.line, vol.column),
            f"service `{svc.name}` runs `{ref}`{shown} with a volume at `{_OLD}`: since 18 the image keeps its "
            f"data in `/var/lib/postgresql/<major>/docker` and refuses to start when `{_OLD}` is a mount; "
            f"mount the volume at `/var/lib/postgresql` (upgrade an existing cluster with `pg_upgrade` first) "
            f"or pin the major version you have data for",
            related=[(svc.path, svc.where("image")[1], "the image is chosen here")],
        )
