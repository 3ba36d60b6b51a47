"""Stages of a parsed Dockerfile and the questions rules ask about them.

A :class:`Stage` is a ``FROM`` and the instructions up to the next ``FROM``.
Rules never look at raw text: they ask, e.g., ``stage.is_final``,
``stage.runs()`` (RUN instructions with their parsed shell), or
``copy_sources(instr)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from buildlint.parse.dockerfile import Dockerfile, Instruction

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))")

#: Build args BuildKit defines without an ARG.
AUTOMATIC_ARGS = frozenset({
    "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
    "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
    "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
})


def expand(text: str, values: dict[str, str | None]) -> str:
    """Substitute ``$X``/``${X}``/``${X:-d}`` from ``values``; unknowns stay as written."""

    def sub(m: re.Match) -> str:
        name = m.group(1) or m.group(2)
        whole = m.group(0)
        val = values.get(name)
        if val is None:
            dm = re.match(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}", whole)
            return dm.group(1) if dm else whole
        return val

    return _VAR.sub(sub, text)


def flag_value(instr: Instruction, name: str) -> str | None:
    for f in instr.flags:
        if f.name == name:
            return f.value if f.value is not None else ""
    return None


def has_flag(instr: Instruction, name: str) -> bool:
    return any(f.name == name for f in instr.flags)


def copy_parts(instr: Instruction) -> tuple[list[str], str | None]:
    """(sources, destination) of a COPY/ADD; heredoc sources are ``<<NAME``."""
    if instr.keyword not in ("COPY", "ADD"):
        return [], None
    args = [a for a in instr.args]
    if len(args) < 2:
        return args, None
    return args[:-1], args[-1]


def copy_sources(instr: Instruction) -> list[str]:
    return copy_parts(instr)[0]


def is_context_copy(instr: Instruction) -> bool:
    """COPY/ADD that reads the build context (not ``--from``, not a heredoc or URL)."""
    return instr.keyword in ("COPY", "ADD") and not has_flag(instr, "from")


def _norm_src(src: str) -> str:
    s = src.strip()
    while s.startswith("./"):
        s = s[2:]
    return s.rstrip("/") or "."


def copies_whole_context(instr: Instruction) -> bool:
    """COPY/ADD of the context root (``.``, ``./``, ``*``, ``/`` ...)."""
    if not is_context_copy(instr):
        return False
    return any(_norm_src(s) in (".", "*", "/", "./*", "**") for s in copy_sources(instr))


@dataclass
class Stage:
    index: int
    from_instr: Instruction
    instructions: list[Instruction]  # after the FROM, up to the next FROM
    name: str | None  # as written after AS (None when absent)
    base: str  # the image as written
    base_expanded: str  # with meta ARG defaults substituted
    platform: str | None
    parent: "Stage | None" = None  # when the base is an earlier stage
    is_final: bool = False
    dockerfile: "object | None" = field(default=None, repr=False)  # DockerfileModel

    @property
    def line(self) -> int:
        return self.from_instr.start_line

    @property
    def label(self) -> str:
        return self.name or str(self.index)

    def all_instructions(self) -> list[Instruction]:
        return [self.from_instr, *self.instructions]

    def of(self, *keywords: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword in keywords]

    def lineage(self) -> tuple["Stage", ...]:
        """This stage and the stages it is built FROM, nearest first.

        Computed once per stage and cached (stages do not change after
        :func:`build_stages`); only the stages asked about are cached, so a long
        ``FROM`` chain does not store every prefix of itself."""
        cached = self.__dict__.get("_lineage")
        if cached is None:
            out, s, seen = [], self, set()
            while s is not None and s.index not in seen:
                seen.add(s.index)
                out.append(s)
                s = s.parent
            cached = self.__dict__["_lineage"] = tuple(out)
        return cached

    @property
    def lineage_root(self) -> "Stage":
        """The last stage of :meth:`lineage` (built FROM an external image), cached
        per stage and found through the parents' cached roots."""
        cached = self.__dict__.get("_root")
        if cached is not None:
            return cached
        chain, s, seen = [], self, set()
        while s is not None and s.index not in seen and s.__dict__.get("_root") is None:
            seen.add(s.index)
            chain.append(s)
            s = s.parent
        root = s.__dict__["_root"] if s is not None and s.__dict__.get("_root") is not None else chain[-1]
        for st in chain:
            st.__dict__["_root"] = root
        return root

    @property
    def base_image(self) -> str:
        """The external image at the root of the lineage (``scratch`` included)."""
        return self.lineage_root.base_expanded

    def runs(self):
        """(instruction, parsed shell Script) of every RUN in the stage."""
        for instr in self.instructions:
            if instr.keyword == "RUN":
                yield instr, self.dockerfile.shell(instr) if self.dockerfile else None


@dataclass
class StageGraph:
    meta_args: dict[str, str | None]
    stages: list[Stage]

    @cached_property
    def by_name(self) -> dict[str, Stage]:
        return {s.name.lower(): s for s in self.stages if s.name}

    def resolve(self, ref: str) -> Stage | None:
        """A ``--from``/FROM reference: a stage name or index."""
        r = ref.strip().lower()
        if r in self.by_name:
            return self.by_name[r]
        if r.isdigit() and int(r) < len(self.stages):
            return self.stages[int(r)]
        return None

    @property
    def final(self) -> Stage | None:
        return self.stages[-1] if self.stages else None


def build_stages(df: Dockerfile, model=None) -> StageGraph:
    meta: dict[str, str | None] = {}
    stages: list[Stage] = []
    current: Stage | None = None
    named: dict[str, Stage] = {}
    for instr in df.instructions:
        if instr.keyword == "FROM":
            words = list(instr.args)
            base = words[0] if words else ""
            name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
            expanded = expand(base, meta)
            current = Stage(index=len(stages), from_instr=instr, instructions=[], name=name,
                            base=base, base_expanded=expanded,
                            platform=flag_value(instr, "platform"), dockerfile=model)
            current.parent = named.get(expanded.lower())  # the last earlier stage of that name
            stages.append(current)
            if name:
                named[name.lower()] = current
        elif current is None:
            if instr.keyword == "ARG":
                for word in instr.args:
                    k, eq, v = word.partition("=")
                    meta[k] = _unquote(v) if eq else None
        else:
            current.instructions.append(instr)
    if stages:
        stages[-1].is_final = True
    return StageGraph(meta_args=meta, stages=stages)


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v
