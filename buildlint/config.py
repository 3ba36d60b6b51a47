"""Configuration: ``.buildlint.yaml`` / ``buildlint.yaml`` / ``.buildlint.yml`` or
``[tool.buildlint]`` in ``pyproject.toml``, found in the first PATH linted (the
current directory when none is given) or its nearest parent (stopping at a
repository root), or named with ``--config``.  As with ruff, the ``exclude`` and
``per-file-ignores`` patterns of a configuration file found that way are
relative to the directory that holds it, wherever buildlint runs from; those of
``--config FILE`` and ``--exclude`` patterns are relative to the current
directory.

Keys (all optional)::

    select: [BL1, context]        # ids, id prefixes, names, areas, aliases or ALL
    ignore: [BL110]
    exclude: ["legacy/**"]        # paths not searched for files to lint
    fail-on: warning              # exit 1 only for findings at or above this severity
    severity: {BL110: error}      # per-rule severity overrides
    rules: {BL110: {manifests: [base.txt]}}   # per-rule options
    per-file-ignores: {"tools/*.Dockerfile": [BL110]}

Any mistake (unknown key, unknown rule, wrong type) is a ConfigError: exit 2.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

from buildlint.engine.finding import SEVERITIES

CONFIG_NAMES = (".buildlint.yaml", "buildlint.yaml", ".buildlint.yml", "buildlint.yml")
KEYS = {"select", "ignore", "exclude", "fail-on", "severity", "rules", "per-file-ignores", "extend-select"}


class ConfigError(Exception):
    pass


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str = "style"
    severity: dict[str, str] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    path: Path | None = None
    base_dir: Path | None = None  # set for --config FILE: the current directory

    def enabled(self, catalog) -> list:
        chosen: dict[str, object] = {}
        for token in self.select:
            for r in _resolve(catalog, token, "select"):
                chosen[r.id] = r
        for token in self.ignore:
            for r in _resolve(catalog, token, "ignore"):
                chosen.pop(r.id, None)
        return [chosen[k] for k in sorted(chosen)]

    def options_for(self, meta) -> dict:
        opts = dict(meta.defaults)
        opts.update(self.rules.get(meta.id, {}))
        return opts

    def severity_for(self, meta) -> str:
        return self.severity.get(meta.id, meta.severity)

    @property
    def base(self) -> Path | None:
        """The directory the file's patterns are relative to (``None``: no file):
        the current directory for ``--config FILE`` (as with ruff), else the
        directory that holds the file found (not where a symlinked file points)."""
        if self.base_dir is not None:
            return self.base_dir
        return Path(os.path.realpath(self.path.absolute().parent)) if self.path is not None else None

    def file_ignored(self, rule_id: str, display_path: str, catalog, cwd: Path | None = None) -> bool:
        """Do ``per-file-ignores`` drop this finding?  ``display_path`` is relative
        to ``cwd``; a pattern with a ``/`` is a path relative to :attr:`base`, one
        without matches the base name."""
        if not self.per_file_ignores:
            return False
        full = None
        base = self.base
        if base is not None and cwd is not None:
            d, n = os.path.split(os.path.normpath(os.path.join(cwd, display_path)))
            full = os.path.join(os.path.realpath(d), n)
        name = display_path.rsplit("/", 1)[-1]
        for pattern, tokens in self.per_file_ignores.items():
            if path_pattern_matches(pattern, name, full, base, display_path):
                for t in tokens:
                    if any(r.id == rule_id for r in catalog.resolve(t)):
                        return True
        return False

    def validate(self, catalog) -> None:
        for key in ("select", "ignore"):
            for token in getattr(self, key):
                _resolve(catalog, token, f"{self._where()}{key}")
        for mapping, what in ((self.severity, "severity"), (self.rules, "rules")):
            for key in list(mapping):
                meta = catalog.get(str(key))
                if meta is None:
                    raise ConfigError(f"{self._where()}{what}: unknown rule {key!r}")
                if meta.id != key:
                    mapping[meta.id] = mapping.pop(key)
        for rid, sev in self.severity.items():
            if sev not in SEVERITIES:
                raise ConfigError(f"{self._where()}severity.{rid}: {sev!r} is not one of {', '.join(SEVERITIES)}")
        for rid, opts in self.rules.items():
            meta = catalog[rid]
            if not isinstance(opts, dict):
                raise ConfigError(f"{self._where()}rules.{rid}: expected a mapping of options")
            for name, value in opts.items():
                if name not in meta.options:
                    known = ", ".join(sorted(meta.options)) or "none"
                    raise ConfigError(f"{self._where()}rules.{rid}: unknown option {name!r} (options: {known})")
                default = meta.defaults.get(name)
                if default is not None and not _same_type(default, value):
                    raise ConfigError(f"{self._where()}rules.{rid}.{name}: expected "
                                      f"{type(default).__name__}, got {type(value).__name__}")
                if isinstance(default, (list, tuple)) and default and isinstance(value, (list, tuple)):
                    for item in value:
                        if not _same_type(default[0], item):
                            raise ConfigError(f"{self._where()}rules.{rid}.{name}: every item must be a "
                                              f"{type(default[0]).__name__}, got {item!r}")
        for pattern, tokens in self.per_file_ignores.items():
            for t in tokens:
                _resolve(catalog, t, f"{self._where()}per-file-ignores[{pattern!r}]")

    def _where(self) -> str:
        return f"{self.path}: " if self.path else ""


def absolute_pattern(pattern: str, base: Path | str) -> str | None:
    """A path pattern (``exclude``, ``per-file-ignores``) as an absolute pattern, or
    ``None`` for a base-name pattern (no ``/`` but a trailing one).  ``./``,
    ``//``, ``..`` and absolute patterns are normalised; ``*`` may cross ``/``
    (fnmatch), so ``legacy/**`` and ``legacy/*`` both cover the whole tree."""
    pat = pattern.rstrip("/")
    if "/" not in pat:
        return None
    if os.path.isabs(pat):
        return os.path.normpath(pat)
    # the base is a literal path (it may hold `[`, `*`, `?`); `..` in the pattern climbs it
    import posixpath

    base = os.path.normpath(os.fspath(base))
    rel = posixpath.normpath(pat)
    while rel == ".." or rel.startswith("../"):
        base = os.path.dirname(base)
        rel = rel[3:] or "."
    lit = "".join("[" + c + "]" if c in "*?[" else c for c in base)
    return lit if rel == "." else lit.rstrip("/") + "/" + rel


def path_pattern_matches(pattern: str, name: str, full: str | None, base, rel: str) -> bool:
    """Does ``pattern`` match a file: by base name, or as a path relative to
    ``base`` against ``full`` (its absolute, physical path); without a base,
    against ``rel``."""
    ap = absolute_pattern(pattern, base) if base is not None else None
    if ap is None:
        pat = pattern.rstrip("/")
        return fnmatch.fnmatch(name, pat) or ("/" in pat and fnmatch.fnmatch(rel, pat))
    return full is not None and fnmatch.fnmatch(full, ap)


def _same_type(default, value) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def _resolve(catalog, token, where):
    found = catalog.resolve(str(token))
    if not found:
        raise ConfigError(f"{where}: {token!r} matches no rule (see `buildlint rules`)")
    return found


def _as_list(value, key, path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    raise ConfigError(f"{path}: {key}: expected a list")


def from_mapping(data, path: Path | None = None) -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the configuration must be a mapping")
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s): {', '.join(sorted(map(str, unknown)))} "
                          f"(known: {', '.join(sorted(KEYS))})")
    cfg = Config(path=path)
    if "select" in data:
        cfg.select = _as_list(data["select"], "select", path)
        if not cfg.select:
            raise ConfigError(f"{path}: select: empty (it would run no rule); remove the key to run them all")
    cfg.select += _as_list(data.get("extend-select"), "extend-select", path)
    cfg.ignore = _as_list(data.get("ignore"), "ignore", path)
    cfg.exclude = _as_list(data.get("exclude"), "exclude", path)
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{path}: fail-on: {data['fail-on']!r} is not one of {', '.join(SEVERITIES)}")
        cfg.fail_on = data["fail-on"]
    for key, attr in (("severity", "severity"), ("rules", "rules"), ("per-file-ignores", "per_file_ignores")):
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {key}: expected a mapping")
        if key == "per-file-ignores":
            value = {str(k): _as_list(v, f"per-file-ignores[{k!r}]", path) for k, v in value.items()}
        else:
            value = {str(k): (dict(v) if isinstance(v, dict) else v) for k, v in value.items()}
        setattr(cfg, attr, value)
    return cfg


def load_file(path: Path) -> Config:
    from buildlint.model.project import ReadError, read_file

    try:
        raw = read_file(path, 1024 * 1024)
    except ReadError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if path.name == "pyproject.toml":
        try:
            import tomllib  # type: ignore[import-not-found]
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]
        try:
            data = tomllib.loads(raw.decode("utf-8", errors="replace"))
        except Exception as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
        return from_mapping(data.get("tool", {}).get("buildlint", {}), path)
    from ruamel.yaml import YAML

    try:
        text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
        data = YAML(typ="safe", pure=True).load(text)
    except Exception as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        context = getattr(exc, "context", None)
        detail = f"{context}: {problem}" if context and problem and context != problem else problem
        raise ConfigError(f"{where}: invalid YAML: {detail}") from None
    return from_mapping(data, path)


def discover(start: Path) -> Path | None:
    start = start.resolve()
    for d in [start, *start.parents]:
        for name in CONFIG_NAMES:
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if b"[tool.buildlint" in pp.read_bytes():
                    return pp
            except OSError:
                pass
        if (d / ".git").exists():
            break
    return None


def load(explicit: Path | None, start: Path, *, isolated: bool = False) -> Config:
    if isolated:
        return Config()
    if explicit is not None:
        cfg = load_file(explicit)
        cfg.base_dir = Path.cwd()  # as with ruff: patterns of --config FILE are relative to the cwd
        return cfg
    path = discover(start)
    return load_file(path) if path else Config()
