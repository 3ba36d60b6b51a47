"""Static reader for ``next.config.{js,mjs,cjs,ts,mts}``.

The config file is never executed.  It is parsed with tree-sitter (the
JavaScript grammar for ``.js``/``.mjs``/``.cjs``, the TypeScript grammar for
``.ts``/``.mts``) and a small abstract interpreter walks the top-level
statements in order, tracking plain objects, string/number/boolean literals,
``const``/``let`` bindings, mutations (``cfg.output = ...``,
``Object.assign(cfg, ...)``) and exports (``export default``,
``export { x as default }``, ``module.exports = ...``).

Every value the interpreter cannot know becomes *dynamic*, with
``depends_on`` naming what it depends on (``process.env.X``, a function
parameter such as ``phase``, the text of an unknown call, ...).

Result per key (see :class:`Value`):

* ``kind="value"``   -- statically known; ``value`` is ``str``/``bool``/
  ``int``/``float``/``None`` (JS ``null``) or a :class:`PathExpr`.
* ``kind="absent"``  -- the key is certainly not set (``undefined`` counts as
  not set).
* ``kind="dynamic"`` -- depends on something only known when Next.js runs
  the file.

Path expressions
----------------
``path.join(__dirname, '../../')`` / ``path.resolve(__dirname, '..')`` /
``fileURLToPath(new URL('..', import.meta.url))`` /
``import.meta.dirname`` are returned as ``kind="value"`` whose ``value`` is a
:class:`PathExpr` ``(base, parts)``.  ``base`` is ``"__dirname"`` (the
directory holding the config file) or ``"process.cwd()"`` (``path.resolve``
of only relative pieces).  ``PathExpr.rel`` is the normalised POSIX path
relative to that base (``"../.."``); ``str(p)`` gives ``"<config dir>/../.."``.
An absolute literal piece makes the result a plain ``str``.

Wrappers
--------
A call to a function that is not defined in the file
(``withBundleAnalyzer(cfg)``, ``withSentryConfig(cfg, {...})``,
``require('x')({...})(cfg)``, ``withA(withB(cfg))``) is taken to return its
first argument that resolves to an object (or to a function config).
Functions defined in the file are interpreted with their real arguments.

Function configs
----------------
An exported function is called with every parameter dynamic (named after the
parameter).  Its return statements are collected; where they differ by
branch, a key whose values differ is dynamic, depending on the branch
condition.

:func:`parse` never raises; syntax errors (tree-sitter ERROR/MISSING nodes)
are listed in :attr:`NextConfig.errors` and what can be resolved is still
resolved.
"""

from __future__ import annotations

import pathlib
import posixpath
import threading
from dataclasses import dataclass, field

__all__ = [
    "KEYS",
    "CONFIG_FILES",
    "NextConfig",
    "PathExpr",
    "Value",
    "find_config",
    "parse",
]

#: The keys :func:`parse` reports.
KEYS: tuple[str, ...] = (
    "output",
    "outputFileTracingRoot",
    "basePath",
    "distDir",
    "assetPrefix",
    "images.unoptimized",
)

#: Lookup order.  Next.js itself uses ``next.config.js``, ``.mjs``, ``.ts``
#: then ``.mts`` (``CONFIG_FILES`` in ``next/src/shared/lib/constants.ts``);
#: Next.js does not load ``next.config.cjs``, it is only used as a last
#: resort here.
CONFIG_FILES: tuple[str, ...] = (
    "next.config.js",
    "next.config.mjs",
    "next.config.ts",
    "next.config.mts",
    "next.config.cjs",
)

_MAX_BYTES = 4 * 1024 * 1024
_MAX_ERRORS = 50
_MAX_STEPS = 2_000_000
_MAX_DEPTH = 150
_MAX_CALL_DEPTH = 12
_DEP_TEXT_MAX = 120
#: Caps on evaluated values: a longer string, a union of more alternatives, a
#: path of more pieces or an object with more properties is dynamic
#: (``depends_on="<too large>"``); all the string bytes built while reading a
#: file are budgeted too (past it the file is "too complex").
_MAX_STR = 64 * 1024
_MAX_STR_TOTAL = 16 * 1024 * 1024
_MAX_UNION = 1_000
_MAX_PARTS = 1_000
_MAX_PROPS = 10_000
_MAX_INT_BITS = 1_100  # beyond a double's range
TOO_LARGE = "<too large>"


# --------------------------------------------------------------------------
# public data types
# --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class PathExpr:
    """A path relative to the config file's directory (or the cwd).

    ``parts`` are the literal pieces as written; two PathExprs are equal when
    ``base`` and the normalised :attr:`rel` are equal.
    """

    base: str  # "__dirname" | "process.cwd()"
    parts: tuple[str, ...] = ()

    def __eq__(self, other) -> bool:
        if not isinstance(other, PathExpr):
            return NotImplemented
        return self.base == other.base and self.rel == other.rel

    def __hash__(self) -> int:
        return hash((self.base, self.rel))

    @property
    def rel(self) -> str:
        if not self.parts:
            return "."
        return posixpath.normpath(posixpath.join(*self.parts)) or "."

    def __str__(self) -> str:
        prefix = "<config dir>" if self.base == "__dirname" else "<cwd>"
        rel = self.rel
        return prefix if rel == "." else f"{prefix}/{rel}"


@dataclass(frozen=True)
class Value:
    kind: str  # "value" | "absent" | "dynamic"
    value: object = None
    depends_on: str | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    @property
    def is_value(self) -> bool:
        return self.kind == "value"

    @property
    def is_absent(self) -> bool:
        return self.kind == "absent"

    @property
    def is_dynamic(self) -> bool:
        return self.kind == "dynamic"


ABSENT = Value("absent")


@dataclass
class NextConfig:
    path: str | None
    config_line: int | None
    keys: dict[str, Value] = field(default_factory=dict)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def get(self, key: str) -> Value:
        return self.keys.get(key, ABSENT)


# --------------------------------------------------------------------------
# parsers (created lazily, once per process)
# --------------------------------------------------------------------------

_parsers: dict[str, object] = {}
_parser_lock = threading.Lock()


def _get_parser(lang: str):
    p = _parsers.get(lang)
    if p is None:
        from tree_sitter import Language, Parser

        if lang == "ts":
            import tree_sitter_typescript

            language = Language(tree_sitter_typescript.language_typescript())
        else:
            import tree_sitter_javascript

            language = Language(tree_sitter_javascript.language())
        p = Parser(language)
        _parsers[lang] = p
    return p


def _lang_for(filename: str) -> str:
    name = str(filename).lower()
    if name.endswith((".ts", ".mts", ".cts")):
        return "ts"
    return "js"


# --------------------------------------------------------------------------
# abstract values
# --------------------------------------------------------------------------


class _Undef:
    """JS ``undefined`` / a property that is not set."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "undefined"


UNDEF = _Undef()

# a variable or export slot that has no value yet
_NOTSET = object()


class Lit:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self) -> str:  # pragma: no cover
        return f"Lit({self.value!r})"


class Dyn:
    __slots__ = ("dep",)

    def __init__(self, dep: str | None):
        self.dep = dep

    def __repr__(self) -> str:  # pragma: no cover
        return f"Dyn({self.dep!r})"


class Opaque:
    """A known value we do not model (array, regex, class, ...)."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


class Prop:
    __slots__ = ("val", "node")

    def __init__(self, val, node):
        self.val = val
        self.node = node


class Obj:
    __slots__ = ("props", "rest", "node")

    def __init__(self, node=None):
        self.props: dict[str, Prop] = {}
        # (depends_on, node): unset keys may be set by an unknown spread
        self.rest: tuple[str | None, object] | None = None
        self.node = node


class Union:
    """One of several values, chosen at run time by ``dep``.

    Build them with :func:`_union`, which caps their size."""

    __slots__ = ("options", "dep", "size")

    def __init__(self, options, dep):
        self.options = options
        self.dep = dep
        self.size = sum(o.size if isinstance(o, Union) else 1 for o in options)


def _union(options, dep):
    """A Union, or a dynamic value when it would hold more than ``_MAX_UNION``
    alternatives (nested unions count in full: walking them is exponential
    otherwise, e.g. ``s = c ? s : s`` repeated)."""
    if options and all(o is options[0] for o in options):
        return options[0]  # `c ? s : s`: the one value
    u = Union(options, dep)
    if u.size > _MAX_UNION:
        return Dyn(dep or _dep_of(u) or TOO_LARGE)
    return u


def _path(base: str, parts: tuple):
    """A PathExpr, or a dynamic value when it is too large to keep."""
    if len(parts) > _MAX_PARTS or sum(len(p) for p in parts) > _MAX_STR:
        return Dyn(TOO_LARGE)
    return PathExpr(base, parts)


class Func:
    __slots__ = ("node", "scope")

    def __init__(self, node, scope):
        self.node = node
        self.scope = scope


class Wrapped:
    """Result of calling a function we know nothing about."""

    __slots__ = ("node", "args")

    def __init__(self, node, args):
        self.node = node
        self.args = args


class Builtin:
    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class _Budget(Exception):
    pass


class _Scope:
    __slots__ = ("vars", "parent")

    def __init__(self, parent=None):
        self.vars: dict[str, object] = {}
        self.parent = parent

    def lookup(self, name):
        s = self
        while s is not None:
            if name in s.vars:
                return True, s.vars[name]
            s = s.parent
        return False, None

    def assign(self, name, val) -> bool:
        s = self
        while s is not None:
            if name in s.vars:
                s.vars[name] = val
                return True
            s = s.parent
        return False


_PATH_MODULES = {"path", "node:path", "path/posix", "node:path/posix"}
_URL_MODULES = {"url", "node:url"}

_TRANSPARENT = {
    "parenthesized_expression",
    "satisfies_expression",
    "as_expression",
    "type_assertion",
    "non_null_expression",
    "await_expression",
}

#: depends_on of a value whose source has a syntax error
SYNTAX_ERROR = "<syntax error>"

# expressions that are not trusted when they contain a syntax error
_ERROR_LEAVES = {
    "string",
    "template_string",
    "number",
    "identifier",
    "binary_expression",
    "ternary_expression",
    "unary_expression",
    "member_expression",
    "subscript_expression",
}

_FUNC_TYPES = {
    "arrow_function",
    "function_expression",
    "function",
    "function_declaration",
    "generator_function",
    "generator_function_declaration",
}


def _unescape(raw: str) -> str:
    out = []
    i = 0
    n = len(raw)
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
    while i < n:
        c = raw[i]
        if c != "\\" or i + 1 >= n:
            out.append(c)
            i += 1
            continue
        d = raw[i + 1]
        if d in simple:
            out.append(simple[d])
            i += 2
        elif d == "x" and i + 3 < n + 0 and _ishex(raw[i + 2 : i + 4]):
            out.append(chr(int(raw[i + 2 : i + 4], 16)))
            i += 4
        elif d == "u":
            if i + 2 < n and raw[i + 2] == "{":
                j = raw.find("}", i + 3)
                if j > 0 and _ishex(raw[i + 3 : j]):
                    try:
                        out.append(chr(int(raw[i + 3 : j], 16)))
                    except (ValueError, OverflowError):
                        pass
                    i = j + 1
                    continue
            if _ishex(raw[i + 2 : i + 6]) and len(raw[i + 2 : i + 6]) == 4:
                out.append(chr(int(raw[i + 2 : i + 6], 16)))
                i += 6
            else:
                out.append("u")
                i += 2
        elif d in "\r\n":  # line continuation
            i += 2
            if d == "\r" and i < n and raw[i] == "\n":
                i += 1
        else:
            out.append(d)
            i += 2
    return "".join(out)


def _ishex(s: str) -> bool:
    return bool(s) and all(ch in "0123456789abcdefABCDEF" for ch in s)


def _truthy(v):
    """True/False for known values, None when unknown."""
    if isinstance(v, _Undef):
        return False
    if isinstance(v, Lit):
        x = v.value
        if x is None:
            return False
        if isinstance(x, bool):
            return x
        if isinstance(x, (int, float)):
            return x != 0 and x == x
        if isinstance(x, str):
            return x != ""
        return True
    if isinstance(v, (Obj, Func, Opaque, PathExpr, Builtin)):
        return True
    return None


def _nullish(v):
    if isinstance(v, _Undef):
        return True
    if isinstance(v, Lit):
        return v.value is None
    if isinstance(v, (Obj, Func, Opaque, PathExpr, Builtin)):
        return False
    return None


def _dep_of(v):
    if isinstance(v, Dyn):
        return v.dep
    if isinstance(v, Union):
        if v.dep:
            return v.dep
        for o in v.options:
            d = _dep_of(o)
            if d:
                return d
    return None


# --------------------------------------------------------------------------
# the interpreter
# --------------------------------------------------------------------------


class _Interp:
    def __init__(self, src: bytes, filename: str):
        self.src = src
        self.filename = filename
        self.steps = 0
        self.str_bytes = 0  # bytes of strings built so far (budgeted: _MAX_STR_TOTAL)
        self.depth = 0
        self.call_depth = 0
        self.calling: set[int] = set()
        self.cjs: object = Obj(None)  # module.exports
        self.cjs_touched = False
        self.esm = None  # value of the default export
        self.esm_set = False
        self.export_node = None
        # stack of branch conditions (depends_on) while executing
        self.cond: list[str | None] = []
        # one journal per active branch: slot key -> (getter, setter, old)
        self.journals: list[dict] = []
        # per function call: list of (value, dep) for return statements
        self.returns: list[list] = []
        self.dead: list[bool] = []

    # ---- helpers -------------------------------------------------------

    def text(self, node) -> str:
        try:
            return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")
        except Exception:  # pragma: no cover
            return ""

    def dep_text(self, node) -> str:
        t = " ".join(self.text(node).split())
        if len(t) > _DEP_TEXT_MAX:
            t = t[: _DEP_TEXT_MAX - 3] + "..."
        return t

    def tick(self):
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise _Budget()

    def lit_str(self, s: str):
        """A string value, or dynamic when longer than ``_MAX_STR``."""
        if len(s) > _MAX_STR:
            return Dyn(TOO_LARGE)
        self.str_bytes += len(s)
        if self.str_bytes > _MAX_STR_TOTAL:
            raise _Budget()
        return Lit(s)

    def cur_dep(self):
        return self.cond[-1] if self.cond else None

    @staticmethod
    def strip(node):
        """Skip parentheses, TS type wrappers and ``await``."""
        while node is not None and node.type in _TRANSPARENT:
            kids = [c for c in node.named_children if c.type != "comment"]
            if not kids:
                return node
            # `<T>expr` has the type first, every other wrapper the expression
            nxt = kids[-1] if node.type == "type_assertion" else kids[0]
            if nxt is node:
                return node
            node = nxt
        return node

    # ---- program --------------------------------------------------------

    def run(self, root):
        scope = _Scope()
        self.top = scope
        self.exec_block(root.named_children, scope)
        if self.esm_set:
            return self.esm
        if self.cjs_touched:
            return self.cjs
        return None

    def hoist(self, stmts, scope):
        for st in stmts:
            node = st
            if st.type == "export_statement":
                d = st.child_by_field_name("declaration")
                if d is None:
                    continue
                node = d
            if node.type in ("function_declaration", "generator_function_declaration"):
                name = node.child_by_field_name("name")
                if name is not None:
                    scope.vars[self.text(name)] = Func(node, scope)
            elif node.type == "variable_declaration":
                for decl in node.named_children:
                    if decl.type == "variable_declarator":
                        nm = decl.child_by_field_name("name")
                        if nm is not None and nm.type == "identifier":
                            scope.vars.setdefault(self.text(nm), UNDEF)

    def exec_block(self, stmts, scope):
        stmts = list(stmts)
        self.hoist(stmts, scope)
        for st in stmts:
            if self.dead and self.dead[-1]:
                return
            self.exec_stmt(st, scope)

    def exec_stmt(self, st, scope):
        self.tick()
        t = st.type
        if t in ("lexical_declaration", "variable_declaration"):
            for decl in st.named_children:
                if decl.type == "variable_declarator":
                    self.declare(decl, scope)
        elif t == "expression_statement":
            for c in st.named_children:
                if c.type != "comment":
                    self.eval(c, scope)
        elif t == "export_statement":
            self.exec_export(st, scope)
        elif t == "import_statement":
            self.exec_import(st, scope)
        elif t == "statement_block":
            self.exec_block(st.named_children, _Scope(scope))
        elif t == "if_statement":
            self.exec_if(st, scope)
        elif t == "return_statement":
            self.exec_return(st, scope)
        elif t == "try_statement":
            body = st.child_by_field_name("body")
            if body is not None:
                self.exec_stmt(body, scope)
            fin = st.child_by_field_name("finalizer")
            if fin is not None:
                b = fin.child_by_field_name("body")
                if b is not None:
                    self.exec_stmt(b, scope)
        elif t == "switch_statement":
            val = st.child_by_field_name("value")
            v = self.eval(val, scope) if val is not None else Dyn(None)
            dep = _dep_of(v) or (self.dep_text(val) if val is not None else None)
            body = st.child_by_field_name("body")
            if body is not None:
                branches = []
                exhaustive = False
                for case in body.named_children:
                    if case.type not in ("switch_case", "switch_default"):
                        continue
                    exhaustive = exhaustive or case.type == "switch_default"
                    branches.append(case.children_by_field_name("body"))
                self.run_branches(branches, scope, dep, exhaustive)
        elif t in (
            "for_statement",
            "for_in_statement",
            "while_statement",
            "do_statement",
        ):
            body = st.child_by_field_name("body")
            if body is not None:
                self.run_branches([[body]], scope, self.dep_text(st).split("{")[0].strip() or "loop", False)
        elif t == "labeled_statement":
            body = st.child_by_field_name("body")
            if body is not None:
                self.exec_stmt(body, scope)
        # function/class/type declarations: handled by hoisting or ignored
        elif t == "class_declaration":
            name = st.child_by_field_name("name")
            if name is not None:
                scope.vars[self.text(name)] = Opaque(self.text(name))

    # Branches.  Property writes inside a branch become a Union of the old
    # and the new value (see set_prop).  Writes to variables and to the
    # module's exports ("slots") are journaled: each branch runs on the
    # state from before the branch, and afterwards the slot gets a Union of
    # the per-branch results (plus the old value unless the branches are
    # exhaustive, as for if/else).

    def write_slot(self, key, getter, setter, new):
        if self.journals:
            j = self.journals[-1]
            if key not in j:
                j[key] = (getter, setter, getter())
        setter(new)

    def run_branches(self, branches, scope, dep, exhaustive):
        results: dict = {}
        slots: dict = {}
        n = len(branches)
        for i, stmts in enumerate(branches):
            self.cond.append(dep)
            self.dead.append(False)
            self.journals.append({})
            try:
                self.exec_block(stmts, _Scope(scope))
            finally:
                j = self.journals.pop()
                self.dead.pop()
                self.cond.pop()
                for key, (getter, setter, old) in j.items():
                    results.setdefault(key, {})[i] = getter()
                    slots.setdefault(key, (getter, setter, old))
                    setter(old)
        for key, (getter, setter, old) in slots.items():
            vals = [results[key].get(i, old) for i in range(n)]
            if not exhaustive:
                vals.append(old)
            if all(v is vals[0] for v in vals[1:]):
                joined = vals[0]
            else:
                joined = _union([UNDEF if v is _NOTSET else v for v in vals], dep)
            self.write_slot(key, getter, setter, joined)

    def exec_if(self, st, scope):
        cnode = st.child_by_field_name("condition")
        cons = st.child_by_field_name("consequence")
        alt = st.child_by_field_name("alternative")
        if alt is not None and alt.type == "else_clause":
            kids = [c for c in alt.named_children if c.type != "comment"]
            alt = kids[0] if kids else None
        cv = self.eval(cnode, scope) if cnode is not None else Dyn(None)
        tv = _truthy(cv)
        if tv is True:
            if cons is not None:
                self.exec_stmt(cons, scope)
            return
        if tv is False:
            if alt is not None:
                self.exec_stmt(alt, scope)
            return
        dep = _dep_of(cv) or (self.dep_text(self.strip(cnode)) if cnode is not None else None)
        branches = [[cons] if cons is not None else []]
        if alt is not None:
            branches.append([alt])
        self.run_branches(branches, scope, dep, alt is not None)

    def exec_return(self, st, scope):
        if not self.returns:
            return
        kids = [c for c in st.named_children if c.type != "comment"]
        v = self.eval(kids[0], scope) if kids else UNDEF
        # inside a call the condition stack only holds the function's own
        # branches (see call_func)
        self.returns[-1].append((v, self.cur_dep()))
        # the rest of this block (or branch) is unreachable
        self.dead[-1] = True

    # ---- declarations / imports / exports -------------------------------

    def declare(self, decl, scope):
        name = decl.child_by_field_name("name")
        value = decl.child_by_field_name("value")
        v = self.eval(value, scope) if value is not None else UNDEF
        if name is None:
            return
        self.bind_pattern(name, v, scope)

    def bind_pattern(self, pat, v, scope):
        t = pat.type
        if t == "identifier":
            scope.vars[self.text(pat)] = v
        elif t == "object_pattern":
            for c in pat.named_children:
                if c.type == "shorthand_property_identifier_pattern":
                    k = self.text(c)
                    scope.vars[k] = self.member(v, k, c)
                elif c.type == "pair_pattern":
                    key = c.child_by_field_name("key")
                    val = c.child_by_field_name("value")
                    if key is None or val is None:
                        continue
                    k = self.prop_key(key, scope)
                    sub = self.member(v, k, c) if k is not None else Dyn(self.dep_text(c))
                    self.bind_pattern(val, sub, scope)
                elif c.type == "object_assignment_pattern":
                    # const { a = 'x' } = obj
                    left = c.child_by_field_name("left")
                    right = c.child_by_field_name("right")
                    if left is None:
                        continue
                    if left.type == "shorthand_property_identifier_pattern":
                        k = self.text(left)
                        sub = self.member(v, k, c)
                        if isinstance(sub, _Undef) and right is not None:
                            sub = self.eval(right, scope)
                        scope.vars[k] = sub
                    else:
                        self.bind_all_dynamic(left, scope)
                elif c.type == "rest_pattern":
                    for id_ in c.named_children:
                        if id_.type == "identifier":
                            scope.vars[self.text(id_)] = Dyn(self.dep_text(c))
        elif t == "shorthand_property_identifier_pattern":
            scope.vars[self.text(pat)] = v
        elif t == "assignment_pattern":
            left = pat.child_by_field_name("left")
            right = pat.child_by_field_name("right")
            if isinstance(v, _Undef) and right is not None:
                v = self.eval(right, scope)
            if left is not None:
                self.bind_pattern(left, v, scope)
        else:
            # array patterns, rest patterns: bind every identifier as dynamic
            self.bind_all_dynamic(pat, scope)

    def bind_all_dynamic(self, pat, scope):
        stack = [pat]
        while stack:
            n = stack.pop()
            if n.type in ("identifier", "shorthand_property_identifier_pattern"):
                scope.vars[self.text(n)] = Dyn(self.text(n))
            else:
                stack.extend(n.named_children)

    def exec_import(self, st, scope):
        source = st.child_by_field_name("source")
        src = self.string_value(source) if source is not None else None
        for c in st.named_children:
            if c.type == "import_require_clause":  # TS: import x = require('y')
                ids = [k for k in c.named_children if k.type == "identifier"]
                s = c.child_by_field_name("source")
                s = self.string_value(s) if s is not None else None
                if ids:
                    scope.vars[self.text(ids[0])] = self.module_value(s, self.text(ids[0]))
            if c.type != "import_clause":
                continue
            for part in c.named_children:
                if part.type == "identifier":
                    nm = self.text(part)
                    scope.vars[nm] = self.module_value(src, nm)
                elif part.type == "namespace_import":
                    for k in part.named_children:
                        if k.type == "identifier":
                            nm = self.text(k)
                            scope.vars[nm] = self.module_value(src, nm)
                elif part.type == "named_imports":
                    for spec in part.named_children:
                        if spec.type != "import_specifier":
                            continue
                        name = spec.child_by_field_name("name")
                        alias = spec.child_by_field_name("alias")
                        if name is None:
                            continue
                        local = self.text(alias if alias is not None else name)
                        mod = self.module_value(src, local)
                        if isinstance(mod, Builtin):
                            scope.vars[local] = self.member(mod, self.text(name), spec)
                        else:
                            scope.vars[local] = Dyn(local)

    def module_value(self, src, local):
        if src in _PATH_MODULES:
            return Builtin("path")
        if src in _URL_MODULES:
            return Builtin("url")
        return Dyn(local)

    def exec_export(self, st, scope):
        decl = st.child_by_field_name("declaration")
        value = st.child_by_field_name("value")
        is_default = any(c.type == "default" for c in st.children)
        if decl is not None:
            if decl.type in ("lexical_declaration", "variable_declaration"):
                self.exec_stmt(decl, scope)
            elif is_default and decl.type in _FUNC_TYPES:
                self.set_esm(Func(decl, scope), st)
            elif decl.type == "class_declaration":
                self.exec_stmt(decl, scope)
            return
        if value is not None:
            if is_default:
                self.set_esm(self.eval(value, scope), st)
            return
        source = st.child_by_field_name("source")
        for c in st.named_children:
            if c.type == "export_clause":
                for spec in c.named_children:
                    if spec.type != "export_specifier":
                        continue
                    name = spec.child_by_field_name("name")
                    alias = spec.child_by_field_name("alias")
                    exported = self.text(alias if alias is not None else name) if name is not None else ""
                    if exported != "default" or name is None:
                        continue
                    if source is not None:
                        self.set_esm(Dyn(self.dep_text(st)), st)
                    else:
                        self.set_esm(self.eval(name, scope), st)
            elif c.type in ("identifier", "object", "call_expression") and not is_default:
                # TS: export = cfg
                if any(ch.type == "=" for ch in st.children):
                    self.set_esm(self.eval(c, scope), st)

    def _get_esm(self):
        return self.esm if self.esm_set else _NOTSET

    def _set_esm(self, v):
        if v is _NOTSET:
            self.esm, self.esm_set = None, False
        else:
            self.esm, self.esm_set = v, True

    def _get_cjs(self):
        return self.cjs

    def _set_cjs(self, v):
        self.cjs = v

    def set_esm(self, v, node):
        self.write_slot("esm", self._get_esm, self._set_esm, v)
        if self.export_node is None:
            self.export_node = node

    # ---- expressions ----------------------------------------------------

    def string_value(self, node):
        if node is None:
            return None
        if node.type == "string":
            raw = self.text(node)
            return _unescape(raw[1:-1]) if len(raw) >= 2 else ""
        return None

    def eval(self, node, scope):
        self.tick()
        if node is None:
            return UNDEF
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                return Dyn(self.dep_text(node))
            return self._eval(node, scope)
        finally:
            self.depth -= 1

    def _eval(self, node, scope):
        t = node.type
        if node.is_missing or t == "ERROR" or (node.has_error and t in _ERROR_LEAVES):
            return Dyn(SYNTAX_ERROR)
        if t in _TRANSPARENT:
            inner = self.strip(node)
            if inner is node:
                return Dyn(self.dep_text(node))
            return self.eval(inner, scope)
        if t == "string":
            return Lit(self.string_value(node))
        if t == "template_string":
            return self.eval_template(node, scope)
        if t == "number":
            return Lit(self.number(node))
        if t == "true":
            return Lit(True)
        if t == "false":
            return Lit(False)
        if t == "null":
            return Lit(None)
        if t == "undefined":
            return UNDEF
        if t == "identifier":
            return self.eval_ident(node, scope)
        if t == "object":
            return self.eval_object(node, scope)
        if t in ("arrow_function", "function_expression", "function", "generator_function"):
            return Func(node, scope)
        if t == "member_expression":
            return self.eval_member(node, scope)
        if t == "subscript_expression":
            obj = node.child_by_field_name("object")
            idx = node.child_by_field_name("index")
            ov = self.eval(obj, scope)
            iv = self.eval(idx, scope)
            if isinstance(iv, Lit) and isinstance(iv.value, (str, int)) and not isinstance(iv.value, bool):
                return self.member(ov, str(iv.value), node)
            return Dyn(_dep_of(ov) or self.dep_text(node))
        if t == "call_expression":
            return self.eval_call(node, scope)
        if t == "new_expression":
            return self.eval_new(node, scope)
        if t == "ternary_expression":
            return self.eval_ternary(node, scope)
        if t == "binary_expression":
            return self.eval_binary(node, scope)
        if t == "unary_expression":
            return self.eval_unary(node, scope)
        if t == "assignment_expression":
            return self.eval_assign(node, scope)
        if t == "augmented_assignment_expression":
            return self.eval_augassign(node, scope)
        if t == "sequence_expression":
            v = UNDEF
            for c in node.named_children:
                if c.type != "comment":
                    v = self.eval(c, scope)
            return v
        if t in ("array", "regex", "class"):
            return Opaque(self.dep_text(node))
        if t == "meta_property":
            return Builtin("import.meta")
        if t == "this":
            return Dyn("this")
        return Dyn(self.dep_text(node))

    def number(self, node):
        s = self.text(node).replace("_", "")
        try:
            low = s.lower()
            if low.startswith("0x"):
                return int(s[2:], 16)
            if low.startswith("0o"):
                return int(s[2:], 8)
            if low.startswith("0b"):
                return int(s[2:], 2)
            if low.endswith("n"):
                return int(s[:-1])
            f = float(s)
            if f.is_integer() and "e" not in low and "." not in s:
                return int(s)
            return f
        except (ValueError, OverflowError):
            return s

    def eval_template(self, node, scope):
        parts = []
        size = 0
        for c in node.named_children:
            if c.type == "string_fragment":
                parts.append(self.text(c))
            elif c.type == "escape_sequence":
                parts.append(_unescape(self.text(c)))
            elif c.type == "template_substitution":
                kids = [k for k in c.named_children if k.type != "comment"]
                v = self.eval(kids[0], scope) if kids else UNDEF
                s = self.to_str(v)
                if s is None:
                    return Dyn(_dep_of(v) or self.dep_text(node))
                size += len(s)
                if size > _MAX_STR:
                    return Dyn(TOO_LARGE)
                parts.append(s)
        return self.lit_str("".join(parts))

    @staticmethod
    def to_str(v):
        if isinstance(v, Lit):
            x = v.value
            if x is None:
                return "null"
            if isinstance(x, bool):
                return "true" if x else "false"
            if isinstance(x, float) and x.is_integer():
                return str(int(x))
            return str(x)
        if isinstance(v, _Undef):
            return "undefined"
        return None

    def eval_ident(self, node, scope):
        name = self.text(node)
        found, v = scope.lookup(name)
        if found:
            return v
        if name == "undefined":
            return UNDEF
        if name == "__dirname":
            return PathExpr("__dirname", ())
        if name == "__filename":
            return PathExpr("__dirname", (posixpath.basename(self.filename) or "next.config.js",))
        if name in ("NaN",):
            return Lit(float("nan"))
        if name == "Infinity":
            return Lit(float("inf"))
        if name in ("process", "Object", "require", "path", "module", "exports", "JSON", "Promise"):
            if name == "module":
                return Builtin("module")
            return Builtin(name)
        return Dyn(name)

    def prop_key(self, key, scope):
        t = key.type
        if t in ("property_identifier", "identifier", "private_property_identifier"):
            return self.text(key)
        if t == "string":
            return self.string_value(key)
        if t == "number":
            n = self.number(key)
            return str(n)
        if t == "computed_property_name":
            kids = [k for k in key.named_children if k.type != "comment"]
            if not kids:
                return None
            v = self.eval(kids[0], scope)
            s = self.to_str(v)
            return s
        return None

    def eval_object(self, node, scope):
        obj = Obj(node)
        for c in node.named_children:
            t = c.type
            if t == "pair":
                key = c.child_by_field_name("key")
                val = c.child_by_field_name("value")
                k = self.prop_key(key, scope) if key is not None else None
                if c.has_error:
                    # e.g. a missing comma: tree-sitter's recovery may
                    # attach the next property's value to this key
                    v = Dyn(SYNTAX_ERROR)
                else:
                    v = self.eval(val, scope) if val is not None else UNDEF
                if k is None:
                    # unknown computed key: it may override anything
                    obj.props.clear()
                    obj.rest = (self.dep_text(key) if key is not None else None, c)
                else:
                    obj.props.pop(k, None)
                    obj.props[k] = Prop(v, c)
                    if len(obj.props) > _MAX_PROPS:
                        raise _Budget()
            elif t == "shorthand_property_identifier":
                k = self.text(c)
                obj.props.pop(k, None)
                obj.props[k] = Prop(self.eval_ident(c, scope), c)
            elif t == "spread_element":
                kids = [k for k in c.named_children if k.type != "comment"]
                v = self.eval(kids[0], scope) if kids else UNDEF
                self.merge_into(obj, v, c, conditional=None)
            elif t == "method_definition":
                name = c.child_by_field_name("name")
                if name is not None:
                    k = self.prop_key(name, scope)
                    is_accessor = any(ch.type in ("get", "set") for ch in c.children)
                    if k is not None:
                        obj.props.pop(k, None)
                        obj.props[k] = Prop(Dyn(self.dep_text(name)) if is_accessor else Func(c, scope), c)
        return obj

    def view(self, v, node):
        """(props dict, rest) of a value used as an object source."""
        v = self.resolve_obj(v)
        if isinstance(v, Obj):
            return v.props, v.rest
        if isinstance(v, Union):
            keys: list[str] = []
            views = []
            rest = None
            for o in v.options:
                p, r = self.view(o, node)
                views.append((p, r))
                if r is not None and rest is None:
                    rest = (v.dep or r[0], r[1])
                for k in p:
                    if k not in keys:
                        keys.append(k)
            props = {}
            for k in keys:
                opts = []
                loc = None
                for p, r in views:
                    if k in p:
                        opts.append(p[k].val)
                        loc = loc or p[k].node
                    elif r is not None:
                        opts.append(Dyn(r[0]))
                    else:
                        opts.append(UNDEF)
                props[k] = Prop(_union(opts, v.dep), loc)
            return props, rest
        if isinstance(v, (Lit, _Undef)):
            return {}, None
        if isinstance(v, (Func, Builtin)):
            return {}, None
        return {}, (_dep_of(v) or self.dep_text(node), node)

    def merge_into(self, obj: Obj, v, node, conditional):
        props, rest = self.view(v, node)
        if conditional is not None:
            if rest is not None:
                for k, p in list(obj.props.items()):
                    obj.props[k] = Prop(_union([p.val, Dyn(rest[0])], conditional), p.node)
                if obj.rest is None:
                    obj.rest = (conditional, node)
            for k, p in props.items():
                self.set_prop(obj, k, p.val, p.node, conditional)
            return
        if rest is not None:
            obj.props.clear()
            obj.rest = rest
        for k, p in props.items():
            obj.props.pop(k, None)
            obj.props[k] = Prop(p.val, p.node)
        if len(obj.props) > _MAX_PROPS:
            raise _Budget()

    def set_prop(self, obj: Obj, key, val, node, dep):
        if key not in obj.props and len(obj.props) >= _MAX_PROPS:
            raise _Budget()
        if dep is not None:
            old = obj.props.get(key)
            if old is not None:
                oldv = old.val
            elif obj.rest is not None:
                oldv = Dyn(obj.rest[0])
            else:
                oldv = UNDEF
            val = _union([oldv, val], dep)
        obj.props.pop(key, None)
        obj.props[key] = Prop(val, node)

    def resolve_obj(self, v, _seen=None):
        """Unwrap unknown-wrapper calls to the object they wrap."""
        if isinstance(v, Wrapped):
            seen = _seen or set()
            if id(v) in seen:
                return Dyn(self.dep_text(v.node))
            seen.add(id(v))
            for a in v.args:
                r = self.resolve_obj(a, seen)
                if isinstance(r, (Obj, Func)):
                    return r
                if isinstance(r, Union) and any(isinstance(o, (Obj, Func)) for o in r.options):
                    return r
                if isinstance(r, Dyn):
                    # an unknown value where the config would be: the
                    # wrapped config is unknown too
                    return Dyn(r.dep or self.dep_text(v.node))
            return Dyn(self.dep_text(v.node))
        if isinstance(v, Union):
            opts = [self.resolve_obj(o, _seen) for o in v.options]
            return _union(opts, v.dep)
        return v

    def member(self, ov, key, node):
        if key is None:
            return Dyn(self.dep_text(node))
        if isinstance(ov, Builtin):
            return self.builtin_member(ov, key, node)
        ov = self.resolve_obj(ov)
        if isinstance(ov, Obj):
            p = ov.props.get(key)
            if p is not None:
                return p.val
            if ov.rest is not None:
                return Dyn(ov.rest[0])
            return UNDEF
        if isinstance(ov, Union):
            return _union([self.member(o, key, node) for o in ov.options], ov.dep)
        if isinstance(ov, Lit):
            if isinstance(ov.value, str) and key == "length":
                return Lit(len(ov.value))
            return UNDEF if ov.value is not None else Dyn(self.dep_text(node))
        if isinstance(ov, Dyn):
            return Dyn(ov.dep)
        if isinstance(ov, _Undef):
            return Dyn(self.dep_text(node))
        return Dyn(self.dep_text(node))

    def builtin_member(self, b, key, node):
        n = b.name
        if n == "process" and key == "env":
            return Builtin("process.env")
        if n == "process.env":
            return Dyn(f"process.env.{key}")
        if n == "import.meta":
            if key == "dirname":
                return PathExpr("__dirname", ())
            if key in ("url", "filename"):
                return PathExpr("__dirname", (posixpath.basename(self.filename) or "next.config.mjs",))
            return Dyn(f"import.meta.{key}")
        if n == "module" and key == "exports":
            return self.cjs
        if n == "exports":
            return self.member(self.cjs, key, node)
        if n == "path" and key in ("join", "resolve", "dirname", "basename", "normalize", "posix"):
            return Builtin("path" if key == "posix" else f"path.{key}")
        if n == "url" and key == "fileURLToPath":
            return Builtin("url.fileURLToPath")
        if n == "Object" and key in ("assign", "freeze"):
            return Builtin(f"Object.{key}")
        return Dyn(f"{n}.{key}")

    def eval_member(self, node, scope):
        obj = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        ov = self.eval(obj, scope)
        key = self.text(prop) if prop is not None else None
        return self.member(ov, key, node)

    def eval_ternary(self, node, scope):
        c = node.child_by_field_name("condition")
        a = node.child_by_field_name("consequence")
        b = node.child_by_field_name("alternative")
        cv = self.eval(c, scope)
        tv = _truthy(cv)
        if tv is True:
            return self.eval(a, scope)
        if tv is False:
            return self.eval(b, scope)
        dep = _dep_of(cv) or self.dep_text(self.strip(c))
        return _union([self.eval(a, scope), self.eval(b, scope)], dep)

    def eval_binary(self, node, scope):
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        ln = node.child_by_field_name("left")
        rn = node.child_by_field_name("right")
        lv = self.eval(ln, scope)
        if op in ("||", "&&", "??"):
            if op == "||":
                tv = _truthy(lv)
                if tv is True:
                    return lv
                if tv is False:
                    return self.eval(rn, scope)
            elif op == "&&":
                tv = _truthy(lv)
                if tv is False:
                    return lv
                if tv is True:
                    return self.eval(rn, scope)
            else:
                nv = _nullish(lv)
                if nv is False:
                    return lv
                if nv is True:
                    return self.eval(rn, scope)
            rv = self.eval(rn, scope)
            dep = _dep_of(lv) or self.dep_text(self.strip(ln))
            if op == "&&":
                # falsy left: usually undefined/false, i.e. "not set"
                return _union([UNDEF, rv], dep)
            return Dyn(dep)
        rv = self.eval(rn, scope)
        if isinstance(lv, (Lit, _Undef)) and isinstance(rv, (Lit, _Undef)):
            r = self.binop(op, lv, rv)
            if r is not None:
                return r
        if op == "+" and isinstance(lv, PathExpr) and isinstance(rv, Lit) and isinstance(rv.value, str):
            # __dirname + '/../..'
            return _path(lv.base, lv.parts + (rv.value.lstrip("/") or ".",)) if rv.value.startswith("/") else Dyn(self.dep_text(node))
        return Dyn(_dep_of(lv) or _dep_of(rv) or self.dep_text(node))

    def binop(self, op, lv, rv):
        a = None if isinstance(lv, _Undef) else lv.value
        b = None if isinstance(rv, _Undef) else rv.value
        au = isinstance(lv, _Undef)
        bu = isinstance(rv, _Undef)
        try:
            if op in ("===", "!=="):
                same = (au and bu) or (
                    not au and not bu and type(a) is type(b) and a == b
                ) or (
                    not au and not bu and isinstance(a, (int, float)) and isinstance(b, (int, float))
                    and not isinstance(a, bool) and not isinstance(b, bool) and a == b
                )
                return Lit(same if op == "===" else not same)
            if op in ("==", "!="):
                if (a is None or au) and (b is None or bu):
                    same = True
                elif (a is None or au) or (b is None or bu):
                    same = False
                elif type(a) is type(b):
                    same = a == b
                else:
                    return None
                return Lit(same if op == "==" else not same)
            if op == "+":
                if isinstance(a, str) or isinstance(b, str):
                    sa, sb = self.to_str(lv), self.to_str(rv)
                    if sa is None or sb is None:
                        return None
                    if len(sa) + len(sb) > _MAX_STR:
                        return Dyn(TOO_LARGE)
                    return self.lit_str(sa + sb)
                if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not au and not bu:
                    r = a + b
                    if isinstance(r, int) and r.bit_length() > _MAX_INT_BITS:
                        return Dyn(TOO_LARGE)
                    return Lit(r)
        except Exception:
            return None
        return None

    def eval_unary(self, node, scope):
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node) if op_node is not None else ""
        arg = node.child_by_field_name("argument")
        v = self.eval(arg, scope)
        if op == "!":
            tv = _truthy(v)
            if tv is None:
                return Dyn(_dep_of(v) or self.dep_text(node))
            return Lit(not tv)
        if op == "void":
            return UNDEF
        if op in ("-", "+") and isinstance(v, Lit) and isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
            return Lit(-v.value if op == "-" else v.value)
        if op == "typeof":
            return Dyn(_dep_of(v) or self.dep_text(node))
        return Dyn(_dep_of(v) or self.dep_text(node))

    # ---- assignment -----------------------------------------------------

    def eval_assign(self, node, scope):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        v = self.eval(right, scope)
        if left is None:
            return v
        self.assign_to(left, v, node, scope)
        return v

    def eval_augassign(self, node, scope):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        op_node = node.child_by_field_name("operator")
        op = self.text(op_node)[:-1] if op_node is not None else ""
        cur = self.eval(left, scope) if left is not None else UNDEF
        rv = self.eval(right, scope)
        if op in ("||", "&&", "??"):
            tv = _truthy(cur) if op != "??" else (None if _nullish(cur) is None else not _nullish(cur))
            if tv is None:
                nv = Dyn(_dep_of(cur) or self.dep_text(node))
            elif (op == "||" and tv) or (op == "??" and tv) or (op == "&&" and not tv):
                return cur
            else:
                nv = rv
        else:
            nv = None
            if isinstance(cur, (Lit, _Undef)) and isinstance(rv, (Lit, _Undef)):
                nv = self.binop(op, cur, rv)
            if nv is None:
                nv = Dyn(_dep_of(cur) or _dep_of(rv) or self.dep_text(node))
        if left is not None:
            self.assign_to(left, nv, node, scope)
        return nv

    def assign_to(self, left, v, node, scope):
        left = self.strip(left)
        dep = self.cur_dep() if self.cond else None
        t = left.type
        if t == "identifier":
            name = self.text(left)
            s = scope
            while s is not None and name not in s.vars:
                s = s.parent
            if s is None:
                s = self.top  # implicit global
            d = s.vars

            def getter(d=d, name=name):
                return d.get(name, _NOTSET)

            def setter(v, d=d, name=name):
                if v is _NOTSET:
                    d.pop(name, None)
                else:
                    d[name] = v

            self.write_slot(("var", id(d), name), getter, setter, v)
            return
        if t in ("member_expression", "subscript_expression"):
            obj = left.child_by_field_name("object")
            if t == "member_expression":
                prop = left.child_by_field_name("property")
                key = self.text(prop) if prop is not None else None
            else:
                idx = left.child_by_field_name("index")
                kv = self.eval(idx, scope)
                key = self.to_str(kv) if isinstance(kv, Lit) else None
            sobj = self.strip(obj)
            # module.exports = ...
            if key == "exports" and sobj.type == "identifier" and self.text(sobj) == "module" and not scope.lookup("module")[0]:
                self.write_slot("cjs", self._get_cjs, self._set_cjs, v)
                self.cjs_touched = True
                if self.export_node is None or not self.esm_set:
                    self.export_node = node
                return
            target = self.eval(obj, scope)
            if isinstance(target, Obj) and target is self.cjs:
                self.cjs_touched = True
                if self.export_node is None:
                    self.export_node = node
            if isinstance(target, Builtin) and target.name == "exports":
                target = self.cjs
                self.cjs_touched = True
                if self.export_node is None:
                    self.export_node = node
            target = self.resolve_obj(target)
            if key is None:
                if isinstance(target, Obj):
                    # unknown key written: any key may have changed
                    for k, p in list(target.props.items()):
                        target.props[k] = Prop(Dyn(self.dep_text(left)), p.node)
                    if target.rest is None:
                        target.rest = (self.dep_text(left), node)
                return
            self.set_on(target, key, v, node, dep)

    def set_on(self, target, key, v, node, dep):
        if isinstance(target, Obj):
            self.set_prop(target, key, v, node, dep)
        elif isinstance(target, Union):
            for o in target.options:
                if isinstance(o, Obj):
                    self.set_prop(o, key, v, node, dep)

    # ---- calls ----------------------------------------------------------

    def eval_args(self, node, scope):
        args_node = node.child_by_field_name("arguments")
        out = []
        if args_node is None:
            return out
        for a in args_node.named_children:
            if a.type == "comment":
                continue
            if a.type == "spread_element":
                out.append(Dyn(self.dep_text(a)))
            else:
                out.append(self.eval(a, scope))
        return out

    def eval_new(self, node, scope):
        ctor = node.child_by_field_name("constructor")
        args = self.eval_args(node, scope)
        if ctor is not None and ctor.type == "identifier" and self.text(ctor) == "URL" and not scope.lookup("URL")[0]:
            if len(args) >= 2 and isinstance(args[0], Lit) and isinstance(args[0].value, str) and isinstance(args[1], PathExpr):
                rel = args[0].value
                base = args[1]
                if rel.startswith("/"):
                    return Lit(rel)
                d = posixpath.dirname(base.rel) if base.parts else ".."
                return _path(base.base, ((d or "."), rel or "."))
        return Opaque(self.dep_text(node))

    def eval_call(self, node, scope):
        fn_node = node.child_by_field_name("function")
        if fn_node is None:
            return Dyn(self.dep_text(node))
        fn = self.eval(fn_node, scope)
        args = self.eval_args(node, scope)
        if isinstance(fn, Builtin):
            return self.call_builtin(fn, args, node)
        if isinstance(fn, Func):
            return self.call_func(fn, args, node)
        if isinstance(fn, Union):
            return _union([self.call_value(o, args, node) for o in fn.options], fn.dep)
        return Wrapped(node, args)

    def call_value(self, fn, args, node):
        if isinstance(fn, Builtin):
            return self.call_builtin(fn, args, node)
        if isinstance(fn, Func):
            return self.call_func(fn, args, node)
        return Wrapped(node, args)

    def call_builtin(self, fn, args, node):
        n = fn.name
        if n == "require":
            if args and isinstance(args[0], Lit) and isinstance(args[0].value, str):
                src = args[0].value
                if src in _PATH_MODULES:
                    return Builtin("path")
                if src in _URL_MODULES:
                    return Builtin("url")
            return Dyn(self.dep_text(node))
        if n in ("path.join", "path.resolve", "path.normalize"):
            return self.path_call(n, args, node)
        if n == "path.dirname":
            if args:
                a = args[0]
                if isinstance(a, PathExpr):
                    rel = a.rel
                    return _path(a.base, (rel, "..")) if rel != "." else _path(a.base, ("..",))
                if isinstance(a, Lit) and isinstance(a.value, str):
                    return Lit(posixpath.dirname(a.value))
            return Dyn(self.dep_text(node))
        if n == "url.fileURLToPath":
            if args and isinstance(args[0], PathExpr):
                return args[0]
            if args and isinstance(args[0], Lit) and isinstance(args[0].value, str) and args[0].value.startswith("file://"):
                return Lit(args[0].value[len("file://"):])
            return Dyn(self.dep_text(node))
        if n == "Object.assign":
            if not args:
                return Dyn(self.dep_text(node))
            target = self.resolve_obj(args[0])
            if isinstance(target, Obj):
                if target is self.cjs:
                    self.cjs_touched = True
                dep = self.cur_dep() if self.cond else None
                for a in args[1:]:
                    self.merge_into(target, a, node, conditional=dep)
                return target
            return Dyn(_dep_of(target) or self.dep_text(node))
        if n == "Object.freeze":
            return args[0] if args else UNDEF
        return Wrapped(node, args)

    def path_call(self, n, args, node):
        pieces = []
        for a in args:
            if isinstance(a, Lit) and isinstance(a.value, str):
                pieces.append(a.value)
            elif isinstance(a, PathExpr):
                pieces.append(a)
            else:
                return Dyn(_dep_of(a) or self.dep_text(node))
        if n == "path.resolve":
            # right-most absolute piece wins
            start = 0
            base = None
            for i in range(len(pieces) - 1, -1, -1):
                p = pieces[i]
                if isinstance(p, PathExpr) or p.startswith("/"):
                    start = i
                    base = p
                    break
            if base is None:
                return _path("process.cwd()", tuple(p for p in pieces if p) or ())
            rest = [p for p in pieces[start + 1 :] if p]
            if isinstance(base, PathExpr):
                return _path(base.base, (base.rel, *rest) if base.parts else tuple(rest))
            if sum(len(p) for p in rest) + len(base) > _MAX_STR:
                return Dyn(TOO_LARGE)
            return self.lit_str(posixpath.normpath(posixpath.join(base, *rest)))
        # join / normalize
        if not pieces:
            return Lit(".")
        head = pieces[0]
        rest = [p for p in pieces[1:]]
        if any(isinstance(p, PathExpr) for p in rest):
            return Dyn(self.dep_text(node))
        rest = [p for p in rest if p]
        if isinstance(head, PathExpr):
            return _path(head.base, ((head.rel,) if head.parts else ()) + tuple(rest))
        if sum(len(p) for p in rest) + len(head) > _MAX_STR:
            return Dyn(TOO_LARGE)
        joined = posixpath.join(head, *[r.lstrip("/") for r in rest]) if rest else head
        return self.lit_str(posixpath.normpath(joined) if joined else ".")

    def call_func(self, fn: Func, args, node):
        fnode = fn.node
        key = fnode.start_byte
        if self.call_depth >= _MAX_CALL_DEPTH or key in self.calling:
            return Dyn(self.dep_text(node) if node is not None else "recursion")
        self.call_depth += 1
        self.calling.add(key)
        saved_cond = self.cond
        self.cond = []  # a function body runs on its own; its branches are local
        try:
            scope = _Scope(fn.scope)
            params = fnode.child_by_field_name("parameters")
            if params is None:
                p1 = fnode.child_by_field_name("parameter")  # x => ...
                if p1 is not None:
                    self.bind_param(p1, args[0] if args else UNDEF, scope, fn)
            else:
                i = 0
                for p in params.named_children:
                    if p.type == "comment":
                        continue
                    a = args[i] if i < len(args) else UNDEF
                    self.bind_param(p, a, scope, fn, args[i:])
                    i += 1
            body = fnode.child_by_field_name("body")
            if body is None:
                return UNDEF
            if body.type != "statement_block":
                return self.eval(body, scope)
            self.returns.append([])
            self.dead.append(False)
            try:
                self.exec_block(body.named_children, scope)
            finally:
                self.dead.pop()
                rets = self.returns.pop()
            return self.combine_returns(rets)
        finally:
            self.cond = saved_cond
            self.calling.discard(key)
            self.call_depth -= 1

    def combine_returns(self, rets):
        if not rets:
            return UNDEF
        # the last unconditional return wins over the rest of the chain
        vals = []
        dep = None
        for v, d in rets:
            vals.append(v)
            if d is not None and dep is None:
                dep = d
            if d is None:
                break
        if len(vals) == 1:
            return vals[0]
        return _union(vals, dep)

    def bind_param(self, p, a, scope, fn, rest_args=()):
        t = p.type
        if t in ("required_parameter", "optional_parameter"):
            pat = p.child_by_field_name("pattern")
            dflt = p.child_by_field_name("value")
            if pat is None:
                return
            if pat.type == "rest_pattern":
                self.bind_all_dynamic(pat, scope)
                return
            if isinstance(a, _Undef) and dflt is not None:
                a = self.eval(dflt, scope)
            self.bind_param_value(pat, a, scope)
            return
        if t == "rest_pattern":
            self.bind_all_dynamic(p, scope)
            return
        if t == "assignment_pattern":
            left = p.child_by_field_name("left")
            right = p.child_by_field_name("right")
            if isinstance(a, _Undef) and right is not None:
                a = self.eval(right, scope)
            if left is not None:
                self.bind_param_value(left, a, scope)
            return
        self.bind_param_value(p, a, scope)

    def bind_param_value(self, pat, a, scope):
        if pat.type == "identifier":
            scope.vars[self.text(pat)] = a
        elif pat.type == "object_pattern" and not isinstance(a, Dyn):
            self.bind_pattern(pat, a, scope)
        else:
            self.bind_all_dynamic(pat, scope)

    # ---- the exported config -------------------------------------------

    def call_config(self, v, depth=0):
        """Turn the exported value into the config value."""
        if depth > 4:
            return v
        v = self.resolve_obj(v)
        if isinstance(v, Func):
            params = v.node.child_by_field_name("parameters")
            args = []
            if params is not None:
                for p in params.named_children:
                    if p.type == "comment":
                        continue
                    args.append(Dyn(self.param_name(p)))
            else:
                p1 = v.node.child_by_field_name("parameter")
                if p1 is not None:
                    args.append(Dyn(self.text(p1)))
            r = self.call_func(v, args, None)
            return self.call_config(r, depth + 1)
        if isinstance(v, Union):
            return _union([self.call_config(o, depth + 1) for o in v.options], v.dep)
        return v

    def param_name(self, p):
        node = p
        if p.type in ("required_parameter", "optional_parameter"):
            node = p.child_by_field_name("pattern") or p
        elif p.type == "assignment_pattern":
            node = p.child_by_field_name("left") or p
        return self.dep_text(node)


# --------------------------------------------------------------------------
# turning abstract values into Values
# --------------------------------------------------------------------------


def _same(a, b) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "value":
        x, y = a.value, b.value
        return type(x) is type(y) and x == y
    if a.kind == "absent":
        return True
    return False


class _Reporter:
    def __init__(self, interp: _Interp):
        self.i = interp

    def loc(self, node):
        if node is None:
            return {}
        src = self.i.src
        sl, sc = self._pos(src, node.start_byte, node.start_point)
        el, ec = self._pos(src, node.end_byte, node.end_point)
        return {"line": sl, "column": sc, "end_line": el, "end_column": ec}

    @staticmethod
    def _pos(src: bytes, byte: int, point):
        row = point[0] if not hasattr(point, "row") else point.row
        ls = src.rfind(b"\n", 0, byte) + 1
        col = len(src[ls:byte].decode("utf-8", "replace"))
        return row + 1, col + 1

    def leaf(self, v, node, dep_hint=None) -> Value:
        loc = self.loc(node)
        if isinstance(v, Lit):
            return Value("value", v.value, None, **loc)
        if isinstance(v, PathExpr):
            return Value("value", v, None, **loc)
        if isinstance(v, _Undef):
            return Value("absent", None, None, **loc) if node is not None else ABSENT
        if isinstance(v, Dyn):
            return Value("dynamic", None, v.dep or dep_hint, **loc)
        if isinstance(v, Union):
            outs = [self.leaf(o, node, v.dep) for o in v.options]
            first = outs[0]
            if all(_same(first, o) for o in outs[1:]):
                return first
            dep = v.dep
            if dep is None:
                for o in outs:
                    if o.depends_on:
                        dep = o.depends_on
                        break
            return Value("dynamic", None, dep or dep_hint, **loc)
        if isinstance(v, Wrapped):
            return Value("dynamic", None, self.i.dep_text(v.node), **loc)
        if isinstance(v, Opaque):
            return Value("dynamic", None, v.text, **loc)
        if isinstance(v, Obj):
            return Value("dynamic", None, "object value", **loc)
        if isinstance(v, Func):
            return Value("dynamic", None, "function value", **loc)
        return Value("dynamic", None, dep_hint or "unknown", **loc)

    def lookup(self, v, path, node=None):
        """Value of ``path`` (list of keys) inside config value ``v``."""
        v = self.i.resolve_obj(v)
        if not path:
            return self.leaf(v, node)
        key, rest = path[0], path[1:]
        if isinstance(v, Obj):
            p = v.props.get(key)
            if p is not None:
                return self.lookup(p.val, rest, p.node)
            if v.rest is not None:
                return Value("dynamic", None, v.rest[0], **self.loc(v.rest[1]))
            return ABSENT
        if isinstance(v, Union):
            outs = [self.lookup(o, path, node) for o in v.options]
            first = outs[0]
            if all(_same(first, o) for o in outs[1:]):
                for o in outs:
                    if o.line is not None:
                        return o
                return first
            dep = v.dep
            if dep is None:
                for o in outs:
                    if o.depends_on:
                        dep = o.depends_on
                        break
            loc_from = next((o for o in outs if o.line is not None), None)
            if loc_from is not None:
                return Value("dynamic", None, dep, loc_from.line, loc_from.column, loc_from.end_line, loc_from.end_column)
            return Value("dynamic", None, dep)
        if isinstance(v, Dyn):
            return Value("dynamic", None, v.dep, **self.loc(node))
        if isinstance(v, Wrapped):
            return Value("dynamic", None, self.i.dep_text(v.node), **self.loc(node))
        if isinstance(v, Opaque):
            return Value("dynamic", None, v.text, **self.loc(node))
        # undefined, null, literals, functions: no such key
        return ABSENT


def _config_line(interp: _Interp, v):
    v = interp.resolve_obj(v)
    if isinstance(v, Obj) and v.node is not None:
        return v.node.start_point[0] + 1
    if isinstance(v, Union):
        for o in v.options:
            ln = _config_line(interp, o)
            if ln is not None:
                return ln
    return None


def _collect_errors(root, src: bytes) -> list[tuple[int, str]]:
    errors: list[tuple[int, str]] = []
    if not root.has_error:
        return errors
    stack = [root]
    while stack and len(errors) < _MAX_ERRORS:
        n = stack.pop()
        if n.is_missing:
            errors.append((n.start_point[0] + 1, f"syntax error: missing {n.type!r}"))
            continue
        if n.type == "ERROR" or n.is_error:
            snippet = src[n.start_byte : min(n.end_byte, n.start_byte + 40)].decode("utf-8", "replace")
            snippet = " ".join(snippet.split())
            errors.append((n.start_point[0] + 1, f"syntax error near {snippet!r}" if snippet else "syntax error"))
            continue
        if n.has_error:
            stack.extend(reversed(n.children))
    errors.sort(key=lambda e: e[0])
    return errors


def _all(kind: str, dep: str | None, line=None) -> dict[str, Value]:
    return {k: Value(kind, None, dep, line) for k in KEYS}


def parse(text: str | bytes, filename: str = "next.config.js") -> NextConfig:
    """Statically read a Next.js config file.  Never raises."""
    try:
        return _parse(text, filename)
    except Exception as exc:  # pragma: no cover - defensive
        cfg = NextConfig(path=str(filename) if filename else None, config_line=None)
        cfg.keys = _all("dynamic", f"<analysis failed: {type(exc).__name__}>")
        cfg.errors.append((1, f"internal error while reading config: {type(exc).__name__}"))
        return cfg


def _parse(text, filename) -> NextConfig:
    fname = str(filename) if filename is not None else "next.config.js"
    cfg = NextConfig(path=fname, config_line=None)
    if isinstance(text, str):
        src = text.encode("utf-8", "replace")
    elif isinstance(text, (bytes, bytearray, memoryview)):
        src = bytes(text)
    else:
        src = str(text).encode("utf-8", "replace")
    if src.startswith(b"\xef\xbb\xbf"):
        src = src[3:]
    if len(src) > _MAX_BYTES:
        cfg.errors.append((1, f"config file too large to analyse ({len(src)} bytes)"))
        cfg.keys = _all("dynamic", "<file too large>")
        return cfg
    if b"\x00" in src:
        cfg.errors.append((1, "config file is binary (contains NUL bytes)"))
        cfg.keys = _all("dynamic", "<binary file>")
        return cfg
    lang = _lang_for(fname)
    with _parser_lock:
        parser = _get_parser(lang)
        parser.reset()  # a reused tree-sitter parser can crash on some inputs; reset first
        tree = parser.parse(src)
    root = tree.root_node
    cfg.errors = _collect_errors(root, src)
    interp = _Interp(src, posixpath.basename(fname.replace("\\", "/")))
    rep = _Reporter(interp)
    try:
        exported = interp.run(root)
        if exported is None:
            if cfg.errors:
                # the export may be hidden inside the broken part
                cfg.keys = _all("dynamic", SYNTAX_ERROR)
            else:
                # nothing exported: Next.js sees an empty config
                cfg.keys = {k: ABSENT for k in KEYS}
            return cfg
        conf = interp.call_config(exported)
        cfg.config_line = _config_line(interp, conf)
        if cfg.config_line is None and interp.export_node is not None:
            cfg.config_line = interp.export_node.start_point[0] + 1
        keys: dict[str, Value] = {}
        for k in KEYS:
            keys[k] = rep.lookup(conf, k.split("."))
        ft = keys["outputFileTracingRoot"]
        if ft.kind == "absent":
            exp = rep.lookup(conf, ["experimental", "outputFileTracingRoot"])
            if exp.kind != "absent":
                keys["outputFileTracingRoot"] = exp
        cfg.keys = keys
    except (_Budget, RecursionError):
        cfg.errors.append((1, "config too complex to analyse statically"))
        cfg.keys = _all("dynamic", "<too complex>")
        if interp.export_node is not None:
            cfg.config_line = interp.export_node.start_point[0] + 1
    return cfg


def find_config(app_dir: pathlib.Path) -> pathlib.Path | None:
    """The config file Next.js would load from ``app_dir`` (no upward search)."""
    try:
        base = pathlib.Path(app_dir)
        for name in CONFIG_FILES:
            p = base / name
            try:
                if p.is_file():
                    return p
            except OSError:
                continue
    except Exception:
        return None
    return None
