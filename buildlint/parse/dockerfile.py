"""A Docker-faithful Dockerfile parser.

The goal is to give the same answer as BuildKit's own parser (``parser.Parse``) for
everything a linter needs: keywords, ``node.Original``, raw flags, arguments, heredocs,
previous comments, parser directives, parser warnings and errors.  It is written from
BuildKit's documented behaviour and from the oracle data in
``tests/data/parse_cases`` (answers produced by running BuildKit), not from its code.

Everything here is a pure function of the input text, except :func:`parse_file`.
:func:`parse` never raises: problems end up in ``Dockerfile.errors``.

Conventions
-----------
* **Lines** are 1-based physical lines.  Only ``\\n`` ends a line (a lone ``\\r`` is an
  ordinary character, as in BuildKit); a ``\\r`` before the ``\\n`` is not part of the line.
* **Columns** are 1-based and count Unicode code points of the decoded line (a UTF-8 BOM
  is not counted).  ``start_column`` is the column of the first character;
  ``end_column`` is *exclusive*: the column just after the last character (like SARIF
  ``endColumn``).  So ``FROM --platform=x`` has the flag at columns 6..17 (end 18).
* An instruction's span runs from its keyword to the end of its last physical line
  (the heredoc terminator line when there are heredocs).  A heredoc's span covers its
  body lines (for an empty body: an empty span at column 1 of the terminator line).
* Undecodable bytes are replaced by U+FFFD, one per byte (like Go's JSON encoding of
  BuildKit's strings), NUL bytes are kept.

Other attributes
----------------
* ``Dockerfile.lines``: the physical lines (decoded, BOM and EOL removed), so
  ``lines[n - 1]`` is line ``n``; ``has_bom``; ``crlf`` (some line ends in CRLF).
* ``Dockerfile.directives`` has ``escape`` only when an escape directive was honoured,
  ``syntax``/``check`` when BuildKit's DetectSyntax / ParseDirective would find them
  (a ``#!`` first line is skipped for those, ``// syntax=`` is accepted; the value is
  the first whitespace-separated field, so ``# syntax=x # comment`` gives ``x``).
* ``Instruction.args`` are exactly BuildKit's args (ONBUILD: ``[""]``, its parsed
  trigger is in ``sub``); ``words`` are the whitespace-split raw words after the
  keyword and flags, with positions.  ``Flag.raw`` is BuildKit's flag string (quotes
  removed, as BuildKit does); ``name``/``value`` split it at the first ``=``.
* Heredocs of an ``ONBUILD RUN <<EOF`` belong to the ONBUILD instruction (as in
  BuildKit) and are shared with its ``sub``.

Messages
--------
``errors`` holds BuildKit's file-level parse error (the message ``parser.Parse`` fails
with) and, after it, the purely syntactic instruction-level errors BuildKit's frontend
reports (``unknown instruction: FOO``, ``ENV requires at least one argument``, ...), each
with its line, without the ``dockerfile parse error on line N:`` prefix.  BuildKit stops
at the first error; we keep parsing and report every one we find.  The file-level one is
also ``Dockerfile.parse_error``.  ``warnings`` holds the parser warnings (``Empty
continuation line found in: ...`` at the last line of the instruction).

Not verified against BuildKit (no oracle case): the casing of "did you mean" suggestions
for upper-case unknown instructions (we always suggest the lower-case name, as BuildKit
does for lower-case input), flag suggestions, and ``# escape=`` values with trailing text.
"""

from __future__ import annotations

import gc
from bisect import bisect_right
import json as _json
import re
from dataclasses import dataclass, field
from typing import Optional, Union

__all__ = [
    "Span",
    "Flag",
    "Heredoc",
    "Word",
    "Instruction",
    "Message",
    "Dockerfile",
    "parse",
    "parse_file",
    "to_json",
    "MAX_LINE_LENGTH",
    "INSTRUCTIONS",
]

MAX_LINE_LENGTH = 65535

INSTRUCTIONS = (
    "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck",
    "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
    "workdir",
)

# ---------------------------------------------------------------------------------------
# data model


@dataclass(frozen=True)
class Span:
    """1-based lines/columns; ``end_column`` is exclusive (column after the last char)."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int


@dataclass
class Flag:
    name: str  # "mount"
    value: Optional[str]  # "type=cache,target=/x"; None for a bare "--link"
    raw: str  # "--mount=type=cache,target=/x" exactly as BuildKit gives it
    span: Span


@dataclass
class Heredoc:
    name: str
    content: str
    expand: bool
    chomp: bool
    fd: int
    span: Span


@dataclass
class Word:
    value: str
    span: Span


@dataclass
class Instruction:
    keyword: str
    raw_keyword: str
    original: str
    flags: list
    args: list
    json: bool
    heredocs: list
    prev_comments: list
    span: Span
    words: list = field(default_factory=list)
    sub: Optional["Instruction"] = None

    @property
    def start_line(self) -> int:
        return self.span.start_line

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def start_column(self) -> int:
        return self.span.start_column

    @property
    def end_column(self) -> int:
        return self.span.end_column

    @property
    def flag_names(self) -> list:
        return [f.name for f in self.flags]

    def flag(self, name: str) -> Optional[Flag]:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    @property
    def command(self) -> Optional[str]:
        """Shell text of a shell-form RUN/CMD/ENTRYPOINT, else None."""
        if self.keyword in ("RUN", "CMD", "ENTRYPOINT") and not self.json and self.args:
            return self.args[0]
        return None


@dataclass
class Message:
    line: int
    message: str
    column: int = 1


@dataclass
class Dockerfile:
    directives: dict
    escape: str
    instructions: list
    warnings: list
    errors: list
    lines: list
    has_bom: bool = False
    crlf: bool = False
    # BuildKit's file-level parse error (what parser.Parse fails with), also in `errors`
    parse_error: Optional[Message] = None


# ---------------------------------------------------------------------------------------
# character classes (Go semantics)

# unicode.IsSpace / strings.TrimSpace
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_GO_SPACE_STR = "".join(sorted(_GO_SPACE))
# unicode.IsSpace(rune(b)) for a single byte
_BYTE_SPACE = frozenset(b"\t\n\v\f\r \x85\xa0")
# BuildKit's reWhitespace: [\t\v\f\r ]+
_RE_WS = re.compile(r"[\t\v\f\r ]+")
# Go regexp \s is ASCII: [\t\n\f\r ]
_S = r"[\t\n\f\r ]"
_RE_DIRECTIVE = re.compile(r"#" + _S + r"*([a-zA-Z][a-zA-Z0-9]*)" + _S + r"*=" + _S + r"*(.+?)" + _S + r"*\Z", re.S)
_RE_SLASH_DIRECTIVE = re.compile(r"//" + _S + r"*([a-zA-Z][a-zA-Z0-9]*)" + _S + r"*=" + _S + r"*(.+?)" + _S + r"*\Z", re.S)
_KNOWN_DIRECTIVES = ("syntax", "escape", "check")
_RE_HEREDOC = re.compile(r"([0-9]*)<<(-?)([^<]*)\Z", re.S)
_SURR = re.compile("[\udc80-\udcff]")


def _go_trim(s: str) -> str:
    return s.strip(_GO_SPACE_STR)


def _go_lstrip(s: str) -> str:
    return s.lstrip(_GO_SPACE_STR)


def _dec(b: bytes) -> str:
    s = b.decode("utf-8", "surrogateescape")
    if not s.isascii():
        s = _SURR.sub("\ufffd", s)
    return s


def _to_bytes(data: Union[str, bytes, bytearray]) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    try:
        return data.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return data.encode("utf-8", "replace")


def _trim_newline(s: str) -> str:
    return s.rstrip("\r\n")


def _is_comment(s: str) -> bool:
    return _go_lstrip(s).startswith("#")


_GO_ESCAPES = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
               "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _go_quote(s: str) -> str:
    """Go's %q (strconv.Quote) for the strings we quote in messages."""
    out = ['"']
    for ch in s:
        o = ord(ch)
        esc = _GO_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        elif ch == "\ufffd":
            out.append(ch)
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        elif o < 0x10000:
            out.append("\\u%04x" % o)
        else:
            out.append("\\U%08x" % o)
    out.append('"')
    return "".join(out)


class _ParseError(Exception):
    pass


# ---------------------------------------------------------------------------------------
# position mapping: logical line offsets -> (line, column)


class _PosMap:
    """Maps offsets in a logical (joined) line to physical (line, 0-based column)."""

    __slots__ = ("segs", "offs", "first")

    def __init__(self):
        self.segs = []  # (logical_offset, line_no, col0), offsets increasing
        self.offs = []
        self.first = None  # (line_no, col0) where the logical line starts

    def add(self, logical_offset: int, line_no: int, col0: int):
        if self.first is None:
            self.first = (line_no, col0)
        if self.offs and self.offs[-1] == logical_offset:
            # an empty segment (a continuation line holding only the escape): replace it
            self.segs[-1] = (logical_offset, line_no, col0)
            return
        self.segs.append((logical_offset, line_no, col0))
        self.offs.append(logical_offset)

    def at(self, off: int):
        segs = self.segs
        if len(segs) == 1:
            seg = segs[0]
        else:
            k = bisect_right(self.offs, off) - 1
            seg = segs[k if k >= 0 else 0]
        return seg[1], seg[2] + (off - seg[0])

    def span(self, start: int, end: int) -> Span:
        """Span of logical [start, end) (end exclusive)."""
        sl, sc = self.at(start)
        if end > start:
            el, ec = self.at(end - 1)
            ec += 1
        else:
            el, ec = sl, sc
        return Span(sl, sc + 1, el, ec + 1)


# ---------------------------------------------------------------------------------------
# word splitting helpers (BuildKit semantics)


def _parse_words(rest: str, esc: str) -> list:
    """Split like BuildKit's parseWords: quotes and escapes are kept in the words."""
    words = []
    word = []
    blank_ok = False
    in_word = False
    quote = None
    n = len(rest)
    pos = 0
    while pos < n:
        ch = rest[pos]
        if not in_word:
            if ch in _GO_SPACE:
                pos += 1
                continue
            in_word = True
        if quote is None:
            if ch in _GO_SPACE:
                if blank_ok or word:
                    words.append("".join(word))
                word = []
                blank_ok = False
                in_word = False
                pos += 1
                continue
            if ch == "'" or ch == '"':
                quote = ch
                blank_ok = True
            elif ch == esc:
                if pos + 1 == n:
                    pos += 1
                    continue
                word.append(ch)
                pos += 1
                ch = rest[pos]
            word.append(ch)
            pos += 1
            continue
        # in quotes
        if ch == quote:
            quote = None
            word.append(ch)
            pos += 1
            continue
        if ch == esc and quote != "'":
            if pos + 1 == n:
                quote = None
                pos += 1
                continue
            word.append(ch)
            pos += 1
            ch = rest[pos]
        word.append(ch)
        pos += 1
    if in_word and (blank_ok or word):
        words.append("".join(word))
    return words


def _char_index_for_byte(s: str, bpos: int) -> int:
    if s.isascii():
        return bpos
    acc = 0
    for i, ch in enumerate(s):
        if acc >= bpos:
            return i
        acc += len(ch.encode("utf-8", "surrogatepass"))
    return len(s)


def _extract_flags(line: str):
    """BuildKit's flag extraction (byte-wise, like Go's rune(line[pos])).

    Returns (remaining_line, [(raw_flag, start_char, end_char)], remaining_start_char).
    """
    if line.isascii():
        fast = _extract_flags_fast(line)
        if fast is not None:
            return fast
    b = line.encode("utf-8", "surrogatepass")
    n = len(b)
    words = []
    word = []
    pos = 0
    phase = 0  # 0 spaces, 1 word, 2 quote
    quote = 0
    blank_ok = False
    wstart = 0

    def emit(endpos):
        words.append(("".join(word), wstart, endpos))

    while True:
        if phase == 0:
            if pos >= n:
                return "", _conv(line, words), len(line)
            ch = b[pos]
            if ch in _BYTE_SPACE:
                pos += 1
                continue
            if ch != 0x2D or pos + 1 >= n or b[pos + 1] != 0x2D:
                return _dec(b[pos:]), _conv(line, words), _char_index_for_byte(line, pos)
            phase = 1
            wstart = pos
        if pos >= n:
            w = "".join(word)
            if w != "--" and (blank_ok or w):
                emit(pos)
            return "", _conv(line, words), len(line)
        ch = b[pos]
        if phase == 1:
            if ch in _BYTE_SPACE:
                w = "".join(word)
                if w == "--":
                    return _dec(b[pos:]), _conv(line, words), _char_index_for_byte(line, pos)
                if blank_ok or w:
                    emit(pos)
                word = []
                blank_ok = False
                phase = 0
                pos += 1
                continue
            if ch == 0x27 or ch == 0x22:
                quote = ch
                blank_ok = True
                phase = 2
                pos += 1
                continue
            if ch == 0x5C:
                if pos + 1 >= n:
                    pos += 1
                    continue
                pos += 1
                ch = b[pos]
            word.append(chr(ch))
            pos += 1
            continue
        # phase 2: in quotes
        if ch == quote:
            phase = 1
            pos += 1
            continue
        if ch == 0x5C:
            if pos + 1 >= n:
                phase = 1
                pos += 1
                continue
            pos += 1
            ch = b[pos]
        word.append(chr(ch))
        pos += 1


_RE_TOKEN = re.compile(r"[^\t\n\v\f\r ]+")


def _extract_flags_fast(line: str):
    """Fast path of _extract_flags for ASCII lines whose flags have no quotes/backslashes."""
    if not line.lstrip("\t\n\v\f\r ").startswith("--"):
        st = len(line) - len(line.lstrip("\t\n\v\f\r "))
        return (line[st:], [], st) if st < len(line) else ("", [], len(line))
    words = []
    for m in _RE_TOKEN.finditer(line):
        tok = m.group(0)
        if not tok.startswith("--"):
            return line[m.start():], words, m.start()
        if "'" in tok or '"' in tok or "\\" in tok:
            return None
        if tok == "--":
            return line[m.end():], words, m.end()
        words.append((tok, m.start(), m.end()))
    return "", words, len(line)


def _conv(line: str, words):
    """Byte offsets -> character offsets.  The flag text itself stays as Go builds it
    (byte by byte, so non-ASCII bytes come out as Latin-1 characters)."""
    if line.isascii():
        return words
    return [(raw, _char_index_for_byte(line, s), _char_index_for_byte(line, e)) for raw, s, e in words]


# ---------------------------------------------------------------------------------------
# minimal shell-word lexer for heredoc detection (RawQuotes + RawEscapes, empty env)


def _shell_words(line: str, esc: str = "\\"):
    """Words of the line as BuildKit's shell lexer splits them for heredoc detection
    (quotes and escapes kept, $variables left alone); None on a lexer error."""
    words = []
    cur = []
    have = False
    i = 0
    n = len(line)
    while i < n:
        ch = line[i]
        if ch in " \t\r\n\v\f":
            if have:
                words.append("".join(cur))
            cur = []
            have = False
            i += 1
            continue
        have = True
        if ch == esc:
            cur.append(ch)
            if i + 1 < n:
                cur.append(line[i + 1])
            i += 2
            continue
        if ch == "'":
            j = line.find("'", i + 1)
            if j < 0:
                return None  # lexer error: BuildKit then finds no heredocs
            cur.append(line[i : j + 1])
            i = j + 1
            continue
        if ch == '"':
            j = i + 1
            buf = ['"']
            while j < n and line[j] != '"':
                if line[j] == esc and j + 1 < n:
                    buf.append(line[j : j + 2])
                    j += 2
                    continue
                buf.append(line[j])
                j += 1
            if j >= n:
                return None  # unterminated double quote
            buf.append('"')
            cur.append("".join(buf))
            i = j + 1
            continue
        cur.append(ch)
        i += 1
    if have:
        words.append("".join(cur))
    return words


def _parse_heredoc_word(word: str):
    m = _RE_HEREDOC.match(word)
    if not m:
        return None
    raw_name = m.group(3)
    if raw_name == "":
        return None
    name = _unquote_shell(raw_name)
    if name == "":
        return None
    return Heredoc(
        name=name,
        content="",
        expand=(name == raw_name),
        chomp=m.group(2) == "-",
        fd=int(m.group(1)) if m.group(1) else 0,
        span=Span(0, 0, 0, 0),
    )


def _unquote_shell(s: str) -> str:
    out = []
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            if i + 1 < n:
                out.append(s[i + 1])
            i += 2
            continue
        if ch == "'":
            j = s.find("'", i + 1)
            if j < 0:
                j = n
            out.append(s[i + 1 : j])
            i = j + 1
            continue
        if ch == '"':
            j = i + 1
            while j < n and s[j] != '"':
                if s[j] == "\\" and j + 1 < n and s[j + 1] in '"\\$`':
                    out.append(s[j + 1])
                    j += 2
                    continue
                out.append(s[j])
                j += 1
            i = j + 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------------
# argument parsers (per instruction)


_NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only"


def _json_constant(_):
    raise ValueError("not JSON")


def _parse_json(rest: str):
    """Returns list[str] if rest is a JSON string array, None if not JSON.

    Raises _ParseError if it is a JSON array with non-string elements."""
    if not rest.startswith("["):
        return None
    try:
        val = _json.loads(rest, parse_constant=_json_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(val, list):
        return None
    out = []
    for v in val:
        if not isinstance(v, str):
            raise _ParseError(_NOT_STRINGS)
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            v = re.sub("[\ud800-\udfff]", "\ufffd", v)
        out.append(v)
    return out


def _args_maybe_json(rest: str):
    if rest == "":
        return [], False
    j = _parse_json(rest)
    if j is not None:
        return j, True
    return [rest], False


def _args_maybe_json_list(rest: str):
    j = _parse_json(rest)
    if j is not None:
        return j, True
    return _args_ws(rest)


def _args_ws(rest: str):
    if rest == "":
        return [], False
    return [w for w in _RE_WS.split(rest) if w != ""], False


def _args_string(rest: str):
    if rest == "":
        return [], False
    return [rest], False


def _args_name_val(rest: str, key: str, esc: str):
    words = _parse_words(rest, esc)
    if not words:
        return [], False
    if "=" not in words[0]:
        parts = _RE_WS.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise _ParseError("%s must have two arguments" % key)
        return [parts[0], parts[1], ""], False
    out = []
    for w in words:
        if "=" not in w:
            raise _ParseError(
                "Syntax error - can't find = in %s. Must be of the form: name=value" % _go_quote(w)
            )
        k, v = w.split("=", 1)
        out += [k, v, "="]
    return out, False


def _args_name_or_name_val(rest: str, esc: str):
    return _parse_words(rest, esc), False


def _args_health(rest: str):
    b = rest.encode("utf-8", "surrogatepass")
    sep = 0
    while sep < len(b) and b[sep] not in _BYTE_SPACE:
        sep += 1
    nxt = sep
    while nxt < len(b) and b[nxt] in _BYTE_SPACE:
        nxt += 1
    if sep == 0:
        return [], False
    typ = _dec(b[:sep])
    more, js = _args_maybe_json(_dec(b[nxt:]))
    return [typ] + more, js


# ---------------------------------------------------------------------------------------
# instruction construction


def _compute_words(args_str: str, args_off: int, pm: _PosMap) -> list:
    out = []
    segs = pm.segs
    if len(segs) == 1:
        o0, ln0, c0 = segs[0]
        base = c0 - o0 + args_off + 1
        for mm in _RE_TOKEN.finditer(args_str):
            out.append(Word(mm.group(0), Span(ln0, base + mm.start(), ln0, base + mm.end())))
        return out
    for mm in _RE_TOKEN.finditer(args_str):
        out.append(Word(mm.group(0), pm.span(args_off + mm.start(), args_off + mm.end())))
    return out


def _make_instruction(line: str, pm: _PosMap, esc: str, comments, start_line: int, end_line: int,
                      end_col: int) -> Instruction:
    """Build an Instruction from a logical line.  May raise _ParseError."""
    lead = len(line) - len(_go_lstrip(line))
    s = _go_trim(line)
    m = _RE_WS.search(s)
    flags = []
    args_str = ""
    args_off = lead + len(s)
    if m:
        cmd = s[: m.start()]
        rest0 = s[m.end() :]
        rest_off = lead + m.end()
        remaining, fl, rem_start = _extract_flags(rest0)
        for raw, fs, fe in fl:
            name, eq, value = raw[2:].partition("=") if raw.startswith("--") else (raw, "", "")
            flags.append(Flag(name=name, value=value if eq else None, raw=raw,
                              span=pm.span(rest_off + fs, rest_off + fe)))
        args_str = _go_trim(remaining)
        if args_str:
            args_off = rest_off + rem_start + (len(remaining) - len(_go_lstrip(remaining)))
    else:
        cmd = s
    kw = cmd.lower()
    sub = None
    js = False
    if kw in ("run", "cmd", "entrypoint", "shell"):
        args, js = _args_maybe_json(args_str)
    elif kw in ("add", "copy", "volume"):
        args, js = _args_maybe_json_list(args_str)
    elif kw in ("from", "expose"):
        args, js = _args_ws(args_str)
    elif kw in ("maintainer", "stopsignal", "user", "workdir"):
        args, js = _args_string(args_str)
    elif kw == "env":
        args, js = _args_name_val(args_str, "ENV", esc)
    elif kw == "label":
        args, js = _args_name_val(args_str, "LABEL", esc)
    elif kw == "arg":
        args, js = _args_name_or_name_val(args_str, esc)
    elif kw == "healthcheck":
        args, js = _args_health(args_str)
    elif kw == "onbuild":
        if args_str == "":
            args = []
        else:
            args = [""]
            sub = _make_instruction(args_str, _shift(pm, args_off),
                                    esc, [], start_line, end_line, end_col)
    else:
        args = [""]
    words = _compute_words(args_str, args_off, pm) if args_str else []
    sl, sc = pm.at(lead)
    if sl != start_line and pm.first[0] == start_line:
        # the logical line starts with an escape-only line: BuildKit's start line wins
        sl, sc = pm.first
    return Instruction(
        keyword=cmd.upper(),
        raw_keyword=cmd,
        original=line,
        flags=flags,
        args=args,
        json=js,
        heredocs=[],
        prev_comments=list(comments),
        span=Span(sl, sc + 1, end_line, end_col),
        words=words,
        sub=sub,
    )


def _shift(pm: _PosMap, off: int) -> _PosMap:
    """A map for the substring of the logical line starting at `off`."""
    out = _PosMap()
    ln, col = pm.at(off)
    out.add(0, ln, col)
    for o, l2, c2 in pm.segs:
        if o > off:
            out.add(o - off, l2, c2)
    return out


def _can_contain_heredoc(ins: Instruction) -> bool:
    node = ins
    if node.keyword == "ONBUILD" and node.sub is not None:
        node = node.sub
    if node.keyword not in ("ADD", "COPY", "RUN"):
        return False
    return not node.json


# ---------------------------------------------------------------------------------------
# directives


def _directive_value(v: str) -> str:
    parts = v.split()
    return parts[0] if parts else v


def _scan_directive(key: str, lines: list, slash: bool) -> Optional[str]:
    """parser.ParseDirective / DetectSyntax: directives at the top of the file."""
    for regex in ((_RE_DIRECTIVE, _RE_SLASH_DIRECTIVE) if slash else (_RE_DIRECTIVE,)):
        for idx, ln in enumerate(lines):
            ln = _trim_newline(ln)
            if idx == 0 and ln.startswith("#!"):
                continue
            m = regex.match(ln)
            if not m:
                break
            k = m.group(1).lower()
            if k not in _KNOWN_DIRECTIVES:
                break
            if k == key:
                return _directive_value(m.group(2))
    return None


# ---------------------------------------------------------------------------------------
# the parser


class _Line:
    __slots__ = ("raw", "text", "content", "nbytes")

    def __init__(self, raw: bytes, text: str, nbytes: int):
        self.raw = raw
        self.text = text  # decoded, with its "\n" if any
        self.content = _trim_newline(text)  # BuildKit trimNewline
        self.nbytes = nbytes


def parse(data: Union[str, bytes]) -> Dockerfile:
    """Parse Dockerfile text (str or bytes).  Never raises."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the parse allocates many small acyclic objects; GC passes only cost time
    try:
        return _parse(data)
    except Exception as exc:  # pragma: no cover - defensive: never raise
        msg = Message(1, "internal parser error: %r" % (exc,))
        return Dockerfile(directives={}, escape="\\", instructions=[], warnings=[], errors=[msg],
                          lines=[], has_bom=False, crlf=False, parse_error=msg)
    finally:
        if gc_was_enabled:
            gc.enable()


def parse_file(path) -> Dockerfile:
    with open(path, "rb") as fh:
        return parse(fh.read())


def _parse(data) -> Dockerfile:
    raw = _to_bytes(data)
    has_bom = raw.startswith(b"\xef\xbb\xbf")
    if has_bom:
        raw = raw[3:]
    text_all = raw.decode("utf-8", "surrogateescape")
    non_ascii = not text_all.isascii()
    parts = text_all.split("\n")
    phys = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        phys.append(parts[-1])
    L = []
    crlf = False
    errors = []
    warnings = []
    fatal = None
    for idx, p in enumerate(phys):
        nb = len(p) - (1 if p.endswith("\n") else 0)
        if non_ascii and nb * 4 > MAX_LINE_LENGTH:
            nb = len(p.encode("utf-8", "surrogateescape")) - (1 if p.endswith("\n") else 0)
        if idx == 0 and has_bom:
            nb += 3
        if not crlf and p.endswith("\r\n"):
            crlf = True
        if non_ascii and not p.isascii():
            raw_line = p.encode("utf-8", "surrogateescape")
            p = _SURR.sub("\ufffd", p)
        else:
            raw_line = None
        L.append(_Line(raw_line, p, nb))
        if nb > MAX_LINE_LENGTH and fatal is None:
            fatal = Message(idx + 1, "dockerfile line greater than max allowed size of %d" % MAX_LINE_LENGTH)
    lines_out = []
    for ln in L:
        t = ln.text[:-1] if ln.text.endswith("\n") else ln.text
        if t.endswith("\r"):
            t = t[:-1]
        lines_out.append(t)

    directives = {}
    esc = "\\"
    d_done = False
    d_seen = set()

    def cont_re(e):
        x = re.escape(e)
        return re.compile(r"(^|[^" + x + r"])" + x + r"[ \t]*\Z", re.S)

    cre = cont_re(esc)

    def trim_cont(s):
        if not s.rstrip(" \t").endswith(esc):
            return s, True
        m = cre.search(s)
        if m:
            return s[: m.start()] + m.group(1), False
        return s, True

    instructions = []
    comments = []
    n = len(L)
    i = 0
    while i < n:
        ln = L[i]
        i += 1
        lineno = i
        content = ln.content
        stripped = _go_lstrip(content)
        consumed = False
        if not d_done:
            m = _RE_DIRECTIVE.match(stripped)
            k = m.group(1).lower() if m else None
            if k in _KNOWN_DIRECTIVES:
                consumed = True
                if k in d_seen:
                    if fatal is None:
                        fatal = Message(lineno, "only one %s parser directive can be used" % k)
                else:
                    d_seen.add(k)
                    val = m.group(2)
                    if k == "escape":
                        if val not in ("`", "\\"):
                            if fatal is None:
                                fatal = Message(
                                    lineno, "invalid escape token '%s' does not match ` or \\" % val)
                        else:
                            esc = val
                            cre = cont_re(esc)
            else:
                d_done = True
        if not consumed and _is_comment(content):
            c = _go_trim(_dec(ln.raw[1:]) if ln.raw is not None else ln.text[1:])
            if c == "":
                comments = []
            else:
                comments.append(c)
        processed = "" if stripped.startswith("#") else stripped
        line, is_end = trim_cont(processed)
        if is_end and line == "":
            continue
        start_line = lineno
        pm = _PosMap()
        pm.add(0, lineno, len(content) - len(stripped))
        has_empty = False
        while not is_end and i < n:
            ln2 = L[i]
            i += 1
            d_done = True
            c2 = ln2.content
            if _is_comment(c2):
                continue
            if _go_lstrip(c2) == "":
                has_empty = True
                continue
            part, is_end = trim_cont(c2)
            pm.add(len(line), i, 0)
            line += part
        end_line = i
        if has_empty:
            warnings.append(Message(end_line, "Empty continuation line found in: " + line))
        end_col = len(lines_out[end_line - 1]) + 1 if end_line - 1 < len(lines_out) else 1
        try:
            ins = _make_instruction(line, pm, esc, comments, start_line, end_line, end_col)
        except _ParseError as e:
            if fatal is None:
                fatal = Message(start_line, str(e))
            ins = _fallback_instruction(line, pm, comments, start_line, end_line, end_col)
        comments = []
        if "<<" in line and _can_contain_heredoc(ins):
            for word in _shell_words(line) or ():
                hd = _parse_heredoc_word(word)
                if hd is None:
                    continue
                body = []
                body_start = i + 1
                terminated = False
                while i < n:
                    ln3 = L[i]
                    i += 1
                    possible = ln3.content
                    if hd.chomp:
                        possible = possible.lstrip("\t")
                    if possible == hd.name:
                        terminated = True
                        break
                    body.append(ln3.text)
                hd.content = "".join(body)
                if body:
                    last = body_start + len(body) - 1
                    hd.span = Span(body_start, 1, last, len(lines_out[last - 1]) + 1)
                else:
                    hd.span = Span(min(body_start, max(n, 1)), 1, min(body_start, max(n, 1)), 1)
                ins.heredocs.append(hd)
                if not terminated:
                    if fatal is None:
                        fatal = Message(start_line, "unterminated heredoc")
                    break
            if ins.heredocs:
                end_line = i
                end_col = len(lines_out[end_line - 1]) + 1
                ins.span = Span(ins.span.start_line, ins.span.start_column, end_line, end_col)
                if ins.sub is not None:
                    ins.sub.heredocs = ins.heredocs
                    ins.sub.span = Span(ins.sub.span.start_line, ins.sub.span.start_column, end_line, end_col)
        instructions.append(ins)

    if not instructions and fatal is None:
        fatal = Message(1 if not L else len(L), "file with no instructions")
    if fatal is not None:
        errors.append(fatal)
    for ins in instructions:
        for msg in _instruction_errors(ins):
            errors.append(Message(ins.start_line, msg, ins.start_column))

    for key in ("syntax", "check"):
        v = _scan_directive(key, [x.text for x in L], slash=(key == "syntax"))
        if v is not None:
            directives[key] = v
    if "escape" in d_seen:
        directives["escape"] = esc
    return Dockerfile(directives=directives, escape=esc, instructions=instructions,
                      warnings=warnings, errors=errors, lines=lines_out, has_bom=has_bom, crlf=crlf,
                      parse_error=fatal)


def _fallback_instruction(line, pm, comments, start_line, end_line, end_col) -> Instruction:
    """Best-effort node for a line BuildKit rejects (so the rest can still be linted)."""
    lead = len(line) - len(_go_lstrip(line))
    s = _go_trim(line)
    m = _RE_WS.search(s)
    cmd = s[: m.start()] if m else s
    rest = s[m.end():] if m else ""
    sl, sc = pm.at(lead)
    return Instruction(keyword=cmd.upper(), raw_keyword=cmd, original=line, flags=[],
                       args=[rest] if rest else [], json=False, heredocs=[],
                       prev_comments=list(comments), span=Span(sl, sc + 1, end_line, end_col),
                       words=[], sub=None)


# ---------------------------------------------------------------------------------------
# instruction-level (frontend) syntactic errors

_ALLOWED_FLAGS = {
    "FROM": {"platform": "s"},
    "RUN": {"mount": "m", "network": "s", "security": "s", "device": "m"},
    "COPY": {"from": "s", "chown": "s", "chmod": "s", "link": "b", "parents": "b", "exclude": "m"},
    "ADD": {"chown": "s", "chmod": "s", "link": "b", "keep-git-dir": "b", "checksum": "s",
            "exclude": "m", "parents": "b", "unpack": "b"},
    "HEALTHCHECK": {"interval": "s", "timeout": "s", "start-period": "s", "start-interval": "s",
                    "retries": "s"},
}


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _suggest(value: str, options, case_sensitive: bool) -> Optional[str]:
    v = value if case_sensitive else value.lower()
    best, best_d = None, 3
    for o in options:
        ov = o if case_sensitive else o.lower()
        if abs(len(v) - len(ov)) >= best_d:
            continue  # the distance is at least the length difference: no suggestion possible
        d = _levenshtein(v, ov)
        if d < best_d:
            best, best_d = ov, d
    return best


def _flag_errors(ins: Instruction):
    allowed = _ALLOWED_FLAGS.get(ins.keyword, {})
    used = set()
    for f in ins.flags:
        raw = f.raw
        if not raw.startswith("--"):
            yield "arg should start with -- : %s" % raw
            return
        name = f.name
        if name not in allowed:
            msg = "unknown flag: --%s" % name
            sug = _suggest(name, list(allowed), True) if allowed else None
            if sug:
                msg += " (did you mean --%s?)" % sug
            yield msg
            return
        typ = allowed[name]
        if name in used and typ != "m":
            yield "duplicate flag specified: --%s" % name
            return
        used.add(name)
        if typ == "b":
            if f.value is not None and f.value == "":
                yield "missing a value on flag: --%s" % name
                return
            if f.value is not None and f.value.lower() not in ("true", "false"):
                yield "expecting boolean value for flag --%s, not: %s" % (name, f.value)
                return
        elif f.value is None:
            yield "missing a value on flag: --%s" % name
            return


def _instruction_errors(ins: Instruction):
    """Syntactic errors BuildKit's frontend reports for an instruction (first one only)."""
    kw = ins.keyword
    low = kw.lower()
    if low not in INSTRUCTIONS:
        msg = "unknown instruction: %s" % ins.raw_keyword
        sug = _suggest(ins.raw_keyword, INSTRUCTIONS, False)
        if sug:
            msg += " (did you mean %s?)" % sug
        return [msg]
    args = ins.args
    for m in _flag_errors(ins):
        return [m]
    if kw == "ENV" or kw == "LABEL":
        if not args:
            return ["%s requires at least one argument" % kw]
        for k in args[0::3]:
            if k == "":
                return ["%s names can not be blank" % kw]
    elif kw == "ARG":
        if not args:
            return ["ARG requires at least one argument"]
        for a in args:
            if a.startswith("="):
                return ["ARG names can not be blank"]
    elif kw == "FROM":
        if len(args) not in (1, 3):
            return ["FROM requires either one or three arguments"]
    elif kw == "HEALTHCHECK":
        if not args:
            return ["HEALTHCHECK requires at least one argument"]
        typ = args[0].upper()
        if typ == "NONE":
            if len(args) > 1:
                return ["HEALTHCHECK NONE takes no arguments"]
        elif typ == "CMD":
            if len(args) < 2 or (ins.json and False):
                return ["Missing command after HEALTHCHECK CMD"]
        else:
            return ["Unknown type %s in HEALTHCHECK (try CMD)" % _go_quote(args[0])]
    elif kw == "SHELL":
        if not ins.json:
            return ["SHELL requires the arguments to be in JSON form"]
        if not args:
            return ["SHELL requires at least one argument"]
    elif kw == "ONBUILD":
        if ins.sub is None:
            return ["ONBUILD requires at least one argument"]
        trig = ins.sub.keyword
        if trig == "ONBUILD":
            return ["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]
        if trig in ("MAINTAINER", "FROM"):
            return ["%s isn't allowed as an ONBUILD trigger" % trig]
    elif kw == "EXPOSE":
        if not args:
            return ["EXPOSE requires at least one argument"]
    elif kw in ("USER", "WORKDIR", "STOPSIGNAL", "MAINTAINER"):
        if len(args) != 1:
            return ["%s requires exactly one argument" % kw]
    elif kw == "VOLUME":
        if not args:
            return ["VOLUME requires at least one argument"]
        for a in args:
            if a.strip() == "":
                return ["VOLUME specified can not be an empty string"]
    elif kw in ("COPY", "ADD"):
        if len(args) < 2:
            return ["%s requires at least two arguments, but only one was provided. "
                    "Destination could not be determined" % kw]
    return []


# ---------------------------------------------------------------------------------------
# JSON view


def _ins_json(ins: Instruction) -> dict:
    return {
        "keyword": ins.keyword,
        "raw_keyword": ins.raw_keyword,
        "start_line": ins.start_line,
        "end_line": ins.end_line,
        "start_column": ins.start_column,
        "end_column": ins.end_column,
        "flags": [f.raw for f in ins.flags],
        "json": ins.json,
        "args": list(ins.args),
        "heredocs": [
            {"name": h.name, "content": h.content, "expand": h.expand, "chomp": h.chomp, "fd": h.fd}
            for h in ins.heredocs
        ],
        "original": ins.original,
        "prev_comments": list(ins.prev_comments),
        "sub": _ins_json(ins.sub) if ins.sub is not None else None,
    }


def to_json(df: Dockerfile) -> dict:
    return {
        "directives": dict(df.directives),
        "instructions": [_ins_json(i) for i in df.instructions],
        "warnings": [{"line": w.line, "message": w.message} for w in df.warnings],
        "errors": [{"line": e.line, "message": e.message} for e in df.errors],
    }
