"""Next.js apps and the Dockerfiles that build them.

A :class:`NextApp` is a directory whose ``package.json`` depends on ``next``
(found in ``project.files``, never by walking again). Its ``next.config`` is
read statically once (:mod:`buildlint.parse.nextconfig`, cached on the
project), and each Dockerfile whose stages build it becomes an
:class:`AppBuild`: the build context, the stage and ``RUN`` that run the
build, where the app lives in that stage, the runtime stage, and the compose
services that build the image.

A Dockerfile builds an app when one of its ``RUN`` commands is ``next
build``, ``turbo build``/``turbo run build``, or a package-manager script
(``npm run build``, ``yarn build``, ``pnpm --filter web build``, ...) whose
script in the app's or the context root's ``package.json`` runs ``next build``
or turbo, and the app lies inside the build context. In a monorepo (npm,
pnpm or yarn workspaces, turborepo: the app in ``apps/web`` under the context
root) with several apps, the Dockerfile must name the app (its package name
in a ``--filter``/``--workspace``, or its path) to be paired with it; when it
names none, every app of the context is paired.

Image paths here are POSIX paths inside the image, resolved against the
stage's ``WORKDIR``.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from buildlint.model.project import BuildContext, DockerfileModel, Project, ReadError
from buildlint.model.stages import Stage, copy_parts, flag_value

LOCKFILES = ("package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb", "bun.lock")
_PMS = ("npm", "pnpm", "yarn", "bun", "cnpm")
_RUNNERS = ("npx", "bunx", "pnpx")


# ------------------------------------------------------------------ helpers
def read_package(project: Project, path: Path) -> dict | None:
    """A parsed package.json (cached on the project), or None when unreadable."""

    def make():
        try:
            data = json.loads(project.read_text(path))
        except (ReadError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    return project.cached("package.json", path, make)


def _deps(pkg: dict) -> dict:
    out: dict = {}
    for key in ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies"):
        d = pkg.get(key)
        if isinstance(d, dict):
            out.update(d)
    return out


def _scripts(pkg: dict | None) -> dict:
    s = (pkg or {}).get("scripts")
    return s if isinstance(s, dict) else {}


def _runs_next_build(script: str) -> bool:
    return bool(re.search(r"(^|[\s;&|(/])next\s+build\b", script))


def _runs_turbo(script: str) -> bool:
    return bool(re.search(r"(^|[\s;&|(/])turbo(\s+run)?\s+\S*build", script)) or "nx " in script


def unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def env_pairs(instr) -> list[tuple[str, str]]:
    """(name, value) pairs of an ENV instruction (values unquoted)."""
    if instr.keyword != "ENV":
        return []
    a = list(instr.args)
    out = []
    for i in range(0, len(a) - 2, 3):
        out.append((a[i], unquote(a[i + 1])))
    if len(a) % 3 == 2:  # defensive: a parser variant without the marker
        out.append((a[-2], unquote(a[-1])))
    return out


def norm_image_path(p: str) -> str:
    p = posixpath.normpath(p) if p else "/"
    return "/" if p in (".", "") else p


def stage_workdir(stage: Stage, upto=None) -> str:
    """The WORKDIR in effect before ``upto`` (or at the end of the stage)."""
    wd = stage_workdir(stage.parent) if stage.parent is not None and stage.parent is not stage else "/"
    for instr in stage.instructions:
        if instr is upto:
            break
        if instr.keyword == "WORKDIR" and instr.args:
            wd = norm_image_path(posixpath.join(wd, unquote(instr.args[0])))
    return wd


def resolve_in(stage: Stage, instr, path: str) -> str:
    """An image path as an instruction of ``stage`` means it (relative to WORKDIR)."""
    path = unquote(path)
    if path.startswith("/"):
        return norm_image_path(path)
    return norm_image_path(posixpath.join(stage_workdir(stage, instr), path))


def from_source_path(path: str) -> str:
    """A ``COPY --from`` source: relative to the source stage's root."""
    p = unquote(path)
    return norm_image_path(p if p.startswith("/") else "/" + p)


def stage_env(stage: Stage) -> dict[str, tuple[str, object]]:
    """Variables ENV sets in the stage and its parents: name -> (value, instruction)."""
    out: dict[str, tuple[str, object]] = {}
    for st in reversed(stage.lineage()):
        for instr in st.instructions:
            for k, v in env_pairs(instr):
                out[k] = (v, instr)
    return out


def start_command(stage: Stage):
    """The instruction that starts the container (last CMD/ENTRYPOINT of the lineage)."""
    for st in stage.lineage():
        found = [i for i in st.instructions if i.keyword in ("CMD", "ENTRYPOINT")]
        if found:
            ep = [i for i in found if i.keyword == "ENTRYPOINT"]
            cmd = [i for i in found if i.keyword == "CMD"]
            return ep[-1] if ep and not _is_passthrough(ep[-1]) else (cmd[-1] if cmd else found[-1])
    return None


def _is_passthrough(instr) -> bool:
    words = list(instr.args) if instr.json else (instr.args[0].split() if instr.args else [])
    names = [posixpath.basename(w) for w in words]
    return bool(names) and names[0] in ("tini", "dumb-init", "docker-entrypoint.sh", "/sbin/tini") and len(names) <= 2


# ------------------------------------------------------------------ build commands
@dataclass
class BuildCommand:
    instr: object  # the RUN
    stage: Stage
    text: str  # the command as written
    hints: tuple[str, ...] = ()  # filters, workspaces, directories that name an app
    kind: str = "script"  # "next" | "turbo" | "script"
    script: str | None = None  # the package.json script run


def _vals(cmd) -> list[str]:
    return [w.value if w.value is not None else w.text for w in cmd.args]


def _filter_hints(args: list[str]) -> list[str]:
    hints = []
    for i, a in enumerate(args):
        for opt in ("--filter", "-F", "--workspace", "-w", "--cwd", "-C", "--dir", "--prefix", "--scope"):
            if a == opt and i + 1 < len(args):
                hints.append(args[i + 1])
            elif a.startswith(opt + "=") and opt.startswith("--"):
                hints.append(a[len(opt) + 1:])
    return hints


def classify_build(cmd) -> BuildCommand | None:
    """Does this shell command run a Next.js/turbo build or a package script?

    Returns a BuildCommand with ``kind``/``script``/``hints`` (instr/stage unset)."""
    name = cmd.name
    if not name:
        return None
    args = _vals(cmd)
    text = " ".join(w.text for w in cmd.words)
    if name == "next" and args[:1] == ["build"]:
        return BuildCommand(None, None, text, tuple(a for a in args[1:2] if not a.startswith("-")), "next")
    if name == "turbo" and ("build" in args[:2] or any(a.endswith("build") for a in args[:2])):
        return BuildCommand(None, None, text, tuple(_filter_hints(args)), "turbo")
    if name in _RUNNERS or (name in _PMS and args[:1] in (["exec"], ["dlx"], ["x"])):
        rest = args[1:] if name in _PMS else args
        rest = [a for a in rest if not a.startswith("-")]
        if rest[:2] == ["next", "build"]:
            return BuildCommand(None, None, text, tuple(rest[2:3]), "next")
        if rest[:1] == ["turbo"] and "build" in " ".join(rest[1:3]):
            return BuildCommand(None, None, text, tuple(_filter_hints(args)), "turbo")
        return None
    if name not in _PMS:
        return None
    hints = _filter_hints(args)
    pos = []
    skip = False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in ("--filter", "-F", "--workspace", "-w", "--cwd", "-C", "--dir", "--prefix"):
            skip = True
            continue
        if a.startswith("-"):
            continue
        pos.append(a)
    if name == "yarn" and pos[:1] == ["workspace"] and len(pos) >= 3:
        hints.append(pos[1])
        pos = pos[2:]
    if name in ("pnpm", "yarn", "bun") and pos[:1] == ["next"] and pos[1:2] == ["build"]:
        return BuildCommand(None, None, text, tuple(hints), "next")
    if name in ("pnpm", "yarn", "bun") and pos[:1] == ["turbo"] and any(p.endswith("build") for p in pos[1:3]):
        return BuildCommand(None, None, text, tuple(hints), "turbo")
    if pos[:1] in (["run"], ["run-script"]) and len(pos) >= 2:
        script = pos[1]
    elif name != "npm" and pos and pos[0] not in ("install", "i", "add", "ci", "exec", "dlx", "x", "prune",
                                                   "remove", "rm", "config", "set", "why", "list", "ls"):
        script = pos[0]
    else:
        return None
    return BuildCommand(None, None, text, tuple(hints), "script", script)


# ------------------------------------------------------------------ model
@dataclass
class ComposeService:
    path: Path
    service: object  # parse.compose.Service


@dataclass
class AppBuild:
    """One Dockerfile building one app."""

    app: "NextApp"
    dockerfile: DockerfileModel
    context: BuildContext
    command: BuildCommand
    services: list[ComposeService] = field(default_factory=list)

    @property
    def build_stage(self) -> Stage:
        return self.command.stage

    @property
    def build_instr(self):
        return self.command.instr

    @property
    def app_rel(self) -> str:
        """The app directory relative to the context root (``""`` at the root)."""
        rel = posixpath.relpath(self.app.dir.as_posix(), self.context.root.as_posix())
        return "" if rel == "." else rel

    @cached_property
    def runtime(self) -> Stage:
        """The stage the image runs: a compose ``build.target``, else the final stage."""
        for cs in self.services:
            target = cs.service.get("build", "target")
            if isinstance(target, str):
                st = self.dockerfile.graph.resolve(target)
                if st is not None:
                    return st
        return self.dockerfile.final_stage

    @property
    def runtime_includes_build(self) -> bool:
        """Is the runtime stage built FROM the build stage (or is it)?"""
        return any(s is self.build_stage for s in self.runtime.lineage())

    @cached_property
    def app_image_dir(self) -> str:
        """Where the app directory lives in the build stage (best effort)."""
        st, rel = self.build_stage, self.app_rel
        for s in st.lineage():
            for instr in reversed(s.instructions):
                if instr.keyword not in ("COPY", "ADD") or flag_value(instr, "from") is not None:
                    continue
                srcs, dest = copy_parts(instr)
                if dest is None:
                    continue
                for src in srcs:
                    r = self.context.rel(unquote(src))
                    if r in ("", ".", "*"):
                        return norm_image_path(posixpath.join(resolve_in(s, instr, dest), rel))
                    if rel and r == rel:
                        return resolve_in(s, instr, dest)
        return norm_image_path(posixpath.join(stage_workdir(st, self.build_instr), rel))

    def copies_into_runtime(self):
        """(instruction, [source paths], dest image path, from-stage or None) of every
        COPY/ADD in the runtime stage's lineage below the build stage."""
        out = []
        for st in reversed(self.runtime.lineage()):
            if any(s is self.build_stage for s in st.lineage()):
                continue
            for instr in st.instructions:
                if instr.keyword not in ("COPY", "ADD"):
                    continue
                srcs, dest = copy_parts(instr)
                if dest is None:
                    continue
                frm = flag_value(instr, "from")
                out.append((instr, srcs, resolve_in(st, instr, dest), frm, st))
        return out


class NextApp:
    def __init__(self, project: Project, package_path: Path, package: dict):
        self.project = project
        self.package_path = package_path
        self.package = package
        self.dir = package_path.parent
        self.builds: list[AppBuild] = []

    def __repr__(self) -> str:
        return f"NextApp({self.project.display(self.dir)!r})"

    @property
    def name(self) -> str:
        n = self.package.get("name")
        return n if isinstance(n, str) else self.dir.name

    @property
    def scripts(self) -> dict:
        return _scripts(self.package)

    @cached_property
    def config_path(self) -> Path | None:
        from buildlint.parse.nextconfig import CONFIG_FILES

        have = {f.name: f for f in self.project.files_in(self.dir)}
        for name in CONFIG_FILES:
            if name in have:
                return have[name]
        return None

    @cached_property
    def config(self):
        """The parsed NextConfig (None without a config file)."""
        if self.config_path is None:
            return None
        from buildlint.parse import nextconfig

        path = self.config_path
        return self.project.cached("nextconfig", path,
                                   lambda: nextconfig.parse(self.project.read_bytes(path), path.name))

    def value(self, key: str):
        """The config Value of ``key`` (absent without a config file)."""
        from buildlint.parse.nextconfig import Value

        cfg = self.config
        return cfg.get(key) if cfg is not None else Value("absent")

    @property
    def output(self):
        return self.value("output")

    @property
    def is_standalone(self) -> bool:
        v = self.output
        return v.is_value and v.value == "standalone"

    @property
    def is_export(self) -> bool:
        v = self.output
        return v.is_value and v.value == "export"

    @property
    def dist_dir(self) -> str | None:
        """``distDir`` (default ``.next``); None when dynamic."""
        v = self.value("distDir")
        if v.is_dynamic:
            return None
        if v.is_value and isinstance(v.value, str) and v.value.strip():
            return posixpath.normpath(v.value.strip().lstrip("./") or ".next")
        return ".next"

    def config_location(self, key: str | None = None) -> tuple[Path, int] | None:
        """(config path, line) of ``key`` when set, else of the config object."""
        if self.config_path is None:
            return None
        if key:
            v = self.value(key)
            if v.line:
                return (self.config_path, v.line)
        return (self.config_path, (self.config.config_line if self.config else None) or 1)

    @cached_property
    def has_public(self) -> bool:
        prefix = self.dir / "public"
        if self.project.has_files_under(prefix):
            return True
        try:
            return prefix.is_dir()  # an empty directory holds no files
        except OSError:
            return False

    def lockfile(self, root: Path | None = None) -> Path | None:
        """A lockfile in the app directory or a parent up to ``root`` (a workspace root)."""
        names = set(self.project.files_named(*LOCKFILES))
        d = self.dir
        while True:
            for n in LOCKFILES:
                if d / n in names:
                    return d / n
            if root is None or d == root or d.parent == d or root not in d.parents:
                return None
            d = d.parent

    @cached_property
    def tracing_app_rel(self) -> str | None:
        """The app's path inside ``.next/standalone``: ``""`` when server.js is at its
        root, ``apps/web`` under an ``outputFileTracingRoot`` two levels up, None
        when unknown (dynamic or an absolute root)."""
        from buildlint.parse.nextconfig import PathExpr

        v = self.value("outputFileTracingRoot")
        if v.is_absent:
            return ""
        if not v.is_value:
            return None
        val = v.value
        if isinstance(val, PathExpr):
            rel = val.rel
        elif isinstance(val, str) and not val.startswith("/"):
            rel = val
        else:
            return None
        root = posixpath.normpath(posixpath.join(self.dir.as_posix(), rel))
        app = posixpath.relpath(self.dir.as_posix(), root)
        if app.startswith(".."):
            return None
        return "" if app == "." else app


# ------------------------------------------------------------------ discovery
def find_apps(project: Project) -> list[NextApp]:
    def make():
        apps = []
        for f in project.files_named("package.json"):
            pkg = read_package(project, f)
            if pkg is None or "next" not in _deps(pkg):
                continue
            apps.append(NextApp(project, f, pkg))
        _pair(project, apps)
        return apps

    return project.cached("nextapps", project.cwd, make)


def _compose_services(project: Project) -> dict[Path, list[ComposeService]]:
    """Compose services by the resolved path of the Dockerfile they build (resolved once, by the project)."""
    out: dict[Path, list[ComposeService]] = {}
    for df in project.dockerfiles:
        for cf, _parsed, svc in project.services_building(df.path):
            out.setdefault(df.path.resolve(), []).append(ComposeService(cf, svc))
    return out


def _inside(d: Path, root: Path) -> bool:
    return d == root or root in d.parents


def _pair(project: Project, apps: list[NextApp]) -> None:
    if not apps:
        return
    services = _compose_services(project)
    for df in project.dockerfiles:
        try:
            df.parsed
        except ReadError:
            continue
        bc = df.context
        root = bc.root.resolve()
        in_ctx = [a for a in apps if _inside(a.dir.resolve(), root)]
        if not in_ctx:
            continue
        root_pkg = read_package(project, bc.root / "package.json") if project.files_in(bc.root) and (
            bc.root / "package.json") in project.files_in(bc.root) else None
        commands = []
        for st in df.stages:
            for instr, script in st.runs():
                for cmd in getattr(script, "commands", ()):
                    bcmd = classify_build(cmd)
                    if bcmd is None:
                        continue
                    bcmd.instr, bcmd.stage = instr, st
                    cd = [w for c in script.commands if c.name == "cd" for w in _vals(c)[:1]]
                    bcmd.hints = bcmd.hints + tuple(cd) + (stage_workdir(st, instr),)
                    commands.append(bcmd)
        if not commands:
            continue
        text = "\n".join(i.original for i in df.parsed.instructions)
        svcs = services.get(df.path.resolve(), [])
        for app in in_ctx:
            rel = posixpath.relpath(app.dir.resolve().as_posix(), root.as_posix())
            rel = "" if rel == "." else rel
            chosen = None
            for bcmd in commands:
                if not _builds(bcmd, app, root_pkg):
                    continue
                if len(in_ctx) > 1 and not _names(bcmd, app, rel, text):
                    continue
                chosen = bcmd  # the last build wins (it produces what is copied)
            if chosen is None and len(in_ctx) > 1 and not any(_names(b, a, _rel(a, root), text)
                                                               for b in commands for a in in_ctx):
                cands = [b for b in commands if _builds(b, app, root_pkg)]
                chosen = cands[-1] if cands else None
            if chosen is not None:
                app.builds.append(AppBuild(app, df, bc, chosen, svcs))


def _rel(app: NextApp, root: Path) -> str:
    rel = posixpath.relpath(app.dir.resolve().as_posix(), root.as_posix())
    return "" if rel == "." else rel


def _builds(bcmd: BuildCommand, app: NextApp, root_pkg: dict | None) -> bool:
    if bcmd.kind in ("next", "turbo"):
        return True
    s = bcmd.script
    own = app.scripts.get(s)
    if isinstance(own, str) and (_runs_next_build(own) or _runs_turbo(own)):
        return True
    top = _scripts(root_pkg).get(s)
    return isinstance(top, str) and (_runs_next_build(top) or _runs_turbo(top) or bool(
        re.search(r"--filter|--workspace|\s-w\s|workspace\s", top)))


def _names(bcmd: BuildCommand, app: NextApp, rel: str, text: str) -> bool:
    """Does the build command (or the Dockerfile) name this app?"""
    for h in bcmd.hints:
        h = h.strip("./").rstrip("/")
        if not h:
            continue
        if h == app.name or h.lstrip("{").rstrip("}").rstrip(".") == rel or (rel and h.endswith("/" + rel)) or (
                rel and h == rel) or h.rstrip("...") == app.name:
            return True
    return bool(rel) and re.search(r"(^|[\s/=])" + re.escape(rel) + r"($|[\s/])", text) is not None


def _provide():
    from buildlint.engine.runner import provides

    @provides(NextApp)
    def _next_apps(project):
        for app in find_apps(project):
            env = {"path": app.config_path or app.package_path}
            if app.builds:
                b = app.builds[0]
                env.update(dockerfile=b.dockerfile, build_context=b.context)
            yield app, env


_provide()
