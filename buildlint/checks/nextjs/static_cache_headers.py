"""BL309 next-static-cache-headers: a web-server config that serves
``/_next/static`` without ``Cache-Control: public, max-age=31536000, immutable``."""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import Project, ReadError
from buildlint.parse import webserver as ws

GOOD = "public, max-age=31536000, immutable"


def _labels(service) -> dict[str, tuple[str, int]]:
    raw = service.get("labels")
    out: dict[str, tuple[str, int]] = {}
    if isinstance(raw, dict):
        for k, v in raw.items():
            out[str(k)] = (str(v), service.key_line("labels", k) or service.line)
    elif isinstance(raw, list):
        for i, item in enumerate(raw):
            k, _, v = str(item).partition("=")
            try:
                line = raw.lc.item(i)[0] + 1
            except Exception:
                line = service.line
            out[k.strip()] = (v.strip(), line)
    return out


def _routes(project: Project):
    """(path, StaticRoute, kind) of every place a shipped config serves /_next/static."""
    for f in project.named(lambda n: ws.is_caddyfile_name(n) or ws.is_nginx_name(n)):
        if ws.is_caddyfile_name(f.name):
            kind, fn = "Caddyfile", ws.caddy_static_routes
        elif ws.is_nginx_name(f.name):
            kind, fn = "nginx", ws.nginx_static_routes
        else:
            continue
        try:
            text = project.read_text(f)
        except ReadError:
            continue
        if ws.NEXT_STATIC not in text:
            continue
        for r in project.cached("webserver", f, lambda text=text, fn=fn: fn(text)):
            yield f, r, kind
    for cf in project.compose_files:
        try:
            parsed = project.compose(cf)
        except ReadError:
            continue
        for svc in parsed.services:
            labels = _labels(svc)
            if any(k.lower().startswith("traefik.") for k in labels):
                for r in ws.traefik_static_routes(labels):
                    yield cf, r, "Traefik"


@check("BL309", each=Project)
def static_cache_headers(project: Project, ctx):
    for path, route, kind in _routes(project):
        if route.header is None:
            if route.proxied:
                continue  # the Next.js server behind it sends the right header itself
            if route.extra.get("expires"):
                yield ctx.finding(
                    (path, route.extra["expires_line"]),
                    f"the {kind} config serves `/_next/static` with only `expires {route.extra['expires']}`, "
                    f"which sends a max-age but neither `public` nor `immutable`; "
                    f"add `add_header Cache-Control \"{GOOD}\"` (the chunks are content-hashed)",
                    related=[ctx.location((path, route.line), message="the /_next/static route")])
                continue
            yield ctx.finding(
                (path, route.line),
                f"the {kind} config serves `/_next/static` without a Cache-Control header, so browsers "
                f"revalidate content-hashed chunks on every visit; set `Cache-Control: {GOOD}`")
            continue
        problem = ws.cache_control_problem(route.header)
        if problem:
            yield ctx.finding(
                (path, route.header_line or route.line),
                f"the {kind} config {problem} for `/_next/static`; the chunks are content-hashed, so set "
                f"`Cache-Control: {GOOD}`",
                related=[ctx.location((path, route.line), message="the /_next/static route")])
