"""Shared questions of the build-context rules (BL2xx).

What a Dockerfile takes from its context: :func:`context_sources` lists every
COPY/ADD source and ``RUN --mount=type=bind`` source that reads the build
context, cleaned the way BuildKit cleans it, with ``ARG``/``ENV`` defaults
expanded when that is simple; sources that do not read the context
(``--from``, heredocs, URLs, git) are left out, and ones whose variables cannot
be expanded are marked ``unknown``.

BuildKit transfers only what the build uses: the Dockerfile frontend collects
those sources and passes them to the context transfer as ``FollowPaths``
(``dockerfile2llb``: ``filterPaths``); a source ``.`` sends the whole
(ignore-filtered) walk. :func:`Reach` answers "does this sent path reach the
build, and through which instruction".

Also here: Go ``filepath.Match`` globbing of COPY sources over the context on
disk (:func:`expand_glob`), sizes, and the root-only pattern analysis used by
both BL203 and BL202.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from functools import lru_cache

from buildlint.model.stages import expand, flag_value
from buildlint.parse.dockerignore import go_clean

_VAR = re.compile(r"\$")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_GLOB_CHARS = set("*?[\\")


# --------------------------------------------------------------------- Dockerfile
def dockerfile_of(bc):
    """The parsed DockerfileModel built in ``bc`` (None if it cannot be read)."""
    from buildlint.model.project import ReadError

    for d in bc.project.dockerfiles:
        if d.path == bc.dockerfile_path:
            try:
                d.parsed
            except ReadError:
                return None
            return d
    return None


def clean_source(src: str) -> str:
    """A COPY source as a context-relative path (``""`` is the root).

    BuildKit resolves sources inside the context: ``/app/x``, ``./app/x`` and
    ``../app/x`` all name ``app/x``.
    """
    p = go_clean("/" + src.replace("\\", "/") if not src.startswith("/") else src)
    return p.lstrip("/")


def has_glob(path: str) -> bool:
    return bool(_GLOB_CHARS & set(path))


def _stage_values(stage, before_line: int) -> dict[str, str | None]:
    """ENV of the stage's lineage and ARG defaults of the stage, before a line."""
    values: dict[str, str | None] = {}
    meta = {}
    df = stage.dockerfile
    if df is not None:
        meta = df.graph.meta_args
    for st in reversed(stage.lineage()):
        for instr in st.instructions:
            if st is stage and instr.start_line >= before_line:
                break
            if instr.keyword == "ENV":  # args are (key, value, "=" or "") triples
                words = list(instr.args)
                for i in range(0, len(words) - 1, 3):
                    values[words[i]] = _unquote(expand(words[i + 1], values))
            elif instr.keyword == "ARG" and st is stage:
                for w in instr.args:
                    k, eq, v = w.partition("=")
                    if eq:
                        values[k] = _unquote(expand(v, values))
                    else:
                        values[k] = meta.get(k)
    return values


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


@dataclass
class Source:
    instr: object  # the Instruction
    stage: object  # the Stage
    raw: str  # as written
    path: str  # context-relative, cleaned ("" = the root); "" also when unknown
    kind: str  # "path", "glob", "root", "unknown"
    via: str = "copy"  # "copy" (COPY/ADD) or "mount" (RUN --mount=type=bind)

    @property
    def shown(self) -> str:
        return self.path or "."


def _is_remote(src: str) -> bool:
    return bool(_URL.match(src)) or src.startswith("git@")


def _bind_sources(instr):
    for f in instr.flags:
        if f.name != "mount" or not f.value:
            continue
        opts = {}
        for part in f.value.split(","):
            k, eq, v = part.partition("=")
            opts[k.strip().lower()] = v.strip() if eq else ""
        kind = opts.get("type", "bind")
        if kind != "bind" or "from" in opts:
            continue
        yield opts.get("source", opts.get("src", "."))


def context_sources(df) -> list[Source]:
    """Every source of ``df`` that reads the build context, in file order."""
    out: list[Source] = []
    for stage in df.stages:
        for instr in stage.instructions:
            raws: list[tuple[str, str]] = []
            if instr.keyword in ("COPY", "ADD"):
                if flag_value(instr, "from") is not None:
                    continue
                args = list(instr.args)
                if len(args) < 2:
                    continue
                heredoc_names = {"<<" + h.name for h in instr.heredocs} | {"<<-" + h.name for h in instr.heredocs}
                for a in args[:-1]:
                    if a.startswith("<<") and (a in heredoc_names or instr.heredocs):
                        continue
                    if instr.keyword == "ADD" and _is_remote(a):
                        continue
                    raws.append((a, "copy"))
            elif instr.keyword == "RUN":
                raws = [(s, "mount") for s in _bind_sources(instr)]
            for raw, via in raws:
                text = raw
                if "$" in text:
                    text = expand(text, _stage_values(stage, instr.start_line))
                    if "$" in text:
                        out.append(Source(instr, stage, raw, "", "unknown", via))
                        continue
                p = clean_source(text)
                kind = "root" if p == "" else ("glob" if has_glob(p) else "path")
                out.append(Source(instr, stage, raw, p, kind, via))
    return out


# ----------------------------------------------------------------------- globbing
@lru_cache(maxsize=512)
def _component_re(comp: str):
    """Go ``filepath.Match`` for one path component, as a Python regex."""
    out = []
    i, n = 0, len(comp)
    while i < n:
        c = comp[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(comp[i]))
        elif c == "[":
            j = comp.find("]", i + 2 if i + 1 < n and comp[i + 1] in "^]" else i + 1)
            if j < 0:
                return None  # ErrBadPattern: BuildKit fails the COPY; not our question
            body = comp[i + 1:j]
            neg = body.startswith("^")
            if neg:
                body = body[1:]
            body = body.replace("\\", "\\\\")
            out.append("[" + ("^" if neg else "") + body + "]")
            i = j
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("^" + "".join(out) + "$", re.S)


def expand_glob(root, pattern: str, limit: int = 10000) -> list[str]:
    """Context paths on disk matching a COPY source glob (component by component)."""
    parts = pattern.split("/")
    found = [""]
    for k, comp in enumerate(parts):
        nxt = []
        if not has_glob(comp):
            for base in found:
                rel = f"{base}/{comp}" if base else comp
                if os.path.lexists(os.path.join(root, rel)):
                    nxt.append(rel)
        else:
            rx = _component_re(comp)
            if rx is None:
                return []
            for base in found:
                try:
                    names = sorted(os.listdir(os.path.join(root, base) if base else root))
                except OSError:
                    continue
                for name in names:
                    if rx.match(name):
                        rel = f"{base}/{name}" if base else name
                        if k < len(parts) - 1 and not os.path.isdir(os.path.join(root, rel)):
                            continue
                        nxt.append(rel)
                        if len(nxt) >= limit:
                            break
        found = nxt
        if not found:
            break
    return found


# ---------------------------------------------------------------------- the reach
def _under(path: str, prefix: str) -> bool:
    return prefix == "" or path == prefix or path.startswith(prefix + "/")


class Reach:
    """Which sent paths the Dockerfile's context sources take in.

    ``whole`` is the first source naming the context root (BuildKit then
    transfers the whole walk). ``through(path, strict=True)`` is the first
    source that takes ``path`` in through a directory *above* it (so an
    explicit ``COPY node_modules ./node_modules`` does not count as carrying
    node_modules in by accident).
    """

    def __init__(self, bc, df):
        self.bc = bc
        self.sources = [s for s in context_sources(df) if s.kind != "unknown"] if df else []
        self.unknown = bool(df) and any(s.kind == "unknown" for s in context_sources(df))
        self.whole = next((s for s in self.sources if s.kind == "root"), None)
        self._globs: dict[int, list[str]] = {}

    def _matches(self, s: Source) -> list[str]:
        key = id(s)
        if key not in self._globs:
            self._globs[key] = expand_glob(self.bc.root, s.path) if s.kind == "glob" else [s.path]
        return self._globs[key]

    def through(self, path: str, strict: bool = True) -> Source | None:
        for s in self.sources:
            for m in self._matches(s):
                if _under(path, m) and (not strict or m != path):
                    return s
        return None

    @property
    def everything(self) -> bool:
        return self.whole is not None


# ---------------------------------------------------------------------- locations
def first_context_copy(df):
    for s in context_sources(df) if df else ():
        if s.via == "copy":
            return s.instr
    return None


def anchor(bc, df):
    """Where a finding about the context as a whole goes: ``(path, line)``.

    The ignore file's first line when one applies, else the Dockerfile's COPY
    that takes the whole context (or its first context COPY, or line 1).
    """
    if bc.ignore_path is not None:
        return (bc.ignore_path, 1)
    rc = Reach(bc, df)
    instr = rc.whole.instr if rc.whole else first_context_copy(df)
    return (bc.dockerfile_path, instr.start_line if instr is not None else 1)


# -------------------------------------------------------------------------- sizes
def dir_table(walk) -> dict[str, tuple[int, int]]:
    """Every directory with something sent: path -> (bytes, files), cumulative."""
    return {p: (b, f) for p, b, f in walk.largest_dirs(1 << 30)}


def file_size(root, rel: str) -> int:
    try:
        return os.lstat(os.path.join(root, rel)).st_size
    except OSError:
        return 0


def human(n: int) -> str:
    """Bytes as people read them (decimal units, like ``docker build``)."""
    for unit, size in (("GB", 10 ** 9), ("MB", 10 ** 6), ("kB", 10 ** 3)):
        if n >= size:
            v = n / size
            text = f"{v:.1f}" if v < 100 else f"{v:.0f}"
            return f"{text.removesuffix('.0')} {unit}"
    return f"{n} B"


def files_and_size(nfiles: int, nbytes: int) -> str:
    return f"{nfiles} file{'' if nfiles == 1 else 's'}, {human(nbytes)}"


def listed(paths, n: int = 3) -> str:
    paths = list(paths)
    shown = ", ".join(f"`{p}`" for p in paths[:n])
    if len(paths) > n:
        shown += f" and {len(paths) - n} more"
    return shown


# ------------------------------------------------------------- root-only patterns
def base_name_pattern(text: str) -> bool:
    return "/" not in text


def root_only(bc, names) -> list[tuple[object, list[str]]]:
    """Patterns written like ``node_modules`` (no ``**/``) while sent paths of
    that name lie deeper: ``[(pattern, deeper sent paths, outermost first)]``."""
    ign = bc.ignore
    if ign is None:
        return []
    wanted = [p for p in ign.active_patterns
              if not p.negated and p.error is None and p.pattern in names and base_name_pattern(p.pattern)]
    if not wanted:
        return []
    walk = bc.walk
    dirs = dir_table(walk)
    out = []
    for p in wanted:
        deeper: list[str] = []
        for d in sorted(dirs):
            if ("/" in d and fnmatch.fnmatchcase(d.rsplit("/", 1)[1], p.pattern) and walk.dir_sent(d)
                    and not ign.excluded(d, is_dir=True)):
                if not any(_under(d, x) for x in deeper):
                    deeper.append(d)
        for f in walk.files:
            if "/" in f and fnmatch.fnmatchcase(f.rsplit("/", 1)[1], p.pattern):
                if not any(_under(f, x) for x in deeper):
                    deeper.append(f)
        if deeper:
            out.append((p, sorted(deeper)))
    return out


def cost(bc, paths) -> tuple[int, int]:
    """(bytes, files) sent under ``paths`` (directories or files)."""
    dirs = dir_table(bc.walk)
    total = files = 0
    for p in paths:
        if p in dirs:
            b, f = dirs[p]
            total += b
            files += f
        else:
            total += file_size(bc.root, p)
            files += 1
    return total, files
