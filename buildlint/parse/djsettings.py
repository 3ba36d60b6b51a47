"""Django settings read statically with :mod:`ast` (never imported).

:func:`parse` gives the module-level assignments of ``DEBUG``, ``SECRET_KEY``,
``ALLOWED_HOSTS`` (and every other upper-case name) with the environment
reads in their values: ``os.environ[...]``, ``os.environ.get``, ``os.getenv``,
django-environ's ``env(...)``/``env.bool(...)`` and python-decouple's
``config(...)``. :func:`evaluate` computes a value with every environment
variable unset (or set to a given string), so rules can ask "is DEBUG on by
default?" and "does ``DEBUG=False`` turn it off?".

:func:`settings_paths` finds the settings modules of a project: the
``DJANGO_SETTINGS_MODULE`` default of ``manage.py``/``wsgi.py``/``asgi.py``,
and files named ``settings.py`` or ``settings/*.py`` that assign Django
settings.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

DJANGO_NAMES = frozenset({"INSTALLED_APPS", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "ROOT_URLCONF", "DATABASES",
                          "MIDDLEWARE", "WSGI_APPLICATION"})
_TRUE_CASTS = {"bool"}


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()


class _Raises(Exception):
    """Evaluating the expression raises (``os.environ["X"]`` with X unset)."""


@dataclass
class EnvRead:
    var: str | None  # the variable name (None when not a literal)
    kind: str  # "subscript" (os.environ[..]), "get" (environ.get/getenv), "env" (django-environ), "config" (decouple)
    cast: str | None  # "bool", "int", ... when the reader converts the string; None: the raw string
    has_default: bool
    default: object  # the default's static value (UNKNOWN when not literal; None when absent)
    line: int
    column: int
    node: ast.AST = field(repr=False, default=None)

    @property
    def required(self) -> bool:
        """Raises when the variable is unset (no default)."""
        return not self.has_default and self.kind in ("subscript", "env", "config")


@dataclass
class Setting:
    name: str
    line: int
    column: int
    value: ast.AST = field(repr=False)
    text: str
    reads: list[EnvRead] = field(default_factory=list)


@dataclass
class SettingsFile:
    path: str
    settings: dict[str, Setting] = field(default_factory=dict)  # last module-level assignment wins
    star_imports: list[tuple[str, int, int]] = field(default_factory=list)  # (module, level, line)
    env_schemes: dict[str, str] = field(default_factory=dict)  # django-environ Env(VAR=(bool, ...)) casts
    error: str | None = None
    _aliases: dict = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Setting | None:
        return self.settings.get(name)

    @property
    def looks_like_django(self) -> bool:
        return bool(DJANGO_NAMES & set(self.settings)) or bool(self.star_imports)


# ------------------------------------------------------------------ reading
class _Reader:
    """Recognise environment reads given the module's imports."""

    def __init__(self, sf: SettingsFile):
        self.sf = sf
        # local name -> what it is: "os", "environ" (os.environ), "getenv", "env" (environ.Env instance),
        # "config" (decouple.config), "environ_mod" (the django-environ module)
        self.names: dict[str, str] = {"os": "os"}

    def imports(self, node) -> None:
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "os":
                    self.names[a.asname or "os"] = "os"
                elif a.name == "environ":
                    self.names[a.asname or "environ"] = "environ_mod"
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            for a in node.names:
                local = a.asname or a.name
                if mod == "os" and a.name == "environ":
                    self.names[local] = "environ"
                elif mod == "os" and a.name == "getenv":
                    self.names[local] = "getenv"
                elif mod == "decouple" and a.name == "config":
                    self.names[local] = "config"
                elif mod == "environ" and a.name == "Env":
                    self.names[local] = "Env"

    def what(self, node) -> str | None:
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.what(node.value)
            if base == "os" and node.attr == "environ":
                return "environ"
            if base == "os" and node.attr == "getenv":
                return "getenv"
            if base == "environ" and node.attr == "get":
                return "getenv"
            if base == "env" and node.attr in ("bool", "int", "float", "str", "list", "json", "tuple", "dict",
                                               "db", "db_url", "url", "path", "cache", "cache_url", "email_url",
                                               "search_url", "parse_value"):
                return "env." + node.attr
            if base == "environ_mod" and node.attr == "Env":
                return "Env"
        return None

    def read(self, node) -> EnvRead | None:
        """The EnvRead a node is, or None."""
        if isinstance(node, ast.Subscript) and self.what(node.value) == "environ":
            return EnvRead(_const_str(node.slice), "subscript", None, False, None, node.lineno,
                           node.col_offset + 1, node)
        if not isinstance(node, ast.Call):
            return None
        w = self.what(node.func)
        if w is None:
            return None
        var = _const_str(node.args[0]) if node.args else _const_str(_kw(node, "var"))
        if w == "getenv":
            d = node.args[1] if len(node.args) > 1 else _kw(node, "default")
            return EnvRead(var, "get", None, d is not None, _static(d) if d is not None else None,
                           node.lineno, node.col_offset + 1, node)
        if w == "env" or w.startswith("env."):
            d = _kw(node, "default")
            if d is None and w == "env" and len(node.args) > 2:
                d = node.args[2]
            cast = w[4:] if w.startswith("env.") else None
            if cast == "str":
                cast = None
            if w == "env":
                c = _kw(node, "cast") or (node.args[1] if len(node.args) > 1 else None)
                cast = _cast_name(c) or self.sf.env_schemes.get(var or "")
            return EnvRead(var, "env", cast, d is not None, _static(d) if d is not None else None,
                           node.lineno, node.col_offset + 1, node)
        if w == "config":
            d = _kw(node, "default")
            cast = _cast_name(_kw(node, "cast"))
            return EnvRead(var, "config", cast, d is not None, _static(d) if d is not None else None,
                           node.lineno, node.col_offset + 1, node)
        return None

    def env_instance(self, target: str, value) -> None:
        """``env = environ.Env(DEBUG=(bool, False))``: remember the name and its casts."""
        if isinstance(value, ast.Call) and self.what(value.func) == "Env":
            self.names[target] = "env"
            for kw in value.keywords:
                if kw.arg and isinstance(kw.value, ast.Tuple) and kw.value.elts:
                    c = _cast_name(kw.value.elts[0])
                    if c:
                        self.sf.env_schemes[kw.arg] = c
                elif kw.arg:
                    c = _cast_name(kw.value)
                    if c:
                        self.sf.env_schemes[kw.arg] = c


def _kw(call: ast.Call, name: str):
    for k in call.keywords:
        if k.arg == name:
            return k.value
    return None


def _cast_name(node) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Call):
        return _cast_name(node.func)
    return "custom"


def _const_str(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _static(node):
    try:
        return ast.literal_eval(node)
    except Exception:
        return UNKNOWN


#: What the settings readers report for a file ``ast`` cannot hold (no findings come from it).
TOO_DEEP = "too deeply nested to read statically"
_PARSE_ERRORS = (RecursionError, MemoryError, ValueError, SyntaxError)


def _split_lines(source: str) -> list[str]:
    """Lines with their endings, split like :func:`ast.get_source_segment` does
    (``\\r\\n``, ``\\r``, ``\\n`` only)."""
    parts = re.split(r"(\r\n|\r|\n)", source)
    lines = ["".join(parts[i:i + 2]) for i in range(0, len(parts), 2)]
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _segment(lines: list[str], node) -> str | None:
    """``ast.get_source_segment(source, node)`` from lines split once (the stdlib
    function splits the whole source on every call)."""
    try:
        if node.end_lineno is None or node.end_col_offset is None:
            return None
        lineno, end_lineno = node.lineno - 1, node.end_lineno - 1
        col, end_col = node.col_offset, node.end_col_offset
    except AttributeError:
        return None
    if not 0 <= lineno <= end_lineno < len(lines):
        return None
    if lineno == end_lineno:
        return lines[lineno].encode()[col:end_col].decode(errors="replace")
    first = lines[lineno].encode()[col:].decode(errors="replace")
    last = lines[end_lineno].encode()[:end_col].decode(errors="replace")
    return "".join([first, *lines[lineno + 1:end_lineno], last])


def parse(text: str | bytes, path: str = "settings.py") -> SettingsFile:
    """The module-level settings of a file. Never raises: a file ``ast`` cannot
    parse (a syntax error, or nesting too deep for the parser) gets ``error``
    set and no settings, so no rule reports anything from it."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    sf = SettingsFile(path=path)
    source = text.lstrip("\ufeff")
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        sf.error = f"syntax error: {exc.msg}"
        return sf
    except (RecursionError, MemoryError, ValueError) as exc:
        sf.error = TOO_DEEP if not isinstance(exc, ValueError) else f"cannot parse: {exc}"
        return sf
    try:
        _read_module(sf, tree, _split_lines(source))
    except (RecursionError, MemoryError):
        return SettingsFile(path=path, error=TOO_DEEP)
    return sf


def _read_module(sf: SettingsFile, tree, lines: list[str]) -> None:
    reader = _Reader(sf)
    sf._aliases = {"reader": reader}
    for node in _module_level(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            reader.imports(node)
            if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
                sf.star_imports.append((node.module or "", node.level, node.lineno))
            continue
        targets, value = [], None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        for t in targets:
            if isinstance(t, ast.Name):
                reader.env_instance(t.id, value)
                if t.id.isupper():
                    seg = _segment(lines, node) or t.id
                    s = Setting(t.id, node.lineno, node.col_offset + 1, value, seg)
                    for sub in ast.walk(value):
                        r = reader.read(sub)
                        if r is not None:
                            s.reads.append(r)
                    sf.settings[t.id] = s


def _module_level(body):
    """Module statements, descending into ``if``/``try`` blocks (settings often branch)."""
    for node in body:
        yield node
        if isinstance(node, ast.If):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _module_level(node.body)
            for h in node.handlers:
                yield from _module_level(h.body)
            yield from _module_level(node.orelse)
            yield from _module_level(node.finalbody)


# --------------------------------------------------------------- evaluating
def evaluate(sf: SettingsFile, node, env: dict[str, str] | None = None):
    """The value of ``node`` with the environment ``env`` (unset variables absent).

    Returns UNKNOWN when the expression is beyond this small evaluator; raises
    nothing (an expression that would raise gives UNKNOWN)."""
    try:
        return _ev(sf, node, env or {})
    except _Raises:
        return UNKNOWN
    except Exception:
        return UNKNOWN


def raises(sf: SettingsFile, node, env: dict[str, str] | None = None) -> bool:
    """Does evaluating ``node`` certainly raise (a required variable is unset)?"""
    try:
        _ev(sf, node, env or {})
    except _Raises:
        return True
    except Exception:
        return False
    return False


def _cast(value, cast: str | None):
    if value is UNKNOWN or cast is None:
        return value
    if cast == "bool":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "on", "ok", "y", "yes", "1")
        return bool(value)
    if cast == "int":
        return int(value)
    return UNKNOWN


def _ev(sf, node, env):
    reader = sf._aliases["reader"]
    r = reader.read(node)
    if r is not None:
        if r.var is None:
            return UNKNOWN
        if r.var in env:
            return _cast(env[r.var], r.cast)
        if not r.has_default:
            if r.required:
                raise _Raises()
            return None
        return r.default if r.kind == "get" else _cast(r.default, r.cast)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        vals = [_ev(sf, e, env) for e in node.elts]
        if any(v is UNKNOWN for v in vals):
            return UNKNOWN
        return tuple(vals) if isinstance(node, ast.Tuple) else vals if isinstance(node, ast.List) else set(vals)
    if isinstance(node, ast.Name):
        s = sf.settings.get(node.id)
        if s is not None and s.value is not node:
            return _ev(sf, s.value, env)
        return UNKNOWN
    if isinstance(node, ast.BoolOp):
        val = UNKNOWN
        for v in node.values:
            val = _ev(sf, v, env)
            if val is UNKNOWN:
                return UNKNOWN
            if isinstance(node.op, ast.Or) and val:
                return val
            if isinstance(node.op, ast.And) and not val:
                return val
        return val
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        v = _ev(sf, node.operand, env)
        return UNKNOWN if v is UNKNOWN else (not v)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        a = _ev(sf, node.left, env)
        b = _ev(sf, node.comparators[0], env)
        if a is UNKNOWN or b is UNKNOWN:
            return UNKNOWN
        op = node.ops[0]
        ops = {ast.Eq: lambda: a == b, ast.NotEq: lambda: a != b, ast.In: lambda: a in b,
               ast.NotIn: lambda: a not in b, ast.Is: lambda: a is b, ast.IsNot: lambda: a is not b}
        f = ops.get(type(op))
        return f() if f else UNKNOWN
    if isinstance(node, ast.IfExp):
        t = _ev(sf, node.test, env)
        if t is UNKNOWN:
            return UNKNOWN
        return _ev(sf, node.body if t else node.orelse, env)
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in ("lower", "upper", "strip", "casefold", "title") \
                and not node.args:
            v = _ev(sf, f.value, env)
            if v is None:
                raise _Raises()  # None.lower()
            return getattr(v, f.attr)() if isinstance(v, str) else UNKNOWN
        if isinstance(f, ast.Name) and f.id in ("bool", "int", "str") and len(node.args) == 1:
            v = _ev(sf, node.args[0], env)
            if v is UNKNOWN:
                return UNKNOWN
            return {"bool": bool, "int": int, "str": str}[f.id](v)
        if isinstance(f, (ast.Name, ast.Attribute)) and _cast_name(f) == "strtobool" and len(node.args) == 1:
            v = _ev(sf, node.args[0], env)
            if not isinstance(v, str):
                return UNKNOWN
            low = v.lower()
            if low in ("y", "yes", "t", "true", "on", "1"):
                return 1
            if low in ("n", "no", "f", "false", "off", "0"):
                return 0
            raise _Raises()
    return UNKNOWN


# ------------------------------------------------------------ classifying
@dataclass
class DebugInfo:
    setting: Setting
    raw: EnvRead | None = None  # the value is the environment string itself
    bool_of_string: EnvRead | None = None  # bool(<environment string>)
    default_on: bool = False  # on when the variable is unset
    false_string_on: bool = False  # DEBUG=False in the environment still turns it on
    literal: object = UNKNOWN

    @property
    def on(self) -> bool:
        """Could DEBUG be on in production: a literal True, a true default, or a raw string."""
        return self.literal is True or self.default_on or self.false_string_on


def raw_reads(sf: SettingsFile, node) -> list[EnvRead]:
    """Environment reads whose raw string *is* the value (``x or y`` included)."""
    reader = sf._aliases["reader"]
    r = reader.read(node)
    if r is not None:
        return [r] if r.cast is None else []
    if isinstance(node, ast.BoolOp):
        out = []
        for v in node.values:
            out.extend(raw_reads(sf, v))
        return out
    if isinstance(node, ast.IfExp):
        return raw_reads(sf, node.body) + raw_reads(sf, node.orelse)
    return []


def bool_of_string(sf: SettingsFile, node) -> EnvRead | None:
    """``bool(os.environ.get("X", 0))``: bool() of a raw environment string."""
    try:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "bool" \
                    and len(sub.args) == 1:
                rr = raw_reads(sf, sub.args[0])
                if rr:
                    return rr[0]
    except (RecursionError, MemoryError):
        return None  # too deeply nested to judge statically
    return None


def debug_info(sf: SettingsFile, name: str = "DEBUG") -> DebugInfo | None:
    try:
        return _debug_info(sf, name)
    except (RecursionError, MemoryError):
        return None  # too deeply nested to judge statically


def _debug_info(sf: SettingsFile, name: str) -> DebugInfo | None:
    s = sf.get(name)
    if s is None:
        return None
    info = DebugInfo(s)
    node = s.value
    if isinstance(node, ast.Constant):
        info.literal = node.value
    info.raw = next(iter(raw_reads(sf, node)), None)
    info.bool_of_string = bool_of_string(sf, node)
    unset = evaluate(sf, node, {})
    info.default_on = unset is not UNKNOWN and bool(unset)
    vars_ = {r.var for r in s.reads if r.var}
    if vars_:
        off = evaluate(sf, node, {v: "False" for v in vars_})
        info.false_string_on = off is not UNKNOWN and bool(off)
    return info


def required_vars(sf: SettingsFile, name: str) -> list[set[str]]:
    """Variables without which evaluating setting ``name`` raises, as a list of
    alternatives: ``[{A, B}]`` means "fails unless A or B is set"."""
    try:
        return _required_vars(sf, name)
    except (RecursionError, MemoryError):
        return []  # too deeply nested to judge statically


def _required_vars(sf: SettingsFile, name: str) -> list[set[str]]:
    s = sf.get(name)
    if s is None:
        return []
    needed = [r for r in s.reads if r.required and r.var]
    if not needed or not raises(sf, s.value, {}):
        return []  # evaluates (or may evaluate) with nothing set
    names = {r.var for r in s.reads if r.var}
    # the alternatives: any single variable that makes evaluation succeed
    alts = {v for v in names if not raises(sf, s.value, {v: "x"})}
    return [alts or {r.var for r in needed}]


# ------------------------------------------------------------- discovery
_SETTINGS_HOSTS = ("manage.py", "wsgi.py", "asgi.py")


def settings_module_default(text: str | bytes) -> str | None:
    """The ``DJANGO_SETTINGS_MODULE`` default a manage.py/wsgi.py sets."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    try:
        tree = ast.parse(text.lstrip("\ufeff"))
    except _PARSE_ERRORS:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "setdefault" \
                and len(node.args) == 2 and _const_str(node.args[0]) == "DJANGO_SETTINGS_MODULE":
            return _const_str(node.args[1])
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript) \
                and _const_str(node.targets[0].slice) == "DJANGO_SETTINGS_MODULE":
            return _const_str(node.value)
    return None


def module_file(root: Path, module: str) -> Path | None:
    base = root.joinpath(*module.split("."))
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def settings_paths(project) -> list[Path]:
    """Settings modules of the project, named ones first, each once (found once per project)."""
    return list(project.cached("djsettings_paths", project.cwd, lambda: _settings_paths(project)))


def _settings_paths(project) -> list[Path]:
    out: dict[Path, None] = {}
    hosts = project.files_named(*sorted(_SETTINGS_HOSTS))  # by the project's name index
    candidates = sorted(project.files_named("settings.py") + [
        f for f in project.files_in_dirs_named("settings")
        if f.name.endswith(".py") and f.name not in (".py", "__init__.py", "settings.py")])
    for f in hosts:
        try:
            mod = settings_module_default(project.read_bytes(f))
        except Exception:
            continue
        if not mod:
            continue
        for root in (f.parent, f.parent.parent):
            p = module_file(root, mod)
            if p is not None:
                out.setdefault(p, None)
                break
    for f in candidates:
        if f in out:
            continue
        try:
            sf = load(project, f)
        except Exception:
            continue
        if sf.looks_like_django:
            out.setdefault(f, None)
    return list(out)


def load(project, path: Path) -> SettingsFile:
    """The parsed settings file, once per project."""
    return project.cached("djsettings", path, lambda: parse(project.read_bytes(path), project.display(path)))


def merged(project, path: Path, _seen=None) -> dict[str, tuple[Path, SettingsFile, Setting]]:
    """Every setting in effect for module ``path``, following ``from .base import *``
    (a later assignment overrides the star import)."""
    seen = _seen or set()
    if path in seen:
        return {}
    seen.add(path)
    sf = load(project, path)
    out: dict[str, tuple[Path, SettingsFile, Setting]] = {}
    for mod, level, _line in sf.star_imports:
        target = None
        if level:
            base = path.parent
            for _ in range(level - 1):
                base = base.parent
            target = module_file(base, mod) if mod else None
        if target is not None and target.is_file():
            out.update(merged(project, target, seen))
    for name, s in sf.settings.items():
        out[name] = (path, sf, s)
    return out
