"""BL603 unpinned-compose-image: ``image: postgres`` or ``postgres:latest``."""

from __future__ import annotations

from buildlint.checks.python._env import interpolate
from buildlint.engine import check
from buildlint.model.compose import ComposeService, is_stateful_image, split_image


@check("BL603", each=ComposeService)
def unpinned_compose_image(svc: ComposeService, ctx):
    raw = svc.image
    if raw is None or svc.svc.build is not None:
        return  # with build:, image: names the image being built
    ref, static = interpolate(raw)
    if not static or not ref.strip():
        return
    repo, tag, digest = split_image(ref)
    if digest or (tag and tag.lower() != "latest"):
        return
    shown = f"{repo}:latest" if tag else repo
    extra = (" For a database this is how data is lost: the next pull jumps a major version, and the new "
             "server refuses the old data directory (or changes its collation)." if is_stateful_image(ref) else "")
    yield ctx.finding(
        svc.where("image"),
        f"service `{svc.name}` uses `{shown}`, which follows whatever the newest release is, so a "
        f"`docker compose pull` on the server can change the version under you.{extra} Pin a version "
        f"(`{repo}:<major>` or an exact tag, optionally with `@sha256:` digest)",
    )
