"""The project model: one walk of the tree, each file read and parsed at most
once, and only when a rule asks.

``Project`` finds the Dockerfiles (and compose files, Next.js configs, ...),
pairs every Dockerfile with its build context and the ignore file that
applies to it, and caches every parse. Rules get the model objects, never
paths to open.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from buildlint.engine.finding import FileError

#: Directories never searched for Dockerfiles (the build-context walk is separate).
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                       ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".next",
                       ".turbo", ".cache", "site-packages", ".terraform"})
MAX_FILE_BYTES = 16 * 1024 * 1024
#: Real Dockerfiles are a few KiB; past this the rules would take seconds per file.
MAX_DOCKERFILE_BYTES = 2 * 1024 * 1024

_DOCKERFILE_NAME = re.compile(r"^(Dockerfile|Containerfile)(\..+)?$|^.+\.(Dockerfile|dockerfile|Containerfile)$")


def is_dockerfile_name(name: str) -> bool:
    if name.endswith(".dockerignore") or name.endswith(".md"):
        return False
    return bool(_DOCKERFILE_NAME.match(name))


class ReadError(Exception):
    """A file that cannot be read; ``path`` is the file when it is known."""

    def __init__(self, message: str, path: Path | None = None):
        super().__init__(message)
        self.path = path


#: Never read below these, wherever a symlink or a compose path points.
FORBIDDEN_ROOTS = (Path("/proc"), Path("/sys"), Path("/dev"))


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file, at most ``max_bytes``. FIFOs, devices, sockets and
    directories are refused before they are opened (a FIFO would block, a
    device never ends), and so is anything under /proc, /sys or /dev.
    Raises ReadError with a message for the user."""
    import stat

    path = Path(path)
    try:
        real = Path(os.path.realpath(path))
        if any(real == r or r in real.parents for r in FORBIDDEN_ROOTS):
            raise ReadError(f"resolves to {real.as_posix()}, a system path; not read")
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a directory" if stat.S_ISDIR(st.st_mode) else "a FIFO" if stat.S_ISFIFO(st.st_mode)
                    else "a socket" if stat.S_ISSOCK(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                    or stat.S_ISBLK(st.st_mode) else "not a regular file")
            raise ReadError(f"{kind}, not a regular file; not read")
        if st.st_size > max_bytes:
            raise ReadError(f"file is too large to lint ({st.st_size // (1024 * 1024)} MiB; "
                            f"the limit is {max_bytes // (1024 * 1024)} MiB)")
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ReadError(f"file is too large to lint (the limit is {max_bytes // (1024 * 1024)} MiB)")
    return data


def project_roots(cwd: Path, paths) -> list[Path]:
    """Where files may be read from: the current directory, the paths given
    (a file's directory, as named, not where a symlink points), and the
    repository (``.git``) each of them is in."""
    roots: list[Path] = []
    for p in [cwd, *paths]:
        named = Path(os.path.normpath(Path(cwd) / p))
        ap = named if os.path.isdir(named) and not os.path.islink(named) else named.parent
        ap = Path(os.path.realpath(ap))
        roots.append(ap)
        for d in [ap, *ap.parents]:
            if os.path.exists(d / ".git"):
                roots.append(d)
                break
    return sorted(set(roots))


def within(path: Path, roots) -> bool:
    """Does ``path``, symlinks resolved, lie in one of ``roots``?"""
    real = Path(os.path.realpath(path))
    return any(real == r or r in real.parents for r in roots)


def binary_reason(data: bytes) -> str | None:
    """Why these bytes are not a text file Docker would read, or None."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is UTF-16 encoded; Docker reads Dockerfiles as UTF-8 (save it as UTF-8)"
    head = data[:8192]
    if not head:
        return None
    control = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if b"\0" in head and control * 10 > len(head):
        return "binary file (it is not a Dockerfile)"
    # compressed or random data: mostly bytes that are not UTF-8 at all
    text = head.decode("utf-8", errors="replace")
    if len(head) >= 64 and text.count("\ufffd") * 20 > len(text):
        return "binary file (most of it is not UTF-8 text; it is not a Dockerfile)"
    return None


_FIRST_INSTRUCTION = re.compile(rb"^\s*(from|arg)\s", re.I)


def looks_like_dockerfile(path: Path) -> bool:
    """A file with another name is a Dockerfile when its first instruction
    (after blank lines, comments and a BOM) is FROM or ARG."""
    if path.suffix.lower() in (".md", ".txt", ".py", ".js", ".mjs", ".cjs", ".ts", ".json", ".sh",
                               ".yml", ".yaml", ".toml", ".conf", ".dockerignore"):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return True  # let the reader report why it cannot be read
    for line in head.lstrip(b"\xef\xbb\xbf").splitlines():
        if not line.strip() or line.lstrip().startswith(b"#"):
            continue
        return bool(_FIRST_INSTRUCTION.match(line))
    return False


def printable(name: str) -> str:
    """A file name that can go into any report: bytes that are not UTF-8 (kept by
    Python as lone surrogates) are shown as ``\\xNN`` instead of breaking JSON."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def ignore_file_for(root: Path, dockerfile: Path) -> Path | None:
    """The ignore file Docker reads for this build: ``<Dockerfile>.dockerignore``
    beside the Dockerfile, else ``<context>/.dockerignore``; never both."""
    specific = dockerfile.with_name(dockerfile.name + ".dockerignore")
    if os.path.lexists(specific):
        return specific  # even when it cannot be read: reading it then says why
    root_file = root / ".dockerignore"
    return root_file if os.path.lexists(root_file) else None


@dataclass
class BuildContext:
    """A build context directory, the Dockerfile built in it and the ignore
    file that applies (``<Dockerfile>.dockerignore`` beside the Dockerfile wins
    over ``<context>/.dockerignore``; the two are never merged)."""

    root: Path
    dockerfile_path: Path
    project: "Project" = field(repr=False)
    source: str = "default"  # "default" (the Dockerfile's directory) or "compose"
    compose_path: Path | None = None
    compose_line: int | None = None

    @cached_property
    def ignore_path(self) -> Path | None:
        return ignore_file_for(self.root, self.dockerfile_path)

    @cached_property
    def ignore(self):
        """The parsed ignore file (``IgnoreFile``), or None."""
        if self.ignore_path is None:
            return None
        return self.project.dockerignore(self.ignore_path)

    @cached_property
    def walk(self):
        from buildlint.model.context import walk_context

        return walk_context(self.root, self.ignore)

    def rel(self, path: str) -> str:
        """A context-relative path for a COPY source (``./a/b/`` -> ``a/b``)."""
        p = path.replace("\\", "/")
        while p.startswith("./"):
            p = p[2:]
        return p.strip("/")

    def is_sent(self, path: str) -> bool:
        return self.walk.is_sent(self.rel(path))

    def exists(self, path: str) -> bool:
        rel = self.rel(path)
        return (self.root / rel).exists() if rel else True

    @cached_property
    def sent_by_name(self) -> dict[str, list[str]]:
        """Sent files by base name (context-relative paths, in walk order)."""
        out: dict[str, list[str]] = {}
        for f in self.walk.files:
            out.setdefault(f.rsplit("/", 1)[-1], []).append(f)
        return out

    @cached_property
    def sent_dirs(self) -> list[str]:
        """Every directory that holds a sent file (context-relative, sorted, no root)."""
        seen: set[str] = set()
        for f in self.walk.files:
            d = f.rpartition("/")[0]
            while d and d not in seen:
                seen.add(d)
                d = d.rpartition("/")[0]
        return sorted(seen)

    def sent_matching(self, patterns, *, exclude=()) -> list[str]:
        """Sent files whose base name matches one of the globs (and none of ``exclude``),
        matching each distinct name once."""
        import fnmatch

        out: list[str] = []
        for name, paths in self.sent_by_name.items():
            if any(fnmatch.fnmatchcase(name, x) for x in exclude):
                continue
            if any(fnmatch.fnmatchcase(name, p) for p in patterns):
                out.extend(paths)
        return sorted(out)

    @property
    def key(self) -> tuple[str, str]:
        return (str(self.root), str(self.dockerfile_path))


class DockerfileModel:
    def __init__(self, project: "Project", path: Path, context: BuildContext):
        self.project = project
        self.path = path
        self.context = context

    @property
    def relpath(self) -> str:
        return self.project.display(self.path)

    @cached_property
    def parsed(self):
        from buildlint.parse.dockerfile import Message, parse

        data = self.project.read_bytes(self.path)
        if len(data) > MAX_DOCKERFILE_BYTES:
            raise ReadError(f"too large for a Dockerfile ({len(data) // 1024} KiB; the limit is "
                            f"{MAX_DOCKERFILE_BYTES // (1024 * 1024)} MiB); not linted", self.path)
        why = binary_reason(data)
        if why is None:
            return parse(data)
        df = parse(b"")  # an empty tree that carries the one error that matters
        df.errors[:] = [Message(line=1, message=why)]
        return df

    @cached_property
    def graph(self):
        from buildlint.model.stages import build_stages

        return build_stages(self.parsed, self)

    @property
    def stages(self):
        return self.graph.stages

    @property
    def final_stage(self):
        return self.graph.final

    @property
    def single_stage(self) -> bool:
        """Is the final image built in one stage: every stage is in the final
        stage's FROM lineage and nothing is copied ``--from`` another stage?"""
        final = self.final_stage
        if final is None:
            return False
        lineage = final.lineage()
        if len(lineage) != len(self.stages):
            return False
        from buildlint.model.stages import flag_value

        return not any(flag_value(i, "from") is not None
                       for st in lineage for i in st.instructions if i.keyword == "COPY")

    def shell(self, instr):
        """The parsed shell of a RUN/CMD/ENTRYPOINT (cached per instruction)."""
        cache = self.__dict__.setdefault("_shell_cache", {})
        key = id(instr)
        if key not in cache:
            from buildlint.parse import shell as sh

            if instr.json:
                text = " ".join(_sh_quote(a) for a in instr.args)
            else:
                text = instr.args[0] if instr.args else ""
                if instr.heredocs and text.strip().startswith("<<") and len(instr.heredocs) == 1:
                    text = instr.heredocs[0].content
                elif instr.heredocs:
                    text = text + "\n" + "".join(h.content for h in instr.heredocs)
            cache[key] = sh.parse(text)
        return cache[key]


def _sh_quote(s: str) -> str:
    return "'" + s.replace("'", "'\\''") + "'" if s and not re.match(r"^[\w@%+=:,./-]+$", s) else (s or "''")


class Project:
    """Everything buildlint knows about the paths it was asked to lint."""

    def __init__(self, paths: list[Path], *, cwd: Path | None = None, exclude: list | None = None):
        self.cwd = (cwd or Path.cwd()).resolve()
        self.paths = [Path(p) for p in paths] or [self.cwd]
        # exclude: patterns relative to the cwd, or (pattern, directory they are relative to);
        # kept as (base-name pattern, None) or (None, absolute pattern)
        from buildlint.config import absolute_pattern

        self._exclude: list[tuple[str | None, str | None]] = []
        for x in exclude or []:
            pat, base = (x, self.cwd) if isinstance(x, str) else x
            ap = absolute_pattern(pat, os.path.realpath(base))
            self._exclude.append((pat.rstrip("/"), None) if ap is None else (None, ap))
        # a PATH reached through a symlink: its files are matched by their physical path
        self._aliases: list[tuple[str, str]] = []
        self.errors: list[FileError] = []
        self._bytes: dict[Path, bytes] = {}
        self._parsed: dict[tuple[str, Path], object] = {}
        # every file the discovery walk saw (not in skipped dirs), as absolute path strings in
        # walk order; Path objects are made only for the files a rule asks about
        self._file_strs: list[str] = []
        self._explicit: set[Path] = set()
        self._walk()

    # ---------------------------------------------------------------- walking
    def _excluded(self, path: Path) -> bool:
        """Does an ``exclude`` pattern match this (absolute) path, relative to the
        pattern's directory (the cwd, or the configuration file's), or its base
        name? Directories are pruned during the walk, so what lies below an
        excluded directory is never seen; a path named on the command line is
        never excluded itself (as with ruff)."""
        if not self._exclude:
            return False
        s = os.fspath(path)
        for alias, real in self._aliases:
            if s.startswith(alias):
                s = real + s[len(alias):]
                break
        name = path.name
        for pat, ap in self._exclude:
            if fnmatch.fnmatch(name, pat) if ap is None else fnmatch.fnmatch(s, ap):
                return True
        return False

    def excluded_anywhere(self, path: Path) -> bool:
        """Is ``path``, or a directory above it below the paths given, excluded?"""
        if not self._exclude:
            return False
        p = Path(os.path.normpath(self.cwd / path))
        roots = {Path(os.path.normpath(self.cwd / r)) for r in self.paths}
        while True:
            if p in roots:
                return False
            if self._excluded(p):
                return True
            if p.parent == p:
                return False
            p = p.parent

    def _walk(self) -> None:
        seen: set[str] = set()
        excluding = bool(self._exclude)
        for p in self.paths:
            ap = (self.cwd / p) if not p.is_absolute() else p
            try:
                is_dir, is_file = ap.is_dir(), ap.is_file()
            except OSError as exc:
                self.errors.append(FileError(self.display(ap), f"cannot read: {exc.strerror or exc}", kind="read"))
                continue
            if is_file:
                ap = Path(os.path.normpath(ap.absolute()))
                if str(ap) not in seen:
                    seen.add(str(ap))
                    self._file_strs.append(str(ap))
                    self._explicit.add(ap)
                continue
            if not is_dir:
                what = "not a regular file or directory" if os.path.lexists(ap) else "no such file or directory"
                self.errors.append(FileError(self.display(ap), what, kind="read"))
                continue
            top = os.path.normpath(ap)
            real = os.path.realpath(top)
            if excluding and real != top:
                self._aliases.append((top + os.sep, real + os.sep))
            for dirpath, dirnames, filenames in os.walk(top, onerror=self._walk_error):
                if "pyvenv.cfg" in filenames and dirpath != top:
                    dirnames[:] = []
                    continue
                dirnames[:] = sorted(n for n in dirnames if n not in SKIP_DIRS and not (
                    excluding and self._excluded(Path(dirpath, n))))
                prefix = dirpath + os.sep
                for name in sorted(filenames):
                    fp = prefix + name
                    if fp in seen or (excluding and self._excluded(Path(fp))):
                        continue
                    seen.add(fp)
                    self._file_strs.append(fp)

    @cached_property
    def files(self) -> list[Path]:
        """Every file the discovery walk saw (prefer the indexes below: they make
        Path objects only for what they return)."""
        return [Path(f) for f in self._file_strs]

    def _walk_error(self, exc: OSError) -> None:
        path = getattr(exc, "filename", None) or "?"
        self.errors.append(FileError(self.display(Path(path)), f"cannot read directory: {exc.strerror or exc}",
                                     kind="read"))

    def display(self, path: Path | str) -> str:
        """A path as reports show it: relative to the cwd, ``/``-separated."""
        p = Path(path)
        if not p.is_absolute():
            p = self.cwd / p
        try:
            rel = Path(os.path.relpath(p, self.cwd)).as_posix()
        except ValueError:  # another drive
            rel = Path(os.path.normpath(p)).as_posix()
        return printable(rel)

    # ---------------------------------------------------------------- reading
    def read_bytes(self, path: Path) -> bytes:
        """The file's bytes, read once. Raises ReadError with a clear message
        (also for a file outside the project: see :meth:`inside_project`)."""
        path = Path(path)
        if path in self._bytes:
            return self._bytes[path]
        try:
            if not self.inside_project(path):
                raise ReadError(f"resolves to {Path(os.path.realpath(path)).as_posix()}, outside the project; "
                                "not read", path)
            data = read_file(path, MAX_FILE_BYTES)
        except ReadError as exc:
            # recorded here too, so a rule that skips the file cannot hide that it was not checked
            err = FileError(self.display(path), str(exc), kind="read")
            if err not in self.errors:
                self.errors.append(err)
            raise ReadError(str(exc), path) from None
        self._bytes[path] = data
        return data

    @cached_property
    def project_roots(self) -> list[Path]:
        return project_roots(self.cwd, self.paths)

    def inside_project(self, path: Path) -> bool:
        return within(self.cwd / path, self.project_roots)

    def read_text(self, path: Path) -> str:
        data = self.read_bytes(path)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        return data.decode("utf-8", errors="replace")

    def cached(self, kind: str, path: Path, make):
        key = (kind, Path(path))
        if key not in self._parsed:
            self._parsed[key] = make()
        return self._parsed[key]

    def dockerignore(self, path: Path):
        from buildlint.parse import dockerignore

        return self.cached("dockerignore", path, lambda: dockerignore.parse(self.read_bytes(path), str(path)))

    def compose(self, path: Path):
        from buildlint.parse import compose

        return self.cached("compose", path, lambda: compose.parse(self.read_bytes(path), self.display(path)))

    # --------------------------------------------------------------- indexing
    def named(self, pred) -> list[Path]:
        """Files whose base name satisfies ``pred`` (tested once per distinct name)."""
        return sorted(Path(f) for n, fs in self._by_name.items() if pred(n) for f in fs)

    @cached_property
    def _by_name(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for f in self._file_strs:
            out.setdefault(f.rpartition(os.sep)[2], []).append(f)
        return out

    @cached_property
    def _by_parent(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for f in self._file_strs:
            out.setdefault(f.rpartition(os.sep)[0], []).append(f)
        return out

    @cached_property
    def _dirs_with_files(self) -> set[str]:
        out: set[str] = set()
        for d in self._by_parent:
            while d and d not in out:
                out.add(d)
                parent = os.path.dirname(d)
                if parent == d:
                    break
                d = parent
        return out

    def files_in_dirs_named(self, dirname: str) -> list[Path]:
        """Files directly inside any directory with this base name."""
        return [Path(f) for d, fs in self._by_parent.items() if os.path.basename(d) == dirname for f in fs]

    def files_named(self, *names: str) -> list[Path]:
        """Files the discovery walk saw with one of these base names."""
        return [Path(f) for n in names for f in self._by_name.get(n, ())]

    def files_in(self, directory: Path) -> list[Path]:
        """Files directly in ``directory``."""
        return [Path(f) for f in self._by_parent.get(str(directory), ())]

    def has_files_under(self, directory: Path) -> bool:
        """Does the walk hold any file below ``directory`` (at any depth)?"""
        return str(directory) in self._dirs_with_files

    @cached_property
    def compose_files(self) -> list[Path]:
        from buildlint.parse.compose import is_compose_name

        return self.named(is_compose_name)

    @cached_property
    def dockerfile_paths(self) -> list[Path]:
        named = set(self.named(is_dockerfile_name))
        named.update(f for f in self._explicit if looks_like_dockerfile(f))
        order = {f: i for i, f in enumerate(self._file_strs)}
        return sorted(named, key=lambda f: order.get(str(f), 0))

    @property
    def unlintable(self) -> list[Path]:
        """Files named on the command line that are neither a Dockerfile nor a compose file."""
        from buildlint.parse.compose import is_compose_name

        return [f for f in sorted(self._explicit)
                if f not in self.dockerfile_paths and not is_compose_name(f.name)]

    @property
    def files_read(self) -> int:
        return len(self._bytes)

    @cached_property
    def contexts(self) -> list[BuildContext]:
        """One BuildContext per (context, Dockerfile) pair, compose first."""
        out: dict[tuple[str, str], BuildContext] = {}
        compose_named: set[Path] = set()
        self._builders: dict[Path, list] = {}
        for cf in self.compose_files:
            try:
                parsed = self.compose(cf)
            except ReadError:
                continue
            for svc in parsed.services:
                b = svc.build
                if b is None or b.dockerfile_inline:
                    continue
                from buildlint.parse.compose import is_remote_context

                if is_remote_context(b.context):
                    continue
                root = (cf.parent / b.context).resolve()
                dfp = (root / (b.dockerfile or "Dockerfile"))
                if b.dockerfile and os.path.isabs(b.dockerfile):
                    dfp = Path(b.dockerfile)
                dfp = Path(os.path.normpath(dfp))
                if self.excluded_anywhere(dfp):
                    continue
                problem = None
                if not self.inside_project(root):
                    problem = f"build context {b.context!r} is outside the project ({root.as_posix()}); not linted"
                elif not self.inside_project(dfp):
                    problem = f"dockerfile {b.dockerfile!r} is outside the project; not linted"
                elif not dfp.exists():
                    problem = None  # a missing Dockerfile is the compose rules' business
                elif not dfp.is_file():
                    problem = f"dockerfile {b.dockerfile or 'Dockerfile'!r} is not a regular file; not linted"
                if problem:
                    self.errors.append(FileError(self.display(cf), f"service {svc.name!r}: {problem}",
                                                 line=b.line, kind="read"))
                    continue
                if not dfp.is_file():
                    continue
                bc = BuildContext(root=root, dockerfile_path=self._same_path(dfp), project=self,
                                  source="compose", compose_path=cf, compose_line=b.line)
                out.setdefault(bc.key, bc)
                compose_named.add(self._same_path(dfp))
                self._builders.setdefault(self._same_path(dfp), []).append((cf, parsed, svc))
        for dfp in self.dockerfile_paths:
            if dfp in compose_named:
                continue
            bc = BuildContext(root=dfp.parent, dockerfile_path=dfp, project=self)
            out.setdefault(bc.key, bc)
        return list(out.values())

    @cached_property
    def _resolved_dockerfiles(self) -> dict[Path, Path]:
        return {f.resolve(): f for f in self.dockerfile_paths}

    def services_building(self, dockerfile: Path) -> list[tuple[Path, object, object]]:
        """(compose file, parsed ComposeFile, Service) of every compose service
        whose ``build:`` names this Dockerfile (local contexts only)."""
        self.contexts  # noqa: B018 - computes the mapping
        return list(self._builders.get(Path(dockerfile), ()))

    def _same_path(self, p: Path) -> Path:
        """Map a resolved path back onto the walk's spelling of it."""
        return self._resolved_dockerfiles.get(p.resolve(), p)

    @cached_property
    def dockerfiles(self) -> list[DockerfileModel]:
        out = []
        seen: set[Path] = set()
        for bc in self.contexts:
            if bc.dockerfile_path in seen:
                continue  # one model per Dockerfile: the first (compose) context wins
            seen.add(bc.dockerfile_path)
            out.append(DockerfileModel(self, bc.dockerfile_path, bc))
        return sorted(out, key=lambda m: m.relpath)
