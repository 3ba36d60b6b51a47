"""Reading and matching ``.dockerignore`` files exactly the way Docker does.

Everything here is a pure function of the file text (no file-system access).

Reading (Docker's ``ignorefile.ReadAll`` behaviour)
    * a UTF-8 BOM at the start of the first line is dropped; lines are split on
      ``\\n`` and one trailing ``\\r`` is removed (CRLF files work);
    * a line whose *first* character is ``#`` is a comment (``  # x`` is a
      pattern, and so is ``foo # x``);
    * surrounding white space is trimmed (Go's ``strings.TrimSpace`` set);
    * a leading ``!`` marks an exception; the rest is trimmed again;
    * the pattern is cleaned like Go's ``filepath.Clean`` (see :func:`go_clean`)
      and a leading ``/`` is removed.

Matching (``moby/patternmatcher`` behaviour)
    * patterns are anchored at the context root, ``*``/``?`` never cross ``/``,
      ``**`` spans any number of directories, ``[...]`` classes;
    * a pattern that matches a parent directory matches everything below;
    * the last matching line wins, ``!`` lines re-include.
    Patterns are translated once into Python regular expressions that reproduce
    Docker's own (Go ``regexp``) translation, including its quirks
    (``a**b``, ``**foo``, ``foo**``, ``[!x]`` is not a negation, ``\\d`` ...).

Two answers are offered:

``IgnoreFile.excluded(path)``
    what BuildKit's context walk (``tonistiigi/fsutil``) does: the result
    carried from each parent directory (``MatchesUsingParentResults``) plus the
    rule that an excluded directory is not entered unless an exception could
    re-include something below it.  This is what ``docker build`` sends.
``IgnoreFile.matches_or_parent_matches(path)``
    the per-path answer (``MatchesOrParentMatches``), used by BuildKit for the
    "excluded by .dockerignore" check of COPY sources.  It differs from the
    walk only in order-sensitive pattern lists.

Patterns Docker rejects never raise: they are reported in
``IgnoreFile.errors`` with Docker's message and the offending line.

The module also registers a :mod:`pathspec` pattern factory named
``"dockerignore"`` so that ``pathspec.PathSpec.from_lines("dockerignore",
lines)`` works (it gives the per-path answer).
"""

from __future__ import annotations

import os

# ``re`` is imported only when a regular expression is first compiled: the
# context-walk CLI matches simple globs without it (``re`` costs ~4 ms of
# start-up).  Translating a pattern needs no ``re`` (see :func:`_re_escape`).
__all__ = [
    "IgnoreError",
    "IgnorePattern",
    "IgnoreFile",
    "parse",
    "go_clean",
    "go_trim_space",
    "DockerPattern",
    "MSG_ILLEGAL_EXCLUSION",
    "MSG_SYNTAX",
    "MSG_TOO_LONG",
]

MSG_ILLEGAL_EXCLUSION = 'illegal exclusion pattern: "!"'
MSG_SYNTAX = "syntax error in pattern"
MSG_TOO_LONG = "bufio.Scanner: token too long"

# Go's bufio.Scanner default limit: a line (bytes, without its "\n") longer
# than this makes ReadAll fail for the whole file.
_MAX_LINE_BYTES = 64 * 1024 - 1

# unicode.IsSpace in Go (what strings.TrimSpace removes).  Python's str.strip()
# would also remove \x1c-\x1f, which Go keeps.
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def go_trim_space(s: str) -> str:
    """``strings.TrimSpace``: strip Go's Unicode white space from both ends."""
    return s.strip(_GO_SPACE)


def go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` (Unix): the shortest equivalent path.

    Repeated slashes collapse, ``.`` elements go, ``x/..`` pairs go, ``..`` at
    the start of a rooted path goes, a trailing slash goes, and the empty
    result is ``"."``.  Unlike :func:`os.path.normpath` it turns ``//foo``
    into ``/foo`` and ``/..`` into ``/``.
    """
    if path == "":
        return "."
    rooted = path[0] == "/"
    out: list[str] = []
    for part in path.split("/"):
        if part == "" or part == ".":
            continue
        if part == "..":
            if out and out[-1] != "..":
                out.pop()
            elif not rooted:
                out.append("..")
            # rooted: ".." at the root stays at the root
            continue
        out.append(part)
    res = "/".join(out)
    if rooted:
        return "/" + res
    return res or "."


# ---------------------------------------------------------------------------
# filepath.Match syntax check (patternmatcher.New rejects what it rejects)
# ---------------------------------------------------------------------------


def _is_bad_rune(ch: str) -> bool:
    # invalid UTF-8 decoded with surrogateescape (or a lone surrogate)
    return "\ud800" <= ch <= "\udfff"


def _match_syntax_ok(p: str) -> bool:
    """True if Go's ``filepath.Match(p, ...)`` accepts ``p`` as a pattern.

    Go validates every chunk of the pattern: ``\\`` must be followed by a
    character, ``[`` classes must be closed, non-empty, with no bare ``-`` or
    ``]`` where a character is expected.  (Reversed ranges pass here.)
    """
    if "[" not in p and "\\" not in p:
        return True  # only a class or a trailing backslash can be wrong
    n = len(p)
    i = 0
    while i < n:
        while i < n and p[i] == "*":
            i += 1
        # scan one chunk: up to the next '*' outside a [...] range
        j = i
        inrange = False
        while j < n:
            c = p[j]
            if c == "\\":
                if j + 1 < n:
                    j += 1
            elif c == "[":
                inrange = True
            elif c == "]":
                inrange = False
            elif c == "*" and not inrange:
                break
            j += 1
        if not _chunk_ok(p[i:j]):
            return False
        i = j
    return True


def _get_esc(c: str, k: int) -> int:
    """One class character at ``c[k]``; returns the index after it, or -1."""
    n = len(c)
    if k >= n or c[k] == "-" or c[k] == "]":
        return -1
    if c[k] == "\\":
        k += 1
        if k >= n:
            return -1
    if _is_bad_rune(c[k]):
        return -1
    k += 1
    if k >= n:
        return -1
    return k


def _chunk_ok(c: str) -> bool:
    n = len(c)
    k = 0
    while k < n:
        ch = c[k]
        if ch == "[":
            k += 1
            if k < n and c[k] == "^":
                k += 1
            nrange = 0
            while True:
                if k < n and c[k] == "]" and nrange > 0:
                    k += 1
                    break
                k = _get_esc(c, k)
                if k < 0:
                    return False
                if c[k] == "-":
                    k = _get_esc(c, k + 1)
                    if k < 0:
                        return False
                nrange += 1
        elif ch == "\\":
            k += 1
            if k >= n:
                return False
            k += 1
        else:
            k += 1
    return True


# ---------------------------------------------------------------------------
# Docker's pattern -> Go regexp translation, then Go regexp -> Python re
# ---------------------------------------------------------------------------

EXACT, PREFIX, SUFFIX, REGEX, NEVER = "exact", "prefix", "suffix", "regex", "never"

_RE_ESCAPED = set(".+()|{}$")  # escaped by Docker when building the regexp


def _docker_regex(pattern: str) -> tuple[str, str]:
    """Docker's translation of a cleaned pattern: ``(match_type, go_regexp)``.

    ``*`` -> ``[^/]*``, ``?`` -> ``[^/]``, ``**`` (with an optional following
    ``/``) -> ``(.*/)?``, a trailing ``**`` -> ``.*``; ``.+()|{}$`` are
    escaped, ``\\x`` is passed through as a regexp escape, ``[``/``]`` and all
    other characters (``^`` included) are copied.  Patterns without any of
    those are compared as plain strings; ``foo**`` is a string prefix test and
    a leading ``**`` followed only by literal text a string suffix test.
    """
    out = ["^"]
    mtype = EXACT
    n = len(pattern)
    pos = 0
    it = 0
    while pos < n:
        ch = pattern[pos]
        pos += 1
        if ch == "*":
            if pos < n and pattern[pos] == "*":
                pos += 1
                if pos < n and pattern[pos] == "/":
                    pos += 1
                if pos >= n:
                    if mtype == EXACT:
                        mtype = PREFIX
                    else:
                        out.append(".*")
                        mtype = REGEX
                else:
                    out.append("(.*/)?")
                    mtype = REGEX
                if it == 0:
                    mtype = SUFFIX
            else:
                out.append("[^/]*")
                mtype = REGEX
        elif ch == "?":
            out.append("[^/]")
            mtype = REGEX
        elif ch in _RE_ESCAPED:
            out.append("\\" + ch)
        elif ch == "\\":
            if pos < n:
                out.append("\\" + pattern[pos])
                pos += 1
                mtype = REGEX
            else:
                out.append("\\\\")
        elif ch == "[" or ch == "]":
            out.append(ch)
            mtype = REGEX
        else:
            out.append(ch)
        it += 1
    if mtype == REGEX:
        out.append("$")
    return mtype, "".join(out)


class _GoReError(Exception):
    """Go's regexp.Compile would fail (Docker: ``syntax error in pattern``)."""


class _GoReUnsupported(Exception):
    """Valid Go regexp syntax we do not translate (``\\p{...}`` classes)."""


_MAXRUNE = 0x10FFFF
_PERL_CLASSES = {
    "d": [(0x30, 0x39)],
    "s": [(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
}
_POSIX_CLASSES = {
    "alnum": [(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
    "alpha": [(0x41, 0x5A), (0x61, 0x7A)],
    "ascii": [(0x00, 0x7F)],
    "blank": [(0x09, 0x09), (0x20, 0x20)],
    "cntrl": [(0x00, 0x1F), (0x7F, 0x7F)],
    "digit": [(0x30, 0x39)],
    "graph": [(0x21, 0x7E)],
    "lower": [(0x61, 0x7A)],
    "print": [(0x20, 0x7E)],
    "punct": [(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
    "space": [(0x09, 0x0D), (0x20, 0x20)],
    "upper": [(0x41, 0x5A)],
    "word": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "xdigit": [(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
}
_C_ESCAPES = {"a": 7, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11}
_OCT = "01234567"
_HEX = "0123456789abcdefABCDEF"


def _negate(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    nxt = 0
    for lo, hi in _normalise(ranges):
        if lo > nxt:
            out.append((nxt, lo - 1))
        nxt = hi + 1
    if nxt <= _MAXRUNE:
        out.append((nxt, _MAXRUNE))
    return out


def _normalise(ranges):
    rs = sorted(ranges)
    out: list[list[int]] = []
    for lo, hi in rs:
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1][1] = hi
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def _class_re(ranges: list[tuple[int, int]]) -> str:
    ranges = _normalise(ranges)
    if not ranges:
        return "[^\\x00-\\U0010ffff]"  # matches nothing
    neg = ""
    if ranges[-1][1] == _MAXRUNE and ranges != [(0, _MAXRUNE)]:
        # a class reaching the last code point is written as the negation of
        # its complement (``[^/]``, not ``[\\x00-.0-\\U0010ffff]``): the same
        # set of characters, but ``re`` compiles it in microseconds, not ms
        ranges = _negate(ranges)
        neg = "^"
    parts = []
    for lo, hi in ranges:
        if lo == hi:
            parts.append("\\U%08x" % lo)
        else:
            parts.append("\\U%08x-\\U%08x" % (lo, hi))
    return "[" + neg + "".join(parts) + "]"


def _parse_escape(s: str, i: int) -> tuple[int, int]:
    """Go ``parseEscape`` at ``s[i] == '\\\\'``: ``(codepoint, next index)``."""
    n = len(s)
    i += 1
    if i >= n:
        raise _GoReError("trailing backslash")
    c = s[i]
    i += 1
    if ord(c) < 0x80 and not c.isalnum():
        return ord(c), i
    if c in "1234567":
        if i >= n or s[i] not in _OCT:
            raise _GoReError("backreference")
    if c in _OCT:
        r = ord(c) - 0x30
        for _ in range(2):
            if i < n and s[i] in _OCT:
                r = r * 8 + ord(s[i]) - 0x30
                i += 1
            else:
                break
        return r, i
    if c == "x":
        if i >= n:
            raise _GoReError("bad hex escape")
        if s[i] == "{":
            i += 1
            r = 0
            nhex = 0
            while True:
                if i >= n:
                    raise _GoReError("bad hex escape")
                d = s[i]
                i += 1
                if d == "}":
                    break
                if d not in _HEX:
                    raise _GoReError("bad hex escape")
                r = r * 16 + int(d, 16)
                if r > _MAXRUNE:
                    raise _GoReError("bad hex escape")
                nhex += 1
            if nhex == 0:
                raise _GoReError("bad hex escape")
            return r, i
        if i + 1 >= n or s[i] not in _HEX or s[i + 1] not in _HEX:
            raise _GoReError("bad hex escape")
        return int(s[i : i + 2], 16), i + 2
    if c in _C_ESCAPES:
        return _C_ESCAPES[c], i
    raise _GoReError("invalid escape")


def _parse_class(s: str, i: int) -> tuple[str, int]:
    """Go character class at ``s[i] == '['`` -> (python class, next index)."""
    n = len(s)
    i += 1
    negate = False
    if i < n and s[i] == "^":
        negate = True
        i += 1
    ranges: list[tuple[int, int]] = []
    first = True
    while i >= n or s[i] != "]" or first:
        if i >= n:
            raise _GoReError("missing closing ]")
        first = False
        if s.startswith("[:", i):
            end = s.find(":]", i + 2)
            if end >= 0:
                name = s[i + 2 : end]
                neg = name.startswith("^")
                if neg:
                    name = name[1:]
                if name not in _POSIX_CLASSES:
                    raise _GoReError("invalid character class range")
                cls = _POSIX_CLASSES[name]
                ranges.extend(_negate(cls) if neg else cls)
                i = end + 2
                continue
        if s[i] == "\\" and i + 1 < n:
            e = s[i + 1]
            if e in "pP":
                raise _GoReUnsupported("unicode class")
            if e.lower() in _PERL_CLASSES:
                cls = _PERL_CLASSES[e.lower()]
                ranges.extend(_negate(cls) if e.isupper() else cls)
                i += 2
                continue
        lo, i = _class_char(s, i)
        hi = lo
        if i + 1 < n and s[i] == "-" and s[i + 1] != "]":
            hi, i = _class_char(s, i + 1)
            if hi < lo:
                raise _GoReError("invalid character class range")
        ranges.append((lo, hi))
    i += 1  # the closing ']'
    if negate:
        ranges = _negate(ranges)
    return _class_re(ranges), i


def _class_char(s: str, i: int) -> tuple[int, int]:
    if i >= len(s):
        raise _GoReError("missing closing ]")
    if s[i] == "\\":
        return _parse_escape(s, i)
    return ord(s[i]), i + 1


def _go_to_python(go: str) -> str:
    """Translate the Go regexp produced by :func:`_docker_regex` to Python.

    Handles the subset Docker can produce: literals, ``\\`` escapes (Go rules,
    ASCII ``\\d\\s\\w``, ``\\A \\z \\b \\B``, ``\\Q...\\E``, octal, hex),
    character classes (ranges, POSIX ``[:name:]``, Go's rules for ``]`` and
    ``[`` inside classes), ``.``, the ``(...)`` group and quantifiers Docker
    emits, ``^`` and ``$`` (end of text, not before a final newline).
    """
    out: list[str] = []
    n = len(go)
    i = 0
    while i < n:
        c = go[i]
        if c == "\\":
            if i + 1 >= n:
                raise _GoReError("trailing backslash")
            e = go[i + 1]
            if e == "A":
                out.append("\\A")
                i += 2
                continue
            if e == "z":
                out.append("\\Z")
                i += 2
                continue
            if e in "bB":
                out.append("\\" + e)
                i += 2
                continue
            if e == "C":
                raise _GoReError("invalid escape")
            if e == "Q":
                end = go.find("\\E", i + 2)
                lit = go[i + 2 :] if end < 0 else go[i + 2 : end]
                out.append(_re_escape(lit))
                i = n if end < 0 else end + 2
                continue
            if e in "pP":
                raise _GoReUnsupported("unicode class")
            if e.lower() in _PERL_CLASSES:
                cls = _PERL_CLASSES[e.lower()]
                out.append(_class_re(_negate(cls) if e.isupper() else cls))
                i += 2
                continue
            r, i = _parse_escape(go, i)
            out.append(_re_escape(chr(r)))
            continue
        if c == "[":
            if go.startswith("[^/]", i):  # Docker's ``*`` and ``?``: the same every time
                out.append(_NOT_SLASH)
                i += 4
                continue
            cls, i = _parse_class(go, i)
            out.append(cls)
            continue
        if c == "(":
            out.append("(?:")
        elif c in ")|*+?.^":
            out.append(c)
        elif c == "$":
            out.append("\\Z")
        else:
            out.append(_re_escape(c))
        i += 1
    return "".join(out)


_NOT_SLASH = _class_re(_negate([(0x2F, 0x2F)]))  # what _parse_class gives for [^/]

# ``re.escape``'s table (Python 3.7+), so translating needs no ``re`` import
_RE_SPECIAL = {i: "\\" + chr(i) for i in b"()[]{}?*+-|^$\\.&~# \t\n\r\v\f"}


def _re_escape(s: str) -> str:
    return s.translate(_RE_SPECIAL)


def _compile_translated(py: str):  # -> re.Pattern (``re`` is imported lazily)
    import re

    try:
        return re.compile(py, re.ASCII)
    except re.error as exc:  # pragma: no cover - translation gap
        raise _GoReUnsupported(str(exc)) from exc


# ---------------------------------------------------------------------------
# a matcher without backtracking for the translated regular expressions
# ---------------------------------------------------------------------------
#
# Python's ``re`` backtracks: ``[a-z]*[a-z]*...z`` or ``**/**/**/.../y``
# take exponential time on a path that does not match (Go's RE2, which Docker
# uses, is linear).  A translated regex with at most one unbounded repeat is
# harmless to ``re`` (at most O(len(path) * len(regex)) steps) and still uses
# it (it is faster in C); every other one is matched by :class:`_Dfa`: a
# Thompson NFA of the same Python regex, simulated with all threads at once
# and turned into a DFA lazily (each state set is built once, then one dict
# lookup per character).  Worst case O(len(path) * len(regex)) per match, no
# backtracking.  The NFA is built from the Python translation itself (the
# exact text ``re`` would run), so both give the same answers; a hypothesis
# property checks that (tests/context/test_dockerignore_backtracking.py).

_A_START, _A_END, _A_WORD, _A_NWORD = range(4)
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_HEXDIGITS = frozenset("0123456789abcdefABCDEF")


class _NoDfa(Exception):
    """Regex syntax outside what :func:`_go_to_python` emits (``re`` is used)."""


def _rx_parse(py: str):
    """Parse the subset of Python regex syntax :func:`_go_to_python` emits.

    Returns ``(ast, repeats)``: nodes are ``("set", ranges, negated)``,
    ``("assert", kind)``, ``("cat", [..])``, ``("alt", [..])``,
    ``("rep", node, min, unbounded)``; ``repeats`` counts ``*``/``+``.
    Anything else raises :class:`_NoDfa`.
    """
    n = len(py)
    pos = 0
    repeats = 0

    def parse_alt(depth):
        nonlocal pos
        branches = [parse_cat(depth)]
        while pos < n and py[pos] == "|":
            pos += 1
            branches.append(parse_cat(depth))
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def parse_cat(depth):
        nonlocal pos, repeats
        items: list = []
        while pos < n:
            c = py[pos]
            if c == "|":
                break
            if c == ")":
                if depth == 0:
                    raise _NoDfa("unbalanced )")
                break
            if c in "*+?":
                if not items or items[-1][0] == "assert" or items[-1][0] == "rep":
                    raise _NoDfa("nothing to repeat")
                pos += 1
                lazy = pos < n and py[pos] == "?"  # same language as greedy
                if lazy:
                    pos += 1
                elif pos < n and py[pos] in "*+{":
                    raise _NoDfa("possessive or multiple repeat")
                atom = items.pop()
                if c == "?":
                    items.append(("rep", atom, 0, False))
                else:
                    repeats += 1
                    items.append(("rep", atom, 1 if c == "+" else 0, True))
                continue
            if c == "(":
                if not py.startswith("(?:", pos):
                    raise _NoDfa("group")
                pos += 3
                inner = parse_alt(depth + 1)
                if pos >= n or py[pos] != ")":
                    raise _NoDfa("missing )")
                pos += 1
                items.append(("grp", inner))
                continue
            if c == "[":
                items.append(parse_class())
                continue
            if c == ".":
                items.append(("set", ((10, 10),), True))
            elif c == "^":
                items.append(("assert", _A_START))
            elif c in "${":
                raise _NoDfa(c)
            elif c == "\\":
                if pos + 1 >= n:
                    raise _NoDfa("trailing backslash")
                e = py[pos + 1]
                pos += 2
                if e == "A":
                    items.append(("assert", _A_START))
                elif e == "Z":
                    items.append(("assert", _A_END))
                elif e == "b":
                    items.append(("assert", _A_WORD))
                elif e == "B":
                    items.append(("assert", _A_NWORD))
                elif e.isascii() and e.isalnum():
                    raise _NoDfa("escape")
                else:
                    items.append(("set", ((ord(e), ord(e)),), False))
                continue
            else:
                items.append(("set", ((ord(c), ord(c)),), False))
            pos += 1
        return ("cat", items)

    def class_char():
        nonlocal pos
        if pos >= n:
            raise _NoDfa("unterminated class")
        c = py[pos]
        if c == "\\":
            e = py[pos + 1 : pos + 2]
            if e == "U":
                h = py[pos + 2 : pos + 10]
                width = 8
            elif e == "x":
                h = py[pos + 2 : pos + 4]
                width = 2
            else:
                raise _NoDfa("class escape")
            if len(h) != width or not _HEXDIGITS.issuperset(h):
                raise _NoDfa("class escape")
            pos += 2 + width
            return int(h, 16)
        if c in "[]-^":
            raise _NoDfa("class syntax")
        pos += 1
        return ord(c)

    def parse_class():
        nonlocal pos
        pos += 1
        neg = pos < n and py[pos] == "^"
        if neg:
            pos += 1
        ranges = []
        while True:
            if pos >= n:
                raise _NoDfa("unterminated class")
            if py[pos] == "]" and ranges:
                pos += 1
                break
            lo = class_char()
            hi = lo
            if pos < n and py[pos] == "-":
                pos += 1
                hi = class_char()
                if hi < lo:
                    raise _NoDfa("bad range")
            ranges.append((lo, hi))
        return ("set", tuple(_normalise(ranges)), neg)

    ast = parse_alt(0)
    if pos != n:
        raise _NoDfa("unbalanced )")
    return ast, repeats


def _rx_compile(ast) -> list:
    """Thompson construction: ``("set", starts, ranges, neg)``, ``("split", a, b)``,
    ``("jmp", a)``, ``("assert", kind)`` and a final ``("match",)``."""
    prog: list = []

    def emit(node):
        kind = node[0]
        if kind == "set":
            ranges = node[1]
            prog.append(("set", tuple(lo for lo, _ in ranges), ranges, node[2]))
        elif kind == "assert":
            prog.append(node)
        elif kind == "grp":
            emit(node[1])
        elif kind == "cat":
            for x in node[1]:
                emit(x)
        elif kind == "alt":
            jumps = []
            branches = node[1]
            for k, b in enumerate(branches):
                if k < len(branches) - 1:
                    split = len(prog)
                    prog.append(None)
                    emit(b)
                    jumps.append(len(prog))
                    prog.append(None)
                    prog[split] = ("split", split + 1, len(prog))
                else:
                    emit(b)
            for j in jumps:
                prog[j] = ("jmp", len(prog))
        elif kind == "rep":
            _, atom, mn, unbounded = node
            if mn == 1:  # x+ == x x*
                emit(atom)
            if unbounded:
                split = len(prog)
                prog.append(None)
                emit(atom)
                prog.append(("jmp", split))
                prog[split] = ("split", split + 1, len(prog))
            else:
                split = len(prog)
                prog.append(None)
                emit(atom)
                prog[split] = ("split", split + 1, len(prog))
        else:  # pragma: no cover
            raise _NoDfa(kind)

    emit(ast)
    prog.append(("match",))
    return prog


_DFA_MAX_STATES = 2048
_DEAD = -2
_ACCEPT = -1


class _Dfa:
    """Lazily built DFA of a :func:`_rx_compile` program (see above).

    A DFA state is a set of NFA positions *before* their epsilon closure plus
    the context the closure needs (at the start of the text; previous
    character a word character, for ``\\b``/``\\B``).  ``match(s)`` is
    ``re.match(regex, s) is not None``.
    """

    __slots__ = ("prog", "word", "nword_empty", "keys", "ids", "trans", "final")

    def __init__(self, prog: list):
        self.prog = prog
        self.word = any(ins[0] == "assert" and ins[1] >= _A_WORD for ins in prog)
        # ``\B`` on the empty text: no match before Python 3.14, a match since
        self.nword_empty = False
        if self.word:
            import re

            self.nword_empty = re.match(r"\B", "") is not None
        self._reset()

    def _reset(self):
        self.keys = [(frozenset((0,)), True, False)]
        self.ids = {self.keys[0]: 0}
        self.trans = [{}]
        self.final = [None]

    def _closure(self, key, at_end: bool, next_word: bool) -> set:
        pcs, at_start, prev_word = key
        prog = self.prog
        seen: set = set()
        stack = list(pcs)
        while stack:
            pc = stack.pop()
            if pc in seen:
                continue
            seen.add(pc)
            ins = prog[pc]
            op = ins[0]
            if op == "split":
                stack.append(ins[2])
                stack.append(ins[1])
            elif op == "jmp":
                stack.append(ins[1])
            elif op == "assert":
                k = ins[1]
                if k == _A_START:
                    ok = at_start
                elif k == _A_END:
                    ok = at_end
                elif k == _A_WORD:
                    ok = prev_word != next_word
                else:
                    ok = prev_word == next_word and (self.nword_empty or not (at_start and at_end))
                if ok:
                    stack.append(pc + 1)
        return seen

    def _step(self, state: int, c: str) -> int:
        from bisect import bisect_right

        key = self.keys[state]
        cw = c in _WORD_CHARS
        closure = self._closure(key, False, cw)
        prog = self.prog
        o = ord(c)
        nxt = []
        for pc in closure:
            ins = prog[pc]
            op = ins[0]
            if op == "match":
                t = _ACCEPT
                break
            if op == "set":
                k = bisect_right(ins[1], o) - 1
                hit = k >= 0 and o <= ins[2][k][1]
                if hit != ins[3]:
                    nxt.append(pc + 1)
        else:
            if not nxt:
                t = _DEAD
            else:
                nkey = (frozenset(nxt), False, cw and self.word)
                t = self.ids.get(nkey)
                if t is None:
                    if len(self.keys) >= _DFA_MAX_STATES:
                        # bound the memory: start again (this transition is not recorded)
                        self._reset()
                        return self._intern(nkey)
                    t = self._intern(nkey)
        self.trans[state][c] = t
        return t

    def _intern(self, key) -> int:
        t = len(self.keys)
        self.keys.append(key)
        self.ids[key] = t
        self.trans.append({})
        self.final.append(None)
        return t

    def _final(self, state: int) -> bool:
        closure = self._closure(self.keys[state], True, False)
        prog = self.prog
        f = any(prog[pc][0] == "match" for pc in closure)
        self.final[state] = f
        return f

    def match(self, s: str):
        """``True`` if the regex matches at the start of ``s``, else ``None``
        (like ``re.Pattern.match``, tested with ``is not None``)."""
        st = 0
        trans = self.trans
        for c in s:
            t = trans[st].get(c)
            if t is None:
                t = self._step(st, c)
                trans = self.trans  # (a reset replaces the tables)
            if t < 0:
                return True if t == _ACCEPT else None
            st = t
        f = self.final[st]
        if f is None:
            f = self._final(st)
        return True if f else None


def _set_has(node, ch: int) -> bool:
    ranges = node[1]
    return any(lo <= ch <= hi for lo, hi in ranges) != node[2]


_SLASH = 0x2F
_NEWLINE = 0x0A


def _is_any_dir_group(node) -> bool:
    """``(?:.*/)?`` -- the translation of a ``**/`` in the middle of a pattern."""
    if node[0] != "rep" or node[3] or node[2] != 0 or node[1][0] != "grp":
        return False
    inner = node[1][1]
    if inner[0] != "cat" or len(inner[1]) != 2:
        return False
    star, slash = inner[1]
    return (
        star[0] == "rep" and star[3] and star[2] == 0 and star[1][0] == "set"
        and star[1][2] and star[1][1] == ((_NEWLINE, _NEWLINE),)
        and slash[0] == "set" and not slash[2] and slash[1] == ((_SLASH, _SLASH),)
    )


def _re_is_safe(ast, repeats: int) -> bool:
    """Does ``re`` match this regex in O(len(path) * len(regex)) steps?

    Yes with at most one unbounded repeat: ``re`` tries each length of it
    once.  Nearly so for ``L(?:.*/)?R`` (``dir/**/*.py``, ``**/x/*.log``)
    with no repeat in ``L`` and one in ``R`` whose character set excludes
    ``/``: ``re`` backtracks ``.*`` to each ``/`` once, and the repeat of the
    ``R`` tried there starts at a different place each time (fixed-width
    atoms before it) and cannot run past the next ``/``: all the tries
    together read O(len(path) * len(regex)) characters, each followed by
    O(len(regex)) fixed-width steps.  Everything else goes to the DFA.
    """
    if repeats <= 1:
        return True
    if repeats != 2 or ast[0] != "cat":
        return False
    items = ast[1]
    g = next((k for k, x in enumerate(items) if x[0] != "set" and x[0] != "assert"), None)
    if g is None or not _is_any_dir_group(items[g]):
        return False  # (the first repeat or group must be the ``(?:.*/)?``)
    for x in items[g + 1:]:
        if x[0] == "rep":
            # the other unbounded repeat (``repeats`` says there is one)
            if not (x[3] and x[1][0] == "set") or _set_has(x[1], _SLASH):
                return False
        elif x[0] != "set" and x[0] != "assert":
            return False
    return True


def _dfa_for(py: str) -> _Dfa | None:
    """The :class:`_Dfa` of a translated regex, or ``None`` if ``re`` is safe for it.

    ``re`` is kept where it cannot backtrack much (:func:`_re_is_safe`) -- it
    is faster, in C -- and for syntax the DFA does not know (never produced by
    :func:`_go_to_python`; kept only so that an unexpected translation still
    behaves as before).
    """
    try:
        ast, repeats = _rx_parse(py)
    except _NoDfa:
        return None
    if _re_is_safe(ast, repeats):
        return None
    return _Dfa(_rx_compile(ast))

# ---------------------------------------------------------------------------
# data model
# ---------------------------------------------------------------------------


class _Record:
    """Small slotted record (``dataclasses`` costs ~15 ms of start-up)."""

    __slots__ = ()

    def _astuple(self):
        return tuple(getattr(self, k) for k in self.__slots__)

    def __repr__(self) -> str:
        body = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._repr_fields)
        return f"{type(self).__name__}({body})"


class IgnoreError(_Record):
    """A ``.dockerignore`` problem that makes Docker fail the build.

    ``message`` is Docker's own message (``syntax error in pattern``,
    ``illegal exclusion pattern: "!"``, ``bufio.Scanner: token too long``);
    ``docker_error`` is how ``docker build`` prints it.  ``phase`` is
    ``"read"`` (reading the file), ``"parse"`` (``patternmatcher.New``
    rejects it before anything is sent) or ``"match"`` (Go's regexp compile
    fails the first time the pattern is used during the walk).
    ``col``/``end_col``: 1-based column span (end exclusive).
    """

    __slots__ = ("line", "col", "end_col", "message", "text", "phase", "docker_error")
    _repr_fields = __slots__

    def __init__(self, line, col, end_col, message, text, phase, docker_error):
        self.line = line
        self.col = col
        self.end_col = end_col
        self.message = message
        self.text = text
        self.phase = phase
        self.docker_error = docker_error

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self._astuple() == other._astuple()

    def __hash__(self):
        return hash(self._astuple())

    def __str__(self) -> str:
        return f"line {self.line}: {self.docker_error}"


class IgnorePattern(_Record):
    """One pattern line of a ``.dockerignore``.

    ``line``      1-based line number in the file.
    ``raw``       the line as written (CR and BOM removed).
    ``text``      Docker's reading of the line (``ignorefile.ReadAll``), e.g.
                  ``"!foo"`` -- the ``parsed_patterns`` of the oracle.
    ``pattern``   what is matched: ``text`` without ``!``, cleaned again as
                  ``patternmatcher.New`` does.
    ``negated``   ``!`` exception (re-includes).
    ``col``/``end_col`` 1-based column span of the pattern in ``raw``
                  (``end_col`` exclusive), for findings.
    ``error``     Docker's message if the pattern is rejected, else ``None``
                  (``error_phase``: ``"parse"`` or ``"match"``).
    ``kind``      match strategy: exact / prefix / suffix / regex / never.
    ``unsupported`` valid for Go but not translated (``\\p{..}``): never matches.
    """

    __slots__ = (
        "line", "raw", "text", "pattern", "negated", "col", "end_col", "error", "error_phase",
        "kind", "go_regex", "_regex", "_py_regex", "literal_prefix",
        "globs", "basename_glob", "has_wildcard", "unsupported", "_match_fn",
    )
    _repr_fields = ("line", "text", "pattern", "negated", "kind", "error")

    def __init__(self, line, raw, text, pattern, negated, col, end_col, error=None, error_phase=None):
        self.line = line
        self.raw = raw
        self.text = text
        self.pattern = pattern
        self.negated = negated
        self.col = col
        self.end_col = end_col
        self.error = error
        self.error_phase = error_phase
        self.kind = NEVER
        self.go_regex = None
        # the Python translation of go_regex, compiled on first use (``regex``)
        self._py_regex = None
        self._regex = None
        # ``path -> truthy or None`` for a regex-kind pattern: the compiled
        # regex's ``match``, or a :class:`_Dfa`'s when ``re`` could backtrack
        self._match_fn = None
        #: characters every matching path starts with (before the first wildcard)
        self.literal_prefix = ""
        #: for patterns without ``**``/classes/escapes: the components (simple
        #: globs of literals, ``*`` and ``?``)
        self.globs = None
        #: for ``**/<simple glob>`` patterns: the glob on the last path element
        self.basename_glob = None
        self.has_wildcard = False
        self.unsupported = False

    @property
    def regex(self):
        """The compiled regular expression of a ``regex``-kind pattern (else ``None``)."""
        r = self._regex
        if r is None and self._py_regex is not None:
            try:
                r = self._regex = _compile_translated(self._py_regex)
            except _GoReUnsupported:  # pragma: no cover - translation gap
                self._py_regex = None
                self.kind = NEVER
                self.unsupported = True
        return r

    def _matcher(self):
        """Build ``_match_fn`` on first use (see :func:`_dfa_for`)."""
        dfa = _dfa_for(self._py_regex) if self._py_regex is not None else None
        if dfa is not None:
            fn = dfa.match
        else:
            r = self.regex
            fn = r.match if r is not None else _no_match
        self._match_fn = fn
        return fn

    def match(self, path: str) -> bool:
        """Does the pattern match exactly this (cleaned, relative) path?"""
        k = self.kind
        if k == EXACT:
            return path == self.pattern
        if k == REGEX:
            m = self._match_fn or self._matcher()
            return m(path) is not None
        if k == PREFIX:
            return path.startswith(self.pattern[:-2])
        if k == SUFFIX:
            rest = self.pattern[2:]
            if rest.startswith("/"):
                return path == rest[1:] or path.endswith(rest)
            return path.endswith(rest)
        return False

    def match_or_parent(self, path: str) -> bool:
        """The pattern matches ``path`` or one of its parent directories."""
        if self.match(path):
            return True
        idx = path.find("/")
        while idx >= 0:
            if self.match(path[:idx]):
                return True
            idx = path.find("/", idx + 1)
        return False

    def __str__(self) -> str:
        return self.text


def _no_match(path: str) -> None:
    return None


def _contains_wildcards(s: str) -> bool:
    """fsutil's test for a "wildcard" exception (escaped chars don't count)."""
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "*?[":
            return True
        i += 1
    return False


_SIMPLE_GLOB_BAD = set("[]\\^")


def _prepare(p: IgnorePattern) -> None:
    """Compile ``p`` once; set kind, regex and the walk-pruning helpers."""
    pat = p.pattern
    p.has_wildcard = _contains_wildcards(pat)
    mtype, go = _docker_regex(pat)
    p.go_regex = go
    p.kind = mtype
    if mtype == REGEX:
        try:
            # translate now (Docker's syntax errors are found here), compile on first use
            p._py_regex = _go_to_python(go)
        except _GoReError:
            p.kind = NEVER
            p.error = MSG_SYNTAX
            p.error_phase = "match"
            return
        except _GoReUnsupported:
            p.kind = NEVER
            p.unsupported = True
            return
    # literal prefix: every path the pattern can match starts with it
    lp = []
    if mtype != SUFFIX:
        for ch in pat:
            if ch in "*?[]\\^":
                break
            lp.append(ch)
    p.literal_prefix = "".join(lp)
    # simple globs: fixed number of components, each '*'/'?'/literal only
    if "**" not in pat and not (_SIMPLE_GLOB_BAD & set(pat)):
        p.globs = tuple(pat.split("/"))
    elif pat.startswith("**/"):
        rest = pat[3:]
        if rest and "/" not in rest and "**" not in rest and not (_SIMPLE_GLOB_BAD & set(rest)):
            p.basename_glob = rest


# ---------------------------------------------------------------------------
# reading
# ---------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    # bufio.ScanLines: split on "\n", drop one trailing "\r", no final empty line
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [ln[:-1] if ln.endswith("\r") else ln for ln in lines]


def _make_pattern(lineno: int, raw: str) -> IgnorePattern | None:
    """Docker's reading of one line; ``None`` for comments and blank lines."""
    if raw.startswith("#"):
        return None
    stripped = go_trim_space(raw)
    if stripped == "":
        return None
    col = raw.find(stripped) + 1
    end_col = col + len(stripped)
    pattern = stripped
    invert = pattern[0] == "!"
    if invert:
        pattern = go_trim_space(pattern[1:])
    if pattern:
        pattern = go_clean(pattern)
        if len(pattern) > 1 and pattern[0] == "/":
            pattern = pattern[1:]
    text = "!" + pattern if invert else pattern
    # patternmatcher.New: TrimSpace + Clean again, then the '!' and syntax checks
    p2 = go_clean(go_trim_space(text))
    negated = False
    error = None
    if p2.startswith("!"):
        if len(p2) == 1:
            error = MSG_ILLEGAL_EXCLUSION
        negated = True
        p2 = p2[1:]
    if error is None and not _match_syntax_ok(p2):
        error = MSG_SYNTAX
    ip = IgnorePattern(
        line=lineno,
        raw=raw,
        text=text,
        pattern=p2,
        negated=negated or invert,
        col=col,
        end_col=end_col,
        error=error,
        error_phase="parse" if error else None,
    )
    if error is None:
        _prepare(ip)
    return ip


def _decode(data: str | bytes) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "surrogateescape")
    return data


class IgnoreFile:
    """A parsed ``.dockerignore``.

    ``patterns``   every pattern line (:class:`IgnorePattern`), errors included.
    ``errors``     :class:`IgnoreError` list; non-empty means ``docker build``
                   fails.  Matching still works with the valid patterns.
    ``path``       where the file came from (informational).
    """

    def __init__(self, patterns: list[IgnorePattern], errors: list[IgnoreError], path: str | None = None):
        self.path = path
        self.patterns = patterns
        self.errors = errors
        # patterns taking part in matching (patternmatcher's list); a pattern
        # whose regexp fails to compile stays in the list but never matches
        self._active: list[IgnorePattern] = [p for p in patterns if p.error_phase != "parse"]
        self._n = len(self._active)
        self.has_exceptions = any(p.negated for p in self._active)
        self.has_wildcard_exception = any(p.negated and p.has_wildcard for p in self._active)
        # fsutil: an excluded dir is entered if an exception pattern lies under it
        self._exception_prefixes = tuple(p.pattern + "/" for p in self._active if p.negated)
        self._state_cache: dict[str, tuple[bool, tuple[bool, ...], bool]] = {}
        self._spec = None

    # -- basic properties -------------------------------------------------
    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def active_patterns(self) -> list[IgnorePattern]:
        return list(self._active)

    def parsed_patterns(self) -> list[str]:
        """Docker's reading of the file (``ignorefile.ReadAll`` output)."""
        return [p.text for p in self.patterns]

    def __len__(self) -> int:
        return len(self.patterns)

    def __repr__(self) -> str:
        return f"IgnoreFile(path={self.path!r}, patterns={len(self.patterns)}, errors={len(self.errors)})"

    # -- the per-path answer ----------------------------------------------
    def matches_or_parent_matches(self, path: str) -> bool:
        """``MatchesOrParentMatches``: last pattern matching the path or a parent wins."""
        path = _norm(path)
        if not path:
            return False
        matched = False
        for p in self._active:
            if p.negated != matched:
                continue
            if p.match_or_parent(path):
                matched = not p.negated
        return matched

    # -- the walk answer ----------------------------------------------------
    def child_state(self, path: str, parent_info: tuple[bool, ...] | None) -> tuple[bool, tuple[bool, ...], IgnorePattern | None]:
        """``MatchesUsingParentResults`` for one path given its parent's info.

        Returns ``(matched, info, deciding_pattern)``.  ``info[i]`` records
        whether pattern ``i`` matched (only patterns actually evaluated can
        record a match -- that is what makes the walk order-sensitive).
        """
        matched = False
        decider = None
        info = []
        for i, p in enumerate(self._active):
            m = parent_info[i] if parent_info else False
            if not m:
                if p.negated != matched:
                    info.append(False)
                    continue
                m = p.match(path)
                if not m and not parent_info and "/" in path:
                    m = any(p.match(a) for a in _ancestors(path))
            info.append(m)
            if m:
                matched = not p.negated
                decider = p
        return matched, tuple(info), decider

    def dir_skipped(self, path: str) -> bool:
        """Would the walk skip the *excluded* directory ``path`` without entering it?"""
        if not self.has_exceptions:
            return True
        if self.has_wildcard_exception:
            return False
        d = path + "/"
        return not any(e.startswith(d) for e in self._exception_prefixes)

    def _dir_state(self, path: str) -> tuple[bool, tuple[bool, ...], bool]:
        """(matched, info, unreachable) for directory ``path`` in the walk."""
        hit = self._state_cache.get(path)
        if hit is not None:
            return hit
        if "/" in path:
            parent = path.rsplit("/", 1)[0]
            pm, pinfo, gone = self._dir_state(parent)
            if not gone and pm and self.dir_skipped(parent):
                gone = True
        else:
            pinfo, gone = (), False
        m, info, _ = self.child_state(path, pinfo)
        res = (m, info, gone)
        if len(self._state_cache) < 65536:
            self._state_cache[path] = res
        return res

    def _walk_answer(self, path: str) -> tuple[bool, IgnorePattern | None, bool]:
        if "/" in path:
            parent = path.rsplit("/", 1)[0]
            pm, pinfo, gone = self._dir_state(parent)
            if not gone and pm and self.dir_skipped(parent):
                gone = True
        else:
            pinfo, gone = (), False
        m, _, decider = self.child_state(path, pinfo)
        return m, decider, gone

    def excluded(self, path: str, is_dir: bool = False) -> bool:
        """BuildKit's answer: ``path`` is not sent in the build context.

        True if the path itself is excluded or it lies in a directory the walk
        skips.  For a directory (``is_dir=True``) this is about the directory
        entry: an excluded directory still reaches the builder as the parent
        of a re-included file (see ``ContextWalk.dir_sent``).
        """
        path = _norm(path)
        if not path:
            return False
        m, _, gone = self._walk_answer(path)
        return m or gone

    def why(self, path: str) -> IgnorePattern | None:
        """The pattern deciding ``path``'s fate in the walk, or ``None``.

        For an excluded path it is the excluding line (or the line excluding
        the skipped directory it is in); for a re-included path the ``!``
        line; ``None`` when no pattern touches it.
        """
        path = _norm(path)
        if not path:
            return None
        m, decider, gone = self._walk_answer(path)
        if gone:
            # report the pattern that excluded the outermost skipped directory
            parts = path.split("/")
            for k in range(1, len(parts)):
                d = "/".join(parts[:k])
                dm, _, dgone = self._dir_state(d)
                if dm and not dgone and self.dir_skipped(d):
                    return self._walk_answer(d)[1]
        return decider

    # -- pathspec integration ---------------------------------------------
    @property
    def spec(self):
        """A :class:`pathspec.PathSpec` over :class:`DockerPattern` objects.

        ``spec.match_file(path)`` is the per-path answer
        (:meth:`matches_or_parent_matches`).
        """
        if self._spec is None:
            import pathspec

            cls = _install_pathspec()
            pats = [cls(p) for p in self._active]
            try:
                self._spec = pathspec.PathSpec(pats, backend="simple")
            except TypeError:  # pathspec < 1.0
                self._spec = pathspec.PathSpec(pats)
        return self._spec


def _ancestors(path: str):
    idx = path.find("/")
    while idx >= 0:
        yield path[:idx]
        idx = path.find("/", idx + 1)


def _norm(path: str) -> str:
    path = os.fspath(path)
    if not path:
        return ""
    path = go_clean(path)
    if path.startswith("/"):
        path = path.lstrip("/")
    if path == ".":
        return ""
    return path


def parse(text: str | bytes, path: str | None = None) -> IgnoreFile:
    """Read a ``.dockerignore`` (text or raw bytes) the way Docker does.

    Never raises on content: problems Docker rejects are in ``.errors``.
    """
    s = _decode(text)
    if s.startswith("\ufeff"):
        s = s[1:]
    patterns: list[IgnorePattern] = []
    errors: list[IgnoreError] = []
    for lineno, raw in enumerate(_split_lines(s), 1):
        if len(raw.encode("utf-8", "surrogateescape")) + (1 if raw is not None else 0) > _MAX_LINE_BYTES + 1:
            errors.append(
                IgnoreError(
                    line=lineno,
                    col=1,
                    end_col=len(raw) + 1,
                    message=MSG_TOO_LONG,
                    text=raw[:80],
                    phase="read",
                    docker_error=f"error reading .dockerignore: {MSG_TOO_LONG}",
                )
            )
            continue
        p = _make_pattern(lineno, raw)
        if p is None:
            continue
        patterns.append(p)
        if p.error:
            if p.error_phase == "parse":
                docker = f"invalid excludepatterns: {p.error}"
            else:
                docker = f"failed to match excludepatterns: {p.error}"
            errors.append(
                IgnoreError(
                    line=p.line,
                    col=p.col,
                    end_col=p.end_col,
                    message=p.error,
                    text=p.text,
                    phase=p.error_phase or "parse",
                    docker_error=docker,
                )
            )
    return IgnoreFile(patterns, errors, path)


def parse_file(path: str | os.PathLike) -> IgnoreFile:
    """Read and parse a ``.dockerignore`` file from disk."""
    with open(path, "rb") as fh:
        return parse(fh.read(), os.fspath(path))


# ---------------------------------------------------------------------------
# pathspec integration
# ---------------------------------------------------------------------------

def _install_pathspec():
    """Define :class:`DockerPattern` and register it with pathspec (once)."""
    global DockerPattern
    if "DockerPattern" in globals():
        return globals()["DockerPattern"]
    import pathspec as _pathspec
    import pathspec.util as _pathspec_util

    class DockerPattern(_pathspec.Pattern):
        """A :mod:`pathspec` pattern with Docker's ``.dockerignore`` semantics.

        Built from one raw ``.dockerignore`` line (or an :class:`IgnorePattern`).
        ``include`` is ``True`` for an exclusion line (the path is "matched" by
        the spec = excluded from the context), ``False`` for a ``!`` exception
        and ``None`` for comments, blank lines and rejected patterns.
        ``match_file`` is true when the pattern matches the path or a parent,
        so a ``PathSpec`` of these gives ``MatchesOrParentMatches``.
        """

        __slots__ = ("ignore_pattern",)

        def __init__(self, pattern, include: bool | None = None) -> None:
            if isinstance(pattern, IgnorePattern):
                ip: IgnorePattern | None = pattern
            else:
                line = _decode(pattern)
                if line.endswith("\n"):
                    line = line[:-1]
                if line.endswith("\r"):
                    line = line[:-1]
                ip = _make_pattern(0, line)
            self.ignore_pattern = ip
            if ip is None or ip.error_phase == "parse":
                inc = None
            else:
                inc = not ip.negated
            super().__init__(inc)

        def match_file(self, file: str):
            ip = self.ignore_pattern
            if ip is None or self.include is None:
                return None
            path = _norm(file)
            if path and ip.match_or_parent(path):
                return self
            return None

        def __repr__(self) -> str:
            text = self.ignore_pattern.text if self.ignore_pattern else None
            return f"DockerPattern({text!r}, include={self.include!r})"

    DockerPattern.__module__ = __name__
    DockerPattern.__qualname__ = "DockerPattern"
    globals()["DockerPattern"] = DockerPattern
    try:
        _pathspec_util.register_pattern("dockerignore", DockerPattern)
    except _pathspec_util.AlreadyRegisteredError:  # re-import (e.g. reload)
        _pathspec_util.register_pattern("dockerignore", DockerPattern, override=True)
    return DockerPattern


def __getattr__(name: str):
    if name == "DockerPattern":
        return _install_pathspec()
    raise AttributeError(name)


# Importing this module registers the "dockerignore" pathspec factory.  The
# context-walk CLI (a short-lived process that never uses pathspec) asks for
# the ~35 ms pathspec import to be deferred until ``IgnoreFile.spec`` or
# ``DockerPattern`` is first used.
import sys as _sys  # noqa: E402

if not getattr(_sys.modules.get(__package__ or ""), "_lazy_pathspec", False):
    _install_pathspec()
