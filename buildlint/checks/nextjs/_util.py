"""Shared questions the Next.js rules ask about an :class:`AppBuild` (no checks here)."""

from __future__ import annotations

import posixpath
import re

from buildlint.model.nextapp import (
    AppBuild,
    NextApp,
    from_source_path,
    norm_image_path,
    resolve_in,
    stage_env,
    start_command,
    unquote,
)

__all__ = ["NextApp", "AppBuild", "df_loc", "config_related", "layout", "anchor", "start_commands",
           "service_env", "is_node_image"]


def df_loc(ctx, build: AppBuild, where, message: str = ""):
    return ctx.location(where, path=build.dockerfile.path, message=message)


def config_related(ctx, app: NextApp, key: str | None, message: str):
    loc = app.config_location(key)
    if loc is None:
        return []
    return [ctx.location(loc, message=message)]


def anchor(stage):
    """Where to report "the runtime stage does not set X": its last ENV, else the
    command that starts it, else its FROM."""
    envs = [i for i in stage.instructions if i.keyword == "ENV"]
    if envs:
        return envs[-1]
    cmd = start_command(stage)
    if cmd is not None and any(cmd is i for i in stage.instructions):
        return cmd
    return stage.from_instr


def start_commands(build: AppBuild):
    """(instruction, [shell Commands]) of the effective ENTRYPOINT and CMD."""
    out = []
    for kw in ("ENTRYPOINT", "CMD"):
        for st in build.runtime.lineage():
            found = [i for i in st.instructions if i.keyword == kw]
            if found:
                instr = found[-1]
                script = build.dockerfile.shell(instr)
                out.append((instr, list(getattr(script, "commands", ()))))
                break
    return out


def service_env(service) -> tuple[dict[str, object], bool]:
    """A compose service's ``environment`` as a dict (None for a bare name) and
    whether it also has an ``env_file``."""
    env = service.get("environment")
    out: dict[str, object] = {}
    if isinstance(env, dict):
        out = {str(k): v for k, v in env.items()}
    elif isinstance(env, list):
        for item in env:
            k, eq, v = str(item).partition("=")
            out[k] = v if eq else None
    return out, service.get("env_file") is not None


def env_line(service, key: str) -> int:
    env = service.get("environment")
    if isinstance(env, dict):
        return service.key_line("environment", key) or service.line
    if isinstance(env, list):
        try:
            for i, item in enumerate(env):
                if str(item).partition("=")[0] == key:
                    return env.lc.item(i)[0] + 1
        except Exception:
            pass
        return service.key_line("environment") or service.line
    return service.line


_NODE_IMAGE = re.compile(r"(^|/)node(js)?([:@-]|$)|(^|/)(nodejs|node-\w+)([:@]|$)")


def is_node_image(stage) -> bool:
    base = stage.base_image.lower()
    return bool(_NODE_IMAGE.search(base.split("@")[0])) or "distroless/nodejs" in base


class Layout:
    """Where the runtime stage puts the standalone server, static chunks and public/."""

    def __init__(self, build: AppBuild):
        self.build = build
        app = build.app
        self.dist = app.dist_dir
        self.standalone = []  # (instr, dest image dir of the standalone root, from)
        self.static = []  # (instr, dest image dir that receives the static chunks)
        self.public = []  # (instr, dest image dir of public)
        self.node_modules = []  # (instr, source)
        self.whole = []  # (instr, source) copies of a stage's whole app/work dir
        dist = self.dist or ".next"
        for instr, srcs, dest, frm, st in build.copies_into_runtime():
            multi = len(srcs) > 1
            for raw in srcs:
                if raw.startswith("<<"):
                    continue
                s = from_source_path(raw) if frm is not None else "/" + build.context.rel(unquote(raw))
                s = norm_image_path(s)
                base = posixpath.basename(s)
                d = norm_image_path(posixpath.join(dest, base)) if multi else dest
                if frm is None and build.app_rel:
                    rel = s.lstrip("/")
                    if rel.startswith(build.app_rel + "/"):
                        s = "/" + rel[len(build.app_rel) + 1:]
                if s.endswith("/" + dist + "/standalone") or s == "/" + dist + "/standalone":
                    self.standalone.append((instr, d, frm, ""))
                elif "/" + dist + "/standalone/" in s:
                    sub = s.split("/" + dist + "/standalone/", 1)[1]
                    if base != "node_modules" and sub not in ("public", dist):
                        self.standalone.append((instr, d, frm, sub))
                elif s.endswith("/" + dist + "/static") or s == "/" + dist + "/static":
                    self.static.append((instr, d))
                elif s.endswith("/" + dist) or s == "/" + dist:
                    self.static.append((instr, norm_image_path(d + "/static")))
                elif base == "public":
                    self.public.append((instr, d))
                elif base == "node_modules":
                    self.node_modules.append((instr, raw))
                elif frm is not None and self._whole(s, frm):
                    self.whole.append((instr, raw))

    def _whole(self, s: str, frm: str) -> bool:
        st = self.build.dockerfile.graph.resolve(frm)
        if st is None:
            return False
        from buildlint.model.nextapp import stage_workdir

        if s == "/":
            return True
        if any(x is self.build.build_stage for x in st.lineage()) or any(
                x is st for x in self.build.build_stage.lineage()):
            return s in (stage_workdir(st), self.build.app_image_dir)
        return False

    def server_dirs(self) -> list[tuple[object, str]]:
        """(standalone COPY, image dir holding server.js); empty when unknown."""
        rel = self.build.app.tracing_app_rel
        if rel is None:
            return []
        out = []
        for instr, d, _frm, sub in self.standalone:
            if sub == "":
                out.append((instr, norm_image_path(posixpath.join(d, rel))))
            elif sub == rel:
                out.append((instr, d))
        return out


def layout(build: AppBuild) -> Layout:
    cache = build.__dict__.setdefault("_layout", None)
    if cache is None:
        cache = build.__dict__["_layout"] = Layout(build)
    return cache


def stage_env_value(build: AppBuild, name: str):
    """(value, instr) of ENV ``name`` in the runtime lineage, or None."""
    return stage_env(build.runtime).get(name)


def resolve_cmd_path(build: AppBuild, instr, path: str) -> str:
    st = next((s for s in build.runtime.lineage() if any(i is instr for i in s.instructions)), build.runtime)
    return resolve_in(st, instr, path)


def _named(stage) -> str:
    """`` `runner` `` for a named stage, nothing for an unnamed one (for messages)."""
    return f" `{stage.name}`" if stage.name else ""
