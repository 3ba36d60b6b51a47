"""The rule catalog: one Markdown document per rule under ``rules/<area>/``.

Each document starts with YAML front matter that owns the rule's metadata
(id, name, title, severity, options with defaults, aliases), followed by the
sections *What it does*, *Why is this bad?*, *Example* and *Use instead*.
The check modules own behaviour only; the two are joined by the rule id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from buildlint.engine.finding import SEVERITIES

REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)
_HEADING = re.compile(r"^(#{2,3})[ \t]+(.+?)[ \t]*$", re.M)
DOCS_URL = "https://github.com/buildlint/buildlint/blob/main/rules/{area}/{id}-{name}.md"


class CatalogError(Exception):
    pass


@dataclass(frozen=True)
class RuleMeta:
    id: str
    name: str
    title: str
    severity: str
    area: str
    path: Path
    body: str
    options: dict = field(default_factory=dict)  # name -> {"type", "default", "description"}
    aliases: tuple[str, ...] = ()
    scope: str = ""
    tags: tuple[str, ...] = ()

    @property
    def defaults(self) -> dict:
        return {k: (v.get("default") if isinstance(v, dict) else v) for k, v in self.options.items()}

    @property
    def help_uri(self) -> str:
        return DOCS_URL.format(area=self.area, id=self.id, name=self.name)

    def section(self, title: str) -> str:
        return sections(self.body).get(title, "")

    @property
    def summary(self) -> str:
        """First paragraph of *What it does*."""
        text = self.section("What it does").strip()
        return text.split("\n\n", 1)[0].replace("\n", " ") if text else self.title

    @property
    def document(self) -> str:
        return self.path.read_text(encoding="utf-8")


def sections(body: str) -> dict[str, str]:
    """Top-level (``##``) sections of a document body, by title."""
    out: dict[str, str] = {}
    heads = [m for m in _HEADING.finditer(body) if len(m.group(1)) == 2]
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
        out[m.group(2)] = body[m.end():end]
    return out


def _yaml():
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True)


def _normalise_aliases(raw) -> tuple[str, ...]:
    if raw is None:
        return ()
    if isinstance(raw, dict):
        out: list[str] = []
        for v in raw.values():
            out.extend([v] if isinstance(v, str) else list(v or []))
        return tuple(str(x) for x in out)
    if isinstance(raw, str):
        return (raw,)
    return tuple(str(x) for x in raw)


def load_document(path: Path) -> RuleMeta:
    text = path.read_text(encoding="utf-8")
    m = _FRONT.match(text)
    if not m:
        raise CatalogError(f"{path}: no YAML front matter")
    try:
        meta = _yaml().load(m.group(1)) or {}
    except Exception as exc:  # ruamel raises many types
        raise CatalogError(f"{path}: bad front matter: {exc}") from None
    for key in ("id", "name", "title", "severity"):
        if not meta.get(key):
            raise CatalogError(f"{path}: front matter lacks {key!r}")
    if meta["severity"] not in SEVERITIES:
        raise CatalogError(f"{path}: severity {meta['severity']!r} is not one of {SEVERITIES}")
    return RuleMeta(
        id=str(meta["id"]),
        name=str(meta["name"]),
        title=str(meta["title"]),
        severity=str(meta["severity"]),
        area=path.parent.name,
        path=path,
        body=text[m.end():],
        options=dict(meta.get("options") or {}),
        aliases=_normalise_aliases(meta.get("aliases")),
        scope=str(meta.get("scope") or ""),
        tags=tuple(meta.get("tags") or ()),
    )


class Catalog:
    def __init__(self, rules: list[RuleMeta]):
        self.rules = sorted(rules, key=lambda r: r.id)
        self._by_id = {r.id: r for r in self.rules}
        self._by_name = {r.name: r for r in self.rules}
        self._by_alias: dict[str, RuleMeta] = {}
        for r in self.rules:
            for a in r.aliases:
                self._by_alias.setdefault(a.lower(), r)

    def __iter__(self):
        return iter(self.rules)

    def __len__(self):
        return len(self.rules)

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._by_id

    def get(self, key: str) -> RuleMeta | None:
        """By id (``BL110``), name (``source-copied-before-install``) or alias (``DL3008``)."""
        return (self._by_id.get(key) or self._by_id.get(key.upper()) or self._by_name.get(key)
                or self._by_alias.get(key.lower()))

    def __getitem__(self, rule_id: str) -> RuleMeta:
        return self._by_id[rule_id]

    def index(self, rule_id: str) -> int:
        return [r.id for r in self.rules].index(rule_id)

    def resolve(self, selector: str) -> list[RuleMeta]:
        """Rules a ``--select``/``--ignore`` token means: an id, a name, an alias,
        an id prefix (``BL1``), an area (``context``) or ``ALL``."""
        s = selector.strip()
        if not s:
            return []
        if s.upper() == "ALL":
            return list(self.rules)
        one = self.get(s)
        if one:
            return [one]
        by_area = [r for r in self.rules if r.area == s.lower()]
        if by_area:
            return by_area
        return [r for r in self.rules if r.id.startswith(s.upper())]


def rules_dir() -> Path:
    """Where the rule documents are: inside the wheel, or the source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def _cache_file(docs: list[Path], texts: list[bytes]) -> Path | None:
    import hashlib
    import os

    from buildlint import __version__

    base = os.environ.get("BUILDLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "buildlint")
    h = hashlib.sha256(__version__.encode())
    for p, t in zip(docs, texts):
        h.update(str(p).encode("utf-8", "surrogateescape") + b"\0" + t + b"\0")
    return Path(base) / f"catalog-{h.hexdigest()[:24]}.json"


def _from_cache(path: Path | None, docs: list[Path]) -> list[RuleMeta] | None:
    import json

    if path is None:
        return None
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        by_path = {str(p): p for p in docs}
        return [RuleMeta(**{**r, "path": by_path[r["path"]], "aliases": tuple(r["aliases"]),
                            "tags": tuple(r["tags"])}) for r in rows]
    except Exception:  # a missing, stale or damaged cache is just rebuilt
        return None


def _to_cache(path: Path | None, rules: list[RuleMeta]) -> None:
    import json
    import os
    import tempfile

    if path is None:
        return
    rows = [{"id": r.id, "name": r.name, "title": r.title, "severity": r.severity, "area": r.area,
             "path": str(r.path), "body": r.body, "options": r.options, "aliases": list(r.aliases),
             "scope": r.scope, "tags": list(r.tags)} for r in rules]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".catalog-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(rows, fh)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        pass  # no cache, no harm: the documents are parsed again next time


@lru_cache(maxsize=None)
def load_catalog(root: str | None = None) -> Catalog:
    """Every rule document, parsed. Parsing YAML front matter is the slowest part
    of start-up, so the result is cached (keyed by the documents' bytes) in
    ``$BUILDLINT_CACHE_DIR`` or ``~/.cache/buildlint``; the cache is never trusted
    over the documents: any change to any of them makes a new key."""
    base = Path(root) if root else rules_dir()
    docs = sorted(base.glob("*/*.md"))
    try:
        texts = [p.read_bytes() for p in docs]
    except OSError as exc:
        raise CatalogError(f"cannot read the rule documents: {exc}") from None
    cache = _cache_file(docs, texts)
    rules = _from_cache(cache, docs)
    if rules is None:
        rules = [load_document(p) for p in docs]
        _to_cache(cache, rules)
    return Catalog(rules)
