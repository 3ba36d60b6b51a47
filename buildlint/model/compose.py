"""Compose files and their services as rule scopes.

``ComposeFileModel`` is one compose file with its role; ``ComposeService`` is
one service of it, paired with the build context and Dockerfile model the
project built from its ``build:`` (if any). Both are registered with the
runner here, so a check that names them only has to import this module.

Production or development
-------------------------
Compose deploys the base file (``compose.yaml``/``docker-compose.yml``)
merged with the override files given with ``-f``. A file's *role* comes from
its name (the part between ``compose`` and ``.yml``) and its directories:

* **development**: ``docker-compose.override.yml`` (merged automatically by
  ``docker compose up`` on a laptop) and any file or directory named with
  ``dev``, ``develop``, ``development``, ``local``, ``test``, ``tests``,
  ``testing``, ``ci``, ``example``, ``examples``, ``sample`` or ``samples`` as
  a word (``compose.dev.yaml``, ``docker-compose.local.yml``,
  ``compose.test.yaml``), and any file under a directory of the project named
  with ``dev``/``development``/``local``/``example(s)``/``sample(s)``
  (``deploy/dev/compose.yaml``; ``test`` directories do not count, as test
  data often holds production-like files);
* **production**: everything else: the base file, ``*prod*``,
  ``*production*``, ``*staging*`` and any other override
  (``compose.gpu.yaml``).

When a directory holds a base file and production overrides, a service's
deployed configuration is the merge of the two: :meth:`ComposeService.effective`
looks a key up in the service itself and then in the same service of the
production overrides beside it (for a base file) or of the base file (for an
override), so a limit set only in ``compose.prod.yaml`` counts for the base
file's service and the other way round.
"""

from __future__ import annotations

import fnmatch
import re
from functools import cached_property
from pathlib import Path

from buildlint.engine.runner import provides
from buildlint.model.project import Project, ReadError
from buildlint.parse import compose as cparse

_DEV_WORDS = {"override", "dev", "develop", "development", "local", "test", "tests", "testing", "ci",
              "example", "examples", "sample", "samples"}
_DEV_DIRS = _DEV_WORDS - {"override", "test", "tests", "testing", "ci"}

#: Image repositories (last path component) of databases, caches and brokers,
#: and the container ports they listen on.
STATEFUL_PORTS: dict[str, tuple[int, ...]] = {
    "postgres": (5432,), "postgresql": (5432,), "postgis": (5432,), "timescaledb": (5432,),
    "timescaledb-ha": (5432,), "mysql": (3306,), "mariadb": (3306,), "percona-server": (3306,),
    "percona": (3306,), "mongo": (27017,), "mongodb-community-server": (27017,), "mongodb": (27017,),
    "redis": (6379,), "redis-stack": (6379,), "redis-stack-server": (6379,), "valkey": (6379,),
    "keydb": (6379,), "dragonfly": (6379,), "memcached": (11211,), "elasticsearch": (9200, 9300),
    "opensearch": (9200, 9300), "rabbitmq": (5672, 15672), "cassandra": (9042,),
    "clickhouse-server": (8123, 9000), "cockroach": (26257,), "couchdb": (5984,), "neo4j": (7474, 7687),
    "influxdb": (8086,),
}
STATEFUL_PORT_NUMBERS = frozenset(p for ports in STATEFUL_PORTS.values() for p in ports
                                  if p not in (8123, 9000, 9200, 9300, 7474, 8086))


def file_role(path: Path, root: Path | None = None) -> str:
    """``"development"`` or ``"production"`` (see the module docstring)."""
    m = cparse.COMPOSE_NAME.match(path.name)
    middle = (m.group(2) or "").strip(".") if m else ""
    words = set(re.split(r"[._-]+", middle.lower())) if middle else set()
    if words & _DEV_WORDS:
        return "development"
    parts = path.parent.parts
    if root is not None:
        try:
            parts = path.parent.resolve().relative_to(root.resolve()).parts
        except ValueError:
            parts = ()
    for part in parts:
        if set(re.split(r"[._-]+", part.lower())) & _DEV_DIRS:
            return "development"
    return "production"


def is_base_name(path: Path) -> bool:
    m = cparse.COMPOSE_NAME.match(path.name)
    return bool(m) and not m.group(2)


def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """(repository, tag, digest) of an image reference; the repository keeps its registry."""
    ref = ref.strip()
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    last = ref.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        repo_last, tag = last.rsplit(":", 1)
        ref = ref[: len(ref) - len(last)] + repo_last
    return ref, tag, digest


def image_name(ref: str) -> str:
    """The last path component of an image's repository (``bitnami/postgresql:16`` -> ``postgresql``)."""
    return split_image(ref)[0].rsplit("/", 1)[-1].lower()


def is_stateful_image(ref: str | None) -> bool:
    return bool(ref) and image_name(ref) in STATEFUL_PORTS


class ComposeFileModel:
    """One compose file: its parse, role, services and the env files beside it."""

    def __init__(self, project: Project, path: Path):
        self.project = project
        self.path = path

    @property
    def relpath(self) -> str:
        return self.project.display(self.path)

    @cached_property
    def parsed(self) -> cparse.ComposeFile:
        """Raises ReadError when the file cannot be read."""
        return self.project.compose(self.path)

    @cached_property
    def role(self) -> str:
        return file_role(self.path, self.project.cwd)

    @property
    def is_production(self) -> bool:
        return self.role == "production"

    @cached_property
    def services(self) -> list["ComposeService"]:
        try:
            parsed = self.parsed
        except ReadError:
            return []
        return [ComposeService(self, svc) for svc in parsed.services]

    def service(self, name: str) -> "ComposeService | None":
        return next((s for s in self.services if s.name == name), None)

    @cached_property
    def siblings(self) -> list["ComposeFileModel"]:
        """The other compose files in the same directory."""
        return [compose_file(self.project, p) for p in self.project.compose_files
                if p.parent == self.path.parent and p != self.path]

    @cached_property
    def merged_with(self) -> list["ComposeFileModel"]:
        """Files deployed together with this one in production: for a base file the
        production overrides beside it; for a production override the base file(s)
        and the other production overrides; none for a development file."""
        if not self.is_production:
            return []
        return [f for f in self.siblings if f.is_production]

    def lookup(self, name: str) -> "ComposeService | None":
        """A service by name in this file or the files merged with it (any role)."""
        own = self.service(name)
        if own is not None:
            return own
        for f in self.siblings:
            s = f.service(name)
            if s is not None:
                return s
        return None

    def env_file(self, path: Path) -> list[cparse.EnvVar] | None:
        """The parsed env file, or None when it is missing or unreadable."""
        if not path.is_file():
            return None
        try:
            return self.project.cached("envfile", path, lambda: cparse.parse_env_file(self.project.read_bytes(path)))
        except ReadError:
            return None

    @cached_property
    def dotenv(self) -> Path | None:
        p = self.path.parent / ".env"
        return p if p.is_file() else None

    def is_git_ignored(self, path: Path) -> bool:
        """Approximately: does a ``.gitignore`` between the file and the repository
        root (the first directory with ``.git``, else the project root) ignore it?"""
        return _git_ignored(self.project, path)


class ComposeService:
    """One service of a compose file, with what it builds."""

    def __init__(self, file: ComposeFileModel, svc: cparse.Service):
        self.file = file
        self.svc = svc

    @property
    def name(self) -> str:
        return self.svc.name

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def line(self) -> int:
        return self.svc.line

    @property
    def image(self) -> str | None:
        return self.svc.image

    def get(self, *keys, default=None):
        return self.svc.get(*keys, default=default)

    def where(self, *keys) -> tuple[Path, int, int]:
        line, col = self.svc.where(*keys)
        return self.path, line, col

    @cached_property
    def build_context(self):
        """The BuildContext the project made from this service's ``build:``, or None."""
        b = self.svc.build
        if b is None:
            return None
        for bc in self.file.project.contexts:
            if bc.compose_path == self.path and bc.compose_line == b.line:
                return bc
        return None

    @cached_property
    def dockerfile(self):
        """The DockerfileModel of the Dockerfile this service builds, or None."""
        bc = self.build_context
        if bc is None:
            return None
        return next((d for d in self.file.project.dockerfiles if d.path == bc.dockerfile_path), None)

    @cached_property
    def partners(self) -> list["ComposeService"]:
        """The same service in the files deployed together with this one."""
        out = []
        for f in self.file.merged_with:
            s = f.service(self.name)
            if s is not None:
                out.append(s)
        return out

    def effective(self, *keys, default=None):
        """A key from this service, else from the same service in a file merged with it."""
        for s in (self, *self.partners):
            if s.svc.has(*keys):
                return s.svc.get(*keys)
        return default

    def effective_has(self, *keys) -> bool:
        return any(s.svc.has(*keys) for s in (self, *self.partners))

    def has_healthcheck(self) -> bool:
        """A healthcheck in the compose file (or a merged one), else a HEALTHCHECK in the image it builds."""
        for s in (self, *self.partners):
            if s.svc.has("healthcheck"):
                return s.svc.has_healthcheck()
        df = self.dockerfile
        if df is not None:
            try:
                final = df.final_stage
            except ReadError:
                return False
            if final is not None:
                checks = [i for st in final.lineage() for i in st.instructions if i.keyword == "HEALTHCHECK"]
                if checks:
                    last = max(checks, key=lambda i: i.start_line)
                    return not (last.args and str(last.args[0]).upper() == "NONE")
        return False

    def environment(self) -> list[cparse.EnvVar]:
        return self.svc.environment()


def compose_file(project: Project, path: Path) -> ComposeFileModel:
    return project.cached("compose-model", path, lambda: ComposeFileModel(project, path))


def compose_files(project: Project) -> list[ComposeFileModel]:
    return [compose_file(project, p) for p in project.compose_files]


def _git_ignored(project: Project, path: Path) -> bool:
    path = Path(path)
    d = path.parent
    root = project.cwd
    chain = []
    while True:
        chain.append(d)
        if (d / ".git").exists() or d == d.parent or d == root:
            break
        d = d.parent
    ignored = False
    for base in reversed(chain):  # outermost first; nearer files win
        gi = base / ".gitignore"
        if not gi.is_file():
            continue
        try:
            lines = project.read_text(gi).splitlines()
        except ReadError:
            continue
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        for raw in lines:
            pat = raw.strip()
            if not pat or pat.startswith("#"):
                continue
            neg = pat.startswith("!")
            if neg:
                pat = pat[1:]
            anchored = pat.startswith("/") or "/" in pat.rstrip("/")
            pat = pat.strip("/")
            hit = fnmatch.fnmatchcase(rel, pat) if anchored else (
                fnmatch.fnmatchcase(path.name, pat) or any(fnmatch.fnmatchcase(part, pat)
                                                             for part in rel.split("/")[:-1]))
            if hit:
                ignored = not neg
    return ignored


@provides(ComposeFileModel)
def _compose_file_models(project: Project):
    for f in compose_files(project):
        yield f, {"path": f.path}


@provides(ComposeService)
def _compose_services(project: Project):
    for f in compose_files(project):
        try:
            f.parsed
        except ReadError:
            continue  # reported by BL600
        for s in f.services:
            env = {"path": f.path}
            if s.build_context is not None:
                env["build_context"] = s.build_context
            if s.dockerfile is not None:
                env["dockerfile"] = s.dockerfile
            yield s, env
