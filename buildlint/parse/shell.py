"""Static analysis of shell text (Dockerfile RUN bodies, entrypoint scripts).

The main entry point is :func:`parse`, which returns a :class:`Script` holding
every simple command found in the text (including commands nested in
compound statements, functions, subshells, command substitutions and
``sh -c '...'`` bodies) together with the syntactic context each command
appears in.

Parsing uses tree-sitter-bash.  When the tree contains ERROR/MISSING nodes we
fall back to a small tokenizer of our own so rules still see commands.  No
input ever makes :func:`parse` raise.

Positions (``line``/``column``) are 1-based within the script; columns count
characters (not bytes); ``end_column`` is exclusive.
"""

from __future__ import annotations

import bisect
import gc
import fnmatch
import posixpath
import re
from dataclasses import dataclass, field
from typing import Iterable

__all__ = [
    "Word",
    "Command",
    "Script",
    "PackageInstall",
    "ParsedArgs",
    "parse",
    "parse_args",
    "static_value",
    "python_module_invocation",
    "package_install",
]

# ---------------------------------------------------------------------------
# data model
# ---------------------------------------------------------------------------


@dataclass
class Word:
    text: str  # raw source text
    value: str | None  # static value, quotes removed; None if it has expansions
    line: int = 1
    column: int = 1
    quoted: bool = False  # contains quoting ('..', "..", $'..' or backslash escapes)
    end_line: int = 1
    end_column: int = 1
    _start: int = field(default=0, repr=False, compare=False)
    _end: int = field(default=0, repr=False, compare=False)

    @property
    def is_static(self) -> bool:
        return self.value is not None


@dataclass
class ParsedArgs:
    """Result of :func:`parse_args`."""

    flags: set[str] = field(default_factory=set)  # option names seen, short clusters expanded
    counts: dict[str, int] = field(default_factory=dict)  # how often each flag was seen
    values: dict[str, list[str]] = field(default_factory=dict)  # option -> values (static value or raw text)
    value_words: dict[str, list[Word]] = field(default_factory=dict)
    positional: list[Word] = field(default_factory=list)
    dynamic: list[Word] = field(default_factory=list)  # words whose value is unknown


# Options that take a value, per command name; used when callers do not pass
# ``takes_value`` to the option helpers.
_PIP_TV = frozenset(
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url "
    "-f --find-links -t --target --prefix --root --trusted-host --platform --python-version "
    "--implementation --abi --src --upgrade-strategy --progress-bar --cache-dir --log "
    "--timeout --retries --proxy --cert --client-cert --global-option --config-settings -C "
    "--no-binary --only-binary --report --python --exists-action --keyring-provider "
    "--use-feature --use-deprecated --build-option --group".split()
)
_APT_TV = frozenset("-o --option -c --config-file -t --target-release --default-release -a --host-architecture".split())
_APK_TV = frozenset(
    "-X --repository -t --virtual -p --root --arch --keys-dir --repositories-file "
    "--cache-dir --cache-max-age --wait".split()
)
_DNF_TV = frozenset(
    "-c --config --installroot --releasever -x --exclude --enablerepo --disablerepo --repo "
    "--repoid -d --debuglevel -e --errorlevel --setopt --forcearch --downloaddir --destdir "
    "--rpmverbosity --color".split()
)
_NPM_TV = frozenset(
    "--omit --include --only --prefix -C --registry --loglevel --cache -w --workspace "
    "--userconfig --tag --install-strategy".split()
)
_YARN_TV = frozenset("--network-timeout --cache-folder --modules-folder --mutex --registry --cwd --mode".split())
_PNPM_TV = frozenset("-C --dir --filter -F --reporter --store-dir --registry --workspace-root".split())
_UV_TV = frozenset(
    "-r --requirement -c --constraint -e --editable -i --index-url --extra-index-url --index "
    "--default-index -f --find-links -t --target --prefix --python -p --override --cache-dir "
    "--directory --project --config-file --color --extra --group --no-group --only-group "
    "--package --python-platform --python-version --index-strategy --keyring-provider "
    "--resolution --prerelease --link-mode --exclude-newer -P --upgrade-package".split()
)
_POETRY_TV = frozenset("--only --with --without -E --extras --directory -C -P --project".split())
_CARGO_TV = frozenset(
    "--target -F --features -p --package --bin --manifest-path -j --jobs --profile "
    "--target-dir --root --version --git --branch --tag --rev --path --example --config -Z "
    "--color --message-format".split()
)
_GO_TV = frozenset(
    "-o -ldflags -gcflags -tags -mod -p -modfile -C -asmflags -buildmode -compiler -pkgdir "
    "-toolexec -overlay -pgo -installsuffix -gccgoflags -x".split()
) - {"-x"}
_BUNDLE_TV = frozenset("--without --with --path -j --jobs --retry --gemfile --binstubs --trust-policy".split())
_COMPOSER_TV = frozenset("-d --working-dir".split())
_MVN_TV = frozenset(
    "-f --file -s --settings -T --threads -pl --projects -P --activate-profiles -rf "
    "--resume-from -gs --global-settings -t --toolchains -l --log-file -b --builder".split()
)
_GRADLE_TV = frozenset(
    "-x --exclude-task -p --project-dir -b --build-file -c --settings-file -g "
    "--gradle-user-home -I --init-script --max-workers".split()
)
_GIT_TV = frozenset("-C -c --git-dir --work-tree --namespace".split())
_CURL_TV = frozenset(
    "-o --output -H --header -d --data --data-raw --data-binary -u --user -X --request "
    "-A --user-agent -e --referer --retry --retry-delay --connect-timeout -m --max-time "
    "--cacert -w --write-out -T --upload-file -x --proxy -b --cookie -c --cookie-jar "
    "-F --form -r --range --resolve -K --config".split()
)
_WGET_TV = frozenset("-O --output-document -P --directory-prefix -o --output-file -t --tries -T --timeout -U --user-agent --header".split())
_SHELL_TV = frozenset("-o +o -O +O".split())

DEFAULT_TAKES_VALUE: dict[str, frozenset[str]] = {
    "pip": _PIP_TV,
    "apt-get": _APT_TV,
    "apt": _APT_TV,
    "aptitude": _APT_TV,
    "apk": _APK_TV,
    "dnf": _DNF_TV,
    "yum": _DNF_TV,
    "microdnf": _DNF_TV,
    "tdnf": _DNF_TV,
    "npm": _NPM_TV,
    "yarn": _YARN_TV,
    "pnpm": _PNPM_TV,
    "uv": _UV_TV,
    "poetry": _POETRY_TV,
    "cargo": _CARGO_TV,
    "bundle": _BUNDLE_TV,
    "composer": _COMPOSER_TV,
    "git": _GIT_TV,
    "curl": _CURL_TV,
    "wget": _WGET_TV,
    "sh": _SHELL_TV,
    "bash": _SHELL_TV,
    "dash": _SHELL_TV,
    "ash": _SHELL_TV,
    "zsh": _SHELL_TV,
    "ksh": _SHELL_TV,
}

_PY_NAME_RE = re.compile(r"^(?:python|pypy)[0-9.]*$")
_PIP_NAME_RE = re.compile(r"^pip[0-9.]*$")


def _default_tv(name: str | None) -> frozenset[str]:
    if not name:
        return frozenset()
    if _PIP_NAME_RE.match(name):
        return _PIP_TV
    return DEFAULT_TAKES_VALUE.get(name, frozenset())


def parse_args(
    words: Iterable[Word],
    takes_value: Iterable[str] = (),
    *,
    single_dash_long: bool = False,
    attached_prefixes: tuple[str, ...] = (),
) -> ParsedArgs:
    """Best-effort getopt-style parse of ``words``.

    * ``--opt=value`` / ``--opt value`` (when ``--opt`` is in ``takes_value``)
    * short clusters ``-qy`` -> ``-q``, ``-y``; ``-rfile`` when ``-r`` takes a value;
      an unknown cluster containing non-alphanumerics (``-rreq.txt``, ``-e.``) is
      read as the first letter with an attached value.
    * ``single_dash_long``: ``-ldflags`` is one option (go, mvn, gradle); names in
      ``attached_prefixes`` (e.g. ``-D``) take the rest of the word as value.
    * everything after ``--`` is positional; a lone ``-`` is positional.
    """
    tv = set(takes_value)
    res = ParsedArgs()
    words = list(words)
    i = 0
    n = len(words)
    end_opts = False

    def add(name: str, val: str | None = None, vw: Word | None = None) -> None:
        res.flags.add(name)
        res.counts[name] = res.counts.get(name, 0) + 1
        if val is not None:
            res.values.setdefault(name, []).append(val)
            if vw is not None:
                res.value_words.setdefault(name, []).append(vw)

    def take_next(name: str) -> None:
        nonlocal i
        if i + 1 < n:
            nw = words[i + 1]
            add(name, nw.value if nw.value is not None else nw.text, nw)
            i += 1
        else:
            add(name)

    while i < n:
        w = words[i]
        v = w.value
        if v is None:
            res.dynamic.append(w)
            res.positional.append(w)
            i += 1
            continue
        if end_opts or v == "-" or not v.startswith("-") or len(v) < 2:
            res.positional.append(w)
            i += 1
            continue
        if v == "--":
            end_opts = True
            i += 1
            continue
        if v.startswith("--"):
            name, eq, val = v.partition("=")
            if eq:
                add(name, val, w)
            elif name in tv:
                take_next(name)
            else:
                add(name)
            i += 1
            continue
        # single dash
        if single_dash_long:
            for p in attached_prefixes:
                if v.startswith(p) and len(v) > len(p):
                    add(p, v[len(p):], w)
                    break
            else:
                name, eq, val = v.partition("=")
                if eq:
                    add(name, val, w)
                elif name in tv:
                    take_next(name)
                else:
                    add(name)
            i += 1
            continue
        if v in tv:
            take_next(v)
            i += 1
            continue
        letters = v[1:]
        first = "-" + letters[0]
        if not letters.isalnum() and first not in tv:
            # "-rrequirements.txt", "-e.", "-Dfoo=bar": first letter + attached value
            if letters[0].isalnum():
                add(first, letters[1:].lstrip("=") if letters[1:2] == "=" else letters[1:], w)
            else:
                add(v)
            i += 1
            continue
        j = 0
        while j < len(letters):
            f = "-" + letters[j]
            if f in tv:
                rest = letters[j + 1:]
                if rest:
                    add(f, rest[1:] if rest.startswith("=") else rest, w)
                else:
                    take_next(f)
                break
            add(f)
            j += 1
        i += 1
    return res


@dataclass
class Command:
    words: list[Word] = field(default_factory=list)
    assignments: list[tuple[str, str | None]] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1
    text: str = ""
    # context
    in_loop: bool = False
    loop_kind: str | None = None
    in_condition: bool = False
    in_function: str | None = None
    in_subshell: bool = False
    in_pipeline: bool = False
    background: bool = False
    negated: bool = False
    operator_before: str | None = None  # "&&", "||", ";", "|", "&" or None (start / newline)
    in_substitution: bool = False
    via: str | None = None  # "sh -c" / "su -c" for commands parsed out of such a string
    pipeline_index: int | None = None  # position within a pipeline (0-based)
    pipeline_size: int = 1
    heredocs: list[str] = field(default_factory=list)  # heredoc bodies fed to this command
    # unwrapping
    is_exec: bool = False  # `exec cmd ...` (process replacement)
    is_exec_fd: bool = False  # `exec >file 2>&1` (no command: fd manipulation only)
    wrappers: list[str] = field(default_factory=list)  # e.g. ["sudo", "env"]
    _name_index: int = field(default=0, repr=False, compare=False)
    _start: int = field(default=0, repr=False, compare=False)
    _end: int = field(default=0, repr=False, compare=False)
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    # -- helpers ----------------------------------------------------------
    @property
    def name_word(self) -> Word | None:
        if self._name_index < len(self.words):
            return self.words[self._name_index]
        return None

    @property
    def name(self) -> str | None:
        w = self.name_word
        if w is None:
            if self.is_exec_fd:
                return "exec"
            return None
        if w.value is None:
            return None
        v = w.value.rstrip("/") if w.value not in ("/",) else w.value
        return posixpath.basename(v) or v

    @property
    def raw_name(self) -> str | None:
        """words[0] value (before unwrapping wrappers)."""
        if not self.words:
            return None
        return self.words[0].value

    @property
    def args(self) -> list[Word]:
        return self.words[self._name_index + 1:]

    def _parsed(self, takes_value: Iterable[str] | None) -> ParsedArgs:
        tv = frozenset(takes_value) if takes_value is not None else _default_tv(self.name)
        key = ("p", tv)
        p = self._cache.get(key)
        if p is None:
            p = parse_args(self.args, tv)
            self._cache[key] = p
        return p

    def has_flag(self, *flags: str, takes_value: Iterable[str] | None = None) -> bool:
        """True if any of ``flags`` is given (``-y``, ``--yes``, ``--omit=dev``)."""
        p = self._parsed(takes_value)
        for f in flags:
            if "=" in f and f.startswith("-"):
                name, _, val = f.partition("=")
                if val in p.values.get(name, ()):
                    return True
                continue
            if f in p.flags:
                return True
        return False

    def option_values(self, *names: str, takes_value: Iterable[str] | None = None) -> list[str]:
        tv = set(takes_value) if takes_value is not None else set(_default_tv(self.name))
        tv.update(names)
        p = parse_args(self.args, tv)
        # keep source order across names
        out: list[tuple[int, str]] = []
        for nm in names:
            for w, val in zip(p.value_words.get(nm, []), p.values.get(nm, [])):
                out.append((w._start, val))
        out.sort(key=lambda t: t[0])
        return [v for _, v in out]

    def option_value(self, *names: str, takes_value: Iterable[str] | None = None) -> str | None:
        """Value of the first of ``names`` given (``-r x``, ``--requirement=x``, ``-rx``).

        Returns the static value, or the raw text when the value is dynamic."""
        vals = self.option_values(*names, takes_value=takes_value)
        return vals[0] if vals else None

    def positional(self, takes_value: Iterable[str] | None = None) -> list[Word]:
        return self._parsed(takes_value).positional

    def subcommand(self, takes_value: Iterable[str] | None = None) -> str | None:
        pos = self.positional(takes_value)
        if not pos:
            return None
        return pos[0].value

    def subcommands(self, n: int = 2, takes_value: Iterable[str] | None = None) -> list[str | None]:
        return [w.value for w in self.positional(takes_value)[:n]]

    @property
    def env(self) -> dict[str, str | None]:
        return dict(self.assignments)


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    used_fallback: bool = False
    shebang: str | None = None
    lines: list[str] = field(default_factory=list)
    set_options: dict[str, int] = field(default_factory=dict)  # option -> line it was enabled
    set_events: list[tuple[int, str, bool]] = field(default_factory=list)  # (line, option, enabled)
    has_cr: bool = False
    dialect: str = "sh"
    functions: dict[str, int] = field(default_factory=dict)  # function name -> line

    def find(self, name: str, sub: str | None = None) -> list[Command]:
        """Commands whose (unwrapped) name is ``name`` (fnmatch patterns allowed,
        e.g. ``"pip*"``) and, if given, whose subcommand is ``sub``."""
        glob = any(c in name for c in "*?[")
        out = []
        for c in self.commands:
            n = c.name
            if n is None:
                continue
            if (fnmatch.fnmatchcase(n, name) if glob else n == name):
                if sub is None or c.subcommand() == sub:
                    out.append(c)
        return out

    @property
    def errexit(self) -> bool:
        return "e" in self.set_options

    @property
    def pipefail(self) -> bool:
        return "pipefail" in self.set_options


@dataclass
class PackageInstall:
    manager: str
    action: str
    packages: list[Word] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # requirement / manifest files named
    flags: set[str] = field(default_factory=set)  # raw option names seen (clusters expanded)
    dev: bool | None = None  # installs dev dependencies? None = unknown / not applicable
    command: Command | None = None
    local_files: list[Word] = field(default_factory=list)  # ./x.deb, ., ./dist/x.whl, -e .
    features: set[str] = field(default_factory=set)  # normalised: assume_yes, no_cache, ...
    options: dict[str, list[str]] = field(default_factory=dict)  # option -> values


# ---------------------------------------------------------------------------
# low level lexical helpers (shared by the tree-sitter path and the fallback)
# ---------------------------------------------------------------------------

_NAME_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_SPECIAL_PARAMS = set("@*#?$!-0123456789")


def _skip_squote(s: str, i: int) -> int:
    j = s.find("'", i + 1)
    return len(s) if j < 0 else j + 1


def _skip_escaped(s: str, i: int, close: str) -> int:
    """Past the ``close`` that ends the quote opened at s[i]; backslash escapes."""
    n = len(s)
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == close:
            return j + 1
        else:
            j += 1
    return n


def _skip_ansi(s: str, i: int) -> int:
    return _skip_escaped(s, i, "'")  # s[i] == "'" (after $)


def _skip_backtick(s: str, i: int) -> int:
    return _skip_escaped(s, i, "`")


def _skip_dquote(s: str, i: int) -> int:
    n = len(s)
    j = i + 1
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == '"':
            return j + 1
        elif c == "$" and j + 1 < n and s[j + 1] == "(":
            j = _skip_paren(s, j + 1)
        elif c == "$" and j + 1 < n and s[j + 1] == "{":
            j = _skip_brace(s, j + 1)
        elif c == "`":
            j = _skip_backtick(s, j)
        else:
            j += 1
    return n


def _skip_paren(s: str, i: int) -> int:
    """s[i] == '('; return index after the matching ')'."""
    return _skip_group(s, i, "(", ")")


def _skip_brace(s: str, i: int) -> int:
    """s[i] == '{' (of ${...}); return index after the matching '}'."""
    return _skip_group(s, i, "{", "}")


def _skip_group(s: str, i: int, opener: str, closer: str) -> int:
    """s[i] == opener; return index after the matching closer.  Quotes and
    backticks are skipped whole; inside ``(...)`` a ``#`` after a blank starts a
    comment, inside ``${...}`` a ``$(...)`` is skipped whole."""
    paren = opener == "("
    n = len(s)
    depth = 0
    j = i
    while j < n:
        c = s[j]
        if c == "\\":
            j += 2
        elif c == "'":
            j = _skip_squote(s, j)
        elif c == '"':
            j = _skip_dquote(s, j)
        elif c == "`":
            j = _skip_backtick(s, j)
        elif not paren and c == "$" and j + 1 < n and s[j + 1] == "(":
            j = _skip_group(s, j + 1, "(", ")")
        elif c == opener:
            depth += 1
            j += 1
        elif c == closer:
            depth -= 1
            j += 1
            if depth <= 0:
                return j
        elif paren and c == "#" and j > i and s[j - 1] in " \t\n":
            k = s.find("\n", j)
            j = n if k < 0 else k
        else:
            j += 1
    return n


def _skip_dollar(s: str, i: int) -> int | None:
    """s[i] == '$'.  Return end of the expansion, or None if '$' is literal."""
    n = len(s)
    if i + 1 >= n:
        return None
    c = s[i + 1]
    if c == "(":
        return _skip_paren(s, i + 1)
    if c == "{":
        return _skip_brace(s, i + 1)
    if c in _SPECIAL_PARAMS:
        return i + 2
    if c in _NAME_START:
        j = i + 2
        while j < n and (s[j] in _NAME_START or s[j].isdigit()):
            j += 1
        return j
    return None


_ANSI_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
                "e": "\x1b", "E": "\x1b", "\\": "\\", "'": "'", '"': '"', "?": "?"}


_WORD_SPECIAL_RE = re.compile(r"[\\'\"$`]|^[<>]\(")


def _eval_word(s: str, want_map: bool = False) -> tuple[str | None, bool, list[int] | None]:
    """Static value of a shell word.

    Returns (value or None when dynamic, quoted, srcmap) where srcmap[k] is the
    index in ``s`` of the source character producing value character k
    (only when ``want_map``)."""
    if not _WORD_SPECIAL_RE.search(s):
        return s, False, (list(range(len(s))) if want_map else None)
    out: list[str] = []
    smap: list[int] | None = [] if want_map else None
    dynamic = False
    quoted = False
    n = len(s)
    i = 0

    def emit(ch: str, pos: int) -> None:
        out.append(ch)
        if smap is not None:
            smap.extend([pos] * len(ch))

    if n >= 2 and s[0] in "<>" and s[1] == "(":
        return None, False, None
    while i < n:
        c = s[i]
        if c == "\\":
            if i + 1 < n:
                if s[i + 1] == "\n":
                    i += 2
                    continue
                quoted = True
                emit(s[i + 1], i + 1)
                i += 2
            else:
                emit(c, i)
                i += 1
        elif c == "'":
            quoted = True
            j = _skip_squote(s, i)
            end = j - 1 if j <= n and s[j - 1:j] == "'" and j - 1 > i else j
            for k in range(i + 1, end):
                emit(s[k], k)
            i = j
        elif c == '"':
            quoted = True
            j = i + 1
            while j < n:
                d = s[j]
                if d == "\\" and j + 1 < n:
                    e = s[j + 1]
                    if e in '$`"\\':
                        emit(e, j + 1)
                    elif e == "\n":
                        pass
                    else:
                        emit("\\", j)
                        emit(e, j + 1)
                    j += 2
                elif d == '"':
                    j += 1
                    break
                elif d == "$":
                    k = _skip_dollar(s, j)
                    if k is None:
                        emit(d, j)
                        j += 1
                    else:
                        dynamic = True
                        j = k
                elif d == "`":
                    dynamic = True
                    j = _skip_backtick(s, j)
                else:
                    emit(d, j)
                    j += 1
            i = j
        elif c == "$":
            nxt = s[i + 1] if i + 1 < n else ""
            if nxt == "'":
                quoted = True
                j = i + 2
                while j < n:
                    d = s[j]
                    if d == "'":
                        j += 1
                        break
                    if d == "\\" and j + 1 < n:
                        e = s[j + 1]
                        if e in _ANSI_SIMPLE:
                            emit(_ANSI_SIMPLE[e], j)
                            j += 2
                        elif e == "x":
                            m = re.match(r"[0-9a-fA-F]{1,2}", s[j + 2:j + 4])
                            if m:
                                emit(chr(int(m.group(0), 16)), j)
                                j += 2 + len(m.group(0))
                            else:
                                emit("\\x", j)
                                j += 2
                        elif e in "01234567":
                            m = re.match(r"[0-7]{1,3}", s[j + 1:j + 4])
                            emit(chr(int(m.group(0), 8)), j)  # type: ignore[union-attr]
                            j += 1 + len(m.group(0))  # type: ignore[union-attr]
                        else:
                            emit("\\" + e, j)
                            j += 2
                    else:
                        emit(d, j)
                        j += 1
                i = j
            elif nxt == '"':
                i += 1  # $"..." : treat as "..."
            else:
                k = _skip_dollar(s, i)
                if k is None:
                    emit(c, i)
                    i += 1
                else:
                    dynamic = True
                    i = k
        elif c == "`":
            dynamic = True
            i = _skip_backtick(s, i)
        else:
            emit(c, i)
            i += 1
    if dynamic:
        return None, quoted, None
    return "".join(out), quoted, smap


def static_value(text: str) -> str | None:
    """Static value of a raw shell word (None if it contains expansions)."""
    try:
        return _eval_word(text)[0]
    except Exception:  # pragma: no cover - defensive
        return None


def _find_substitutions(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans (inner_start, inner_end) of $(...), `...`, <(...), >(...) in s[a:b]
    (top level only; not inside single quotes; $((...)) arithmetic is skipped)."""
    spans: list[tuple[int, int]] = []
    i = a
    in_dq = False
    while i < b:
        c = s[i]
        if c == "\\":
            i += 2
        elif c == "'" and not in_dq:
            i = _skip_squote(s, i)
        elif c == '"':
            in_dq = not in_dq
            i += 1
        elif c == "$" and i + 1 < b and s[i + 1] == "(":
            j = _skip_paren(s, i + 1)
            if i + 2 < b and s[i + 2] == "(":
                # arithmetic: look for nested substitutions inside
                spans.extend(_find_substitutions(s, i + 3, max(i + 3, j - 2)))
            else:
                spans.append((i + 2, max(i + 2, j - 1 if s[j - 1:j] == ")" else j)))
            i = j
        elif c == "$" and i + 1 < b and s[i + 1] == "{":
            j = _skip_brace(s, i + 1)
            spans.extend(_find_substitutions(s, i + 2, max(i + 2, j - 1)))
            i = j
        elif c == "$" and i + 1 < b and s[i + 1] == "'" and not in_dq:
            i = _skip_ansi(s, i + 1)
        elif c == "`":
            j = _skip_backtick(s, i)
            spans.append((i + 1, max(i + 1, j - 1 if s[j - 1:j] == "`" else j)))
            i = j
        elif c in "<>" and i + 1 < b and s[i + 1] == "(" and not in_dq:
            j = _skip_paren(s, i + 1)
            spans.append((i + 2, max(i + 2, j - 1 if s[j - 1:j] == ")" else j)))
            i = j
        else:
            i += 1
    return spans


_ASSIGN_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\+?=")


# ---------------------------------------------------------------------------
# context
# ---------------------------------------------------------------------------


class _Ctx:
    """Syntactic context of a command (cheap immutable record)."""

    __slots__ = ("in_loop", "loop_kind", "in_condition", "in_function", "in_subshell", "in_pipeline",
                 "background", "negated", "operator_before", "in_substitution", "via")

    def __init__(self, **kw):
        self.in_loop = False
        self.loop_kind = None
        self.in_condition = False
        self.in_function = None
        self.in_subshell = False
        self.in_pipeline = False
        self.background = False
        self.negated = False
        self.operator_before = None
        self.in_substitution = False
        self.via = None
        for k, v in kw.items():
            setattr(self, k, v)


_CTX_SLOTS = _Ctx.__slots__


def replace(ctx: _Ctx, **kw) -> _Ctx:
    """Copy of ``ctx`` with ``kw`` changed (returns ``ctx`` itself if nothing changes)."""
    for k, v in kw.items():
        if getattr(ctx, k) != v:
            break
    else:
        return ctx
    new = object.__new__(_Ctx)
    for k in _CTX_SLOTS:
        setattr(new, k, getattr(ctx, k))
    for k, v in kw.items():
        setattr(new, k, v)
    return new


_MAX_DEPTH = 12  # nesting of sh -c / fallback substitution recursion


class _Builder:
    """Collects commands (with char offsets) for one piece of text."""

    def __init__(self, text: str, depth: int = 0):
        self.text = text
        self.depth = depth
        self.commands: list[Command] = []
        self.functions: dict[str, int] = {}  # name -> offset

    # -- word / command construction -------------------------------------
    def word(self, a: int, b: int) -> Word:
        t = self.text[a:b]
        v, q, _ = _eval_word(t)
        return Word(text=t, value=v, quoted=q, _start=a, _end=b)

    def make_command(
        self,
        words: list[Word],
        assignments: list[tuple[str, str | None]],
        redirects: list[str],
        start: int,
        end: int,
        ctx: _Ctx,
        heredocs: list[str] | None = None,
        sh_c_words: bool = True,
    ) -> Command:
        cmd = Command(
            words=words,
            assignments=list(assignments),
            redirects=redirects,
            text=self.text[start:end],
            in_loop=ctx.in_loop,
            loop_kind=ctx.loop_kind,
            in_condition=ctx.in_condition,
            in_function=ctx.in_function,
            in_subshell=ctx.in_subshell,
            in_pipeline=ctx.in_pipeline,
            background=ctx.background,
            negated=ctx.negated,
            operator_before=ctx.operator_before,
            in_substitution=ctx.in_substitution,
            via=ctx.via,
            heredocs=list(heredocs or []),
            _start=start,
            _end=end,
        )
        _unwrap(cmd)
        self.commands.append(cmd)
        if sh_c_words:
            self.maybe_shell_c(cmd, ctx)
        return cmd

    def maybe_shell_c(self, cmd: Command, ctx: _Ctx) -> None:
        if self.depth >= _MAX_DEPTH:
            return
        body = _shell_c_body(cmd)
        if body is None:
            return
        w, via = body
        v, _, smap = _eval_word(w.text, want_map=True)
        if v is None or smap is None or not v.strip():
            return
        inner = _analyze(v, self.depth + 1)
        base = w._start

        def mp(k: int, is_end: bool) -> int:
            if not smap:
                return base
            if is_end:
                if k <= 0:
                    return base + smap[0]
                return base + smap[min(k, len(smap)) - 1] + 1
            if k >= len(smap):
                return base + smap[-1] + 1
            return base + smap[k]

        for c in inner.commands:
            c._start, c._end = mp(c._start, False), mp(c._end, True)
            for iw in c.words:
                iw._start, iw._end = mp(iw._start, False), mp(iw._end, True)
            c.in_loop = c.in_loop or ctx.in_loop
            c.loop_kind = c.loop_kind or ctx.loop_kind
            c.in_condition = c.in_condition or ctx.in_condition
            c.in_function = c.in_function or ctx.in_function
            c.in_subshell = c.in_subshell or ctx.in_subshell
            c.in_substitution = c.in_substitution or ctx.in_substitution
            c.background = c.background or ctx.background
            c.via = via if c.via is None else f"{via}/{c.via}"
            self.commands.append(c)


def _shell_c_body(cmd: Command) -> tuple[Word, str] | None:
    name = cmd.name
    if name in ("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "busybox"):
        args = cmd.args
        if name == "busybox":
            if not args or args[0].value not in ("sh", "ash"):
                return None
            args = args[1:]
        has_c = False
        i = 0
        while i < len(args):
            v = args[i].value
            if v is None:
                if has_c:
                    return None
                return None
            if v == "--":
                i += 1
                continue
            if len(v) > 1 and v[0] in "-+":
                if v[0] == "-" and not v.startswith("--") and "c" in v[1:]:
                    has_c = True
                elif v == "--command":
                    has_c = True
                if not v.startswith("--") and ("o" in v[1:] or "O" in v[1:]):
                    i += 2  # -o OPTION / -euo pipefail
                    continue
                i += 1
                continue
            if has_c:
                return args[i], "sh -c"
            return None
        return None
    if name in ("su", "runuser"):
        args = cmd.args
        for i, a in enumerate(args):
            v = a.value
            if v in ("-c", "--command") and i + 1 < len(args):
                return args[i + 1], "su -c"
        return None
    return None


# ---------------------------------------------------------------------------
# wrapper unwrapping
# ---------------------------------------------------------------------------

_SUDO_TV = {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "--user", "--group",
            "--close-from", "--chdir", "--host", "--prompt", "--role", "--type", "--command-timeout",
            "--other-user"}
_ENV_TV = {"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}
_NICE_TV = {"-n", "--adjustment"}
_TINI_TV = {"-p", "-e"}
_DUMB_TV = {"-r", "--rewrite"}
_TIMEOUT_TV = {"-s", "--signal", "-k", "--kill-after"}
_STDBUF_TV = {"-i", "-o", "-e", "--input", "--output", "--error"}
_WRAPPERS = {"sudo", "env", "exec", "command", "nice", "nohup", "time", "su-exec", "gosu", "tini",
             "tini-static", "dumb-init", "timeout", "stdbuf", "ionice", "chpst", "s6-setuidgid",
             "doas", "builtin"}


def _skip_opts(words: list[Word], i: int, tv: set[str], stop_at_assign: bool = False) -> int:
    """Skip options starting at words[i]; return index of first non-option."""
    n = len(words)
    while i < n:
        v = words[i].value
        if v is None:
            return i
        if v == "--":
            return i + 1
        if v.startswith("-") and len(v) > 1:
            if v in tv:
                i += 2
                continue
            i += 1
            continue
        return i
    return i


def _unwrap(cmd: Command) -> None:
    words = cmd.words
    i = 0
    n = len(words)
    guard = 0
    while i < n and guard < 20:
        guard += 1
        v = words[i].value
        if v is None:
            break
        base = posixpath.basename(v)
        if base not in _WRAPPERS:
            break
        j = i + 1
        if base in ("sudo", "doas"):
            j = _skip_opts(words, j, _SUDO_TV)
            while j < n and words[j].value and _ASSIGN_RE.match(words[j].value):
                name, _, val = words[j].value.partition("=")
                cmd.assignments.append((name.rstrip("+"), val))
                j += 1
        elif base == "env":
            while j < n:
                wv = words[j].value
                if wv is None:
                    break
                if wv == "--":
                    j += 1
                    continue
                if wv.startswith("-") and len(wv) > 1 or wv == "-":
                    j += 2 if wv in _ENV_TV else 1
                    continue
                if _ASSIGN_RE.match(wv):
                    name, _, val = wv.partition("=")
                    cmd.assignments.append((name.rstrip("+"), val))
                    j += 1
                    continue
                break
        elif base == "exec":
            j = _skip_opts(words, j, {"-a"})
            if j >= n:
                cmd.is_exec_fd = True
                cmd.wrappers.append(base)
                cmd._name_index = n
                return
            cmd.is_exec = True
        elif base == "command" or base == "builtin":
            k = _skip_opts(words, j, set())
            if base == "command" and any(w.value in ("-v", "-V") for w in words[j:k]):
                break
            j = k
        elif base == "nice":
            j = _skip_opts(words, j, _NICE_TV)
        elif base == "ionice":
            j = _skip_opts(words, j, {"-c", "-n", "-p", "-P", "-u", "--class", "--classdata"})
        elif base == "nohup":
            j = _skip_opts(words, j, set())
        elif base == "time":
            j = _skip_opts(words, j, {"-f", "-o", "--format", "--output"})
        elif base in ("su-exec", "gosu", "s6-setuidgid"):
            j = i + 2  # USER
        elif base == "chpst":
            j = _skip_opts(words, j, {"-u", "-U", "-b", "-e", "-/", "-n", "-l", "-L", "-m", "-d", "-o", "-p", "-f", "-c", "-r", "-t"})
        elif base in ("tini", "tini-static"):
            j = _skip_opts(words, j, _TINI_TV)
        elif base == "dumb-init":
            j = _skip_opts(words, j, _DUMB_TV)
        elif base == "timeout":
            j = _skip_opts(words, j, _TIMEOUT_TV) + 1  # DURATION
        elif base == "stdbuf":
            j = _skip_opts(words, j, _STDBUF_TV)
        if j >= n or j <= i:
            # wrapper alone (e.g. bare `sudo -v`, `env`, `time`): the wrapper is the command
            break
        cmd.wrappers.append(base)
        i = j
    cmd._name_index = i


# ---------------------------------------------------------------------------
# tree-sitter path
# ---------------------------------------------------------------------------

_PARSER = None
_PARSER_FAILED = False


def _get_parser():
    global _PARSER, _PARSER_FAILED
    if _PARSER is None and not _PARSER_FAILED:
        try:
            import tree_sitter
            import tree_sitter_bash

            _PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
        except Exception:  # pragma: no cover - environment problem
            _PARSER_FAILED = True
    return _PARSER


_STATEMENT_TYPES = {
    "command", "list", "pipeline", "negated_command", "redirected_statement", "subshell",
    "compound_statement", "if_statement", "while_statement", "for_statement",
    "c_style_for_statement", "case_statement", "function_definition", "declaration_command",
    "unset_command", "test_command", "variable_assignment", "variable_assignments",
}
_WORDLIKE = {
    "word", "string", "raw_string", "ansi_c_string", "translated_string", "concatenation",
    "simple_expansion", "expansion", "command_substitution", "process_substitution",
    "arithmetic_expansion", "number", "test_operator", "regex", "extglob_pattern",
    "brace_expression", "variable_name",
}
_REDIRECT_TYPES = {"file_redirect", "heredoc_redirect", "herestring_redirect"}
_SEPARATORS = {";": ";", "&": "&", ";;": ";", ";&": ";", ";;&": ";", "\n": None}


class _TSWalker:
    def __init__(self, builder: _Builder, src: bytes, b2c):
        self.b = builder
        self.src = src
        self.b2c = b2c  # callable byte offset -> char offset

    def s(self, node) -> int:
        return self.b2c(node.start_byte)

    def e(self, node) -> int:
        return self.b2c(node.end_byte)

    def word(self, node) -> Word:
        return self.b.word(self.s(node), self.e(node))

    # -- traversal -------------------------------------------------------------
    def visit_seq(self, children, ctx: _Ctx) -> None:
        op = ctx.operator_before
        kids = list(children)
        sep_end = None
        for idx, ch in enumerate(kids):
            t = ch.type
            if not ch.is_named:
                if t in _SEPARATORS:
                    op = _SEPARATORS[t] if t != "&" else "&"
                    sep_end = ch.end_byte
                continue
            if t == "comment":
                continue
            if sep_end is not None and op is not None and b"\n" in self.src[sep_end:ch.start_byte]:
                op = None
            sep_end = None
            bg = idx + 1 < len(kids) and kids[idx + 1].type == "&"
            c2 = replace(ctx, operator_before=op, background=ctx.background or bg)
            self.visit(ch, c2)
            op = None

    def visit(self, node, ctx: _Ctx) -> None:
        t = node.type
        if t == "command":
            self.command(node, ctx)
        elif t == "list":
            self.list(node, ctx)
        elif t == "pipeline":
            self.pipeline(node, ctx)
        elif t == "negated_command":
            c2 = replace(ctx, negated=True)
            self.visit_seq([c for c in node.children if c.type != "!"], c2)
        elif t == "redirected_statement":
            self.redirected(node, ctx)
        elif t == "subshell":
            self.visit_seq(node.children, replace(ctx, in_subshell=True))
        elif t == "compound_statement":
            kids = node.children
            if kids and kids[0].type == "((":
                self.scan_subst(node, ctx)
            else:
                self.visit_seq(kids, ctx)
        elif t in ("do_group", "else_clause", "program"):
            self.visit_seq(node.children, ctx)
        elif t in ("if_statement", "elif_clause"):
            self.if_like(node, ctx)
        elif t == "while_statement":
            kids = node.children
            kind = kids[0].type if kids and kids[0].type in ("while", "until") else "while"
            lctx = replace(ctx, in_loop=True, loop_kind=kind)
            cond, body = [], []
            seen_body = False
            for ch in kids:
                if ch.type in ("do_group", "compound_statement"):
                    seen_body = True
                    body.append(ch)
                elif not seen_body and ch.type not in ("while", "until"):
                    cond.append(ch)
            self.visit_seq(cond, replace(lctx, in_condition=True))
            for b_ in body:
                self.visit(b_, replace(lctx, operator_before=None))
        elif t in ("for_statement", "c_style_for_statement"):
            lctx = replace(ctx, in_loop=True, loop_kind="for", operator_before=None)
            for ch in node.children:
                if ch.type in ("do_group", "compound_statement"):
                    self.visit(ch, lctx)
                elif ch.is_named and ch.type != "variable_name":
                    self.scan_subst(ch, lctx)
        elif t == "case_statement":
            for ch in node.children:
                if ch.type == "case_item":
                    self.case_item(ch, replace(ctx, operator_before=None))
                elif ch.is_named:
                    self.scan_subst(ch, ctx)
        elif t == "function_definition":
            name_node = node.child_by_field_name("name")
            name = self.b.text[self.s(name_node):self.e(name_node)] if name_node else "?"
            self.b.functions.setdefault(name, self.s(node))
            fctx = replace(ctx, in_function=name, operator_before=None)
            for ch in node.children:
                if ch.is_named and ch is not name_node and ch.type in _STATEMENT_TYPES:
                    self.visit(ch, fctx)
        elif t in ("declaration_command", "unset_command"):
            words = []
            for ch in node.children:
                if ch.type == "comment":
                    continue
                words.append(self.word(ch))
            self.b.make_command(words, [], [], self.s(node), self.e(node), ctx)
            self.scan_subst(node, replace(ctx, operator_before=None))
        elif t == "test_command":
            words: list[Word] = []
            self._flatten_test(node, words)
            self.b.make_command(words, [], [], self.s(node), self.e(node), ctx, sh_c_words=False)
            self.scan_subst(node, replace(ctx, operator_before=None))
        elif t in ("variable_assignment", "variable_assignments"):
            assigns = []
            nodes = [node] if t == "variable_assignment" else [c for c in node.children if c.type == "variable_assignment"]
            for a in nodes:
                assigns.append(self.assignment(a))
            self.b.make_command([], assigns, [], self.s(node), self.e(node), ctx)
            self.scan_subst(node, replace(ctx, operator_before=None))
        elif t == "comment" or not node.is_named:
            return
        elif t in _WORDLIKE:
            self.scan_subst(node, ctx)
        else:
            for ch in node.children:
                if ch.is_named:
                    if ch.type in _STATEMENT_TYPES or ch.child_count:
                        self.visit(ch, ctx)

    def _flatten_test(self, node, out: list[Word]) -> None:
        stack = [node]
        # iterative pre-order
        while stack:
            n = stack.pop()
            if n.type in _WORDLIKE or (not n.is_named and n.child_count == 0):
                if n.end_byte > n.start_byte:
                    out.append(self.word(n))
                continue
            stack.extend(reversed(n.children))

    def assignment(self, node) -> tuple[str, str | None]:
        name_node = node.child_by_field_name("name")
        name = self.b.text[self.s(name_node):self.e(name_node)] if name_node else ""
        val_node = node.child_by_field_name("value")
        if val_node is None:
            # "FOO=" or array/subscript forms
            txt = self.b.text[self.s(node):self.e(node)]
            _, eq, rest = txt.partition("=")
            return name, (_eval_word(rest)[0] if eq else None)
        if val_node.type == "array":
            return name, None
        return name, self.word(val_node).value

    def list(self, node, ctx: _Ctx) -> None:
        # flatten left-recursive list: ((a && b) || c)
        pairs = []
        cur = node
        while cur.type == "list":
            kids = [k for k in cur.children if k.type != "comment"]
            if len(kids) < 3:
                break
            left, opn, right = kids[0], kids[1], kids[-1]
            pairs.append((opn.type, right))
            cur = left
        pairs.reverse()
        operands = [(ctx.operator_before, cur)] + [(op, r) for op, r in pairs]
        last = len(operands) - 1
        for i, (op, nd) in enumerate(operands):
            c2 = replace(ctx, operator_before=op, in_condition=ctx.in_condition or i < last)
            self.visit(nd, c2)

    def pipeline(self, node, ctx: _Ctx) -> None:
        parts = [ch for ch in node.children if ch.is_named and ch.type != "comment"]
        size = len(parts)
        op = ctx.operator_before
        for idx, ch in enumerate(parts):
            before = len(self.b.commands)
            self.visit(ch, replace(ctx, operator_before=op, in_pipeline=True))
            # mark the first (outer-level) command created for this element
            for c in self.b.commands[before:]:
                if c.in_pipeline and c.in_substitution == ctx.in_substitution and c.via == ctx.via and c.pipeline_index is None:
                    c.pipeline_index = idx
                    c.pipeline_size = size
            op = "|"

    def if_like(self, node, ctx: _Ctx) -> None:
        cond: list = []
        body: list = []
        state = "cond"
        for ch in node.children:
            t = ch.type
            if t in ("if", "elif", "fi"):
                continue
            if t == "then":
                self.visit_seq(cond, replace(ctx, in_condition=True))
                cond = []
                state = "body"
                continue
            if t in ("elif_clause", "else_clause"):
                self.visit_seq(body, replace(ctx, operator_before=None))
                body = []
                self.visit(ch, replace(ctx, operator_before=None))
                state = "done"
                continue
            if state == "cond":
                cond.append(ch)
            elif state == "body":
                body.append(ch)
        self.visit_seq(cond, replace(ctx, in_condition=True))
        self.visit_seq(body, replace(ctx, operator_before=None))

    def case_item(self, node, ctx: _Ctx) -> None:
        seen_paren = False
        stmts = []
        for ch in node.children:
            if not seen_paren:
                if ch.type == ")":
                    seen_paren = True
                continue
            stmts.append(ch)
        self.visit_seq(stmts, ctx)

    def redirected(self, node, ctx: _Ctx) -> None:
        body = node.child_by_field_name("body")
        redirect_nodes = [ch for ch in node.children if ch.type in _REDIRECT_TYPES]
        extra_args: list = []
        conts: list = []
        reds, heredocs, red_end = self.redirects(redirect_nodes, extra_args, conts)
        before_all = len(self.b.commands)
        if body is None:
            # only redirections, e.g. `>file` or `2>/dev/null`
            self.b.make_command([self.word(a) for a in extra_args], [], reds, self.s(node), red_end or self.e(node), ctx, heredocs)
            for r in redirect_nodes:
                self.scan_subst(r, replace(ctx, operator_before=None), skip=conts)
            self.continuations(conts, before_all, ctx)
            return
        if body.type == "command":
            self.command(body, ctx, reds, heredocs, extra_args, red_end)
        else:
            before = len(self.b.commands)
            self.visit(body, ctx)
            if body.type in ("list", "pipeline"):
                target = None
                for c in reversed(self.b.commands[before:]):
                    if c.in_substitution == ctx.in_substitution and c.via == ctx.via:
                        target = c
                        break
                if target is not None:
                    target.redirects.extend(reds)
                    if red_end is not None and red_end > target._end:
                        target._end = red_end
                        target.text = self.b.text[target._start:red_end]
                    target.heredocs.extend(heredocs)
                    if extra_args:
                        target.words.extend(self.word(a) for a in extra_args)
                        target._cache.clear()
        for r in redirect_nodes:
            self.scan_subst(r, replace(ctx, operator_before=None), skip=conts)
        self.continuations(conts, before_all, ctx)

    def continuations(self, conts: list, before: int, ctx: _Ctx) -> None:
        if not conts:
            return
        mine = [c for c in self.b.commands[before:] if c.in_substitution == ctx.in_substitution and c.via == ctx.via]
        ops = [op for op, _ in conts]
        if ops[0] in ("&&", "||"):
            for c in self.b.commands[before:]:
                c.in_condition = True
        if ops[0] == "|":
            size = 1 + sum(1 for o in ops if o == "|")
            for c in mine:
                c.in_pipeline = True
                if c.pipeline_index is None:
                    c.pipeline_index, c.pipeline_size = 0, size
        pidx = 0
        for k, (op, nd) in enumerate(conts):
            later_andor = any(o in ("&&", "||") for o in ops[k + 1:])
            c2 = replace(ctx, operator_before=op, in_condition=ctx.in_condition or later_andor,
                         in_pipeline=ctx.in_pipeline or op == "|")
            start = len(self.b.commands)
            self.visit(nd, c2)
            if op == "|":
                pidx += 1
                for c in self.b.commands[start:]:
                    if c.in_substitution == ctx.in_substitution and c.via == ctx.via and c.pipeline_index is None:
                        c.pipeline_index, c.pipeline_size = pidx, 1 + sum(1 for o in ops if o == "|")

    def redirects(self, nodes, extra_args: list, conts: list | None = None) -> tuple[list[str], list[str], int | None]:
        """Redirect texts, heredoc bodies and end offset.  Statements that
        tree-sitter-bash hangs below a heredoc redirect (`cat <<EOF | x && y`)
        are appended to ``conts`` as (operator, node)."""
        if conts is None:
            conts = []
        reds: list[str] = []
        heredocs: list[str] = []
        end: int | None = None
        for r in nodes:
            if r.type == "heredoc_redirect":
                start_node = None
                last_op = None
                idx0 = len(reds)
                for ch in r.children:
                    if ch.type in ("&&", "||", "|", "|&"):
                        last_op = "|" if ch.type == "|&" else ch.type
                    elif ch.type == "pipeline" and ch.child_count and ch.children[0].type in ("|", "|&"):
                        for pc in ch.children:
                            if pc.is_named and pc.type != "comment":
                                conts.append(("|", pc))
                    elif ch.type in _STATEMENT_TYPES:
                        conts.append((last_op, ch))
                        last_op = None
                    elif ch.type == "heredoc_start":
                        start_node = ch
                    elif ch.type == "heredoc_body":
                        heredocs.append(self.b.text[self.s(ch):self.e(ch)])
                    elif ch.type in _REDIRECT_TYPES:
                        sub_reds, _, sub_end = self.redirects([ch], extra_args, conts)
                        reds.extend(sub_reds)
                        if sub_end is not None:
                            end = max(end or 0, sub_end)
                if start_node is not None:
                    e = self.e(start_node)
                    reds.insert(idx0, self.b.text[self.s(r):e])
                    end = max(end or 0, e)
                continue
            if r.type == "file_redirect":
                dests = [ch for ch in r.children if ch.is_named and ch.type != "file_descriptor"]
                # tree-sitter-bash lets the destination swallow following words
                if len(dests) > 1:
                    extra_args.extend(dests[1:])
                    e = self.e(dests[0])
                else:
                    e = self.e(r)
                reds.append(self.b.text[self.s(r):e])
                end = max(end or 0, e)
                continue
            reds.append(self.b.text[self.s(r):self.e(r)])
            end = max(end or 0, self.e(r))
        return reds, heredocs, end

    def command(self, node, ctx: _Ctx, outer_reds=None, outer_heredocs=None, outer_extra=None, outer_end=None) -> None:
        kids = [k for k in node.children if k.type != "comment"]
        # tree-sitter-bash joins "A=1 B=2<newline>cmd" into one command: split it.
        text = self.b.text
        prev_end = None
        split_at = None
        for idx, k in enumerate(kids):
            s = self.s(k)
            if prev_end is not None and idx > 0:
                gap = text[prev_end:s]
                if "\n" in gap.replace("\\\n", ""):
                    split_at = idx
                    break
            prev_end = self.e(k)
        if split_at is not None:
            first, rest = kids[:split_at], kids[split_at:]
            assigns = [self.assignment(k) for k in first if k.type == "variable_assignment"]
            self.b.make_command([], assigns, [], self.s(first[0]), self.e(first[-1]), replace(ctx, in_pipeline=False))
            for k in first:
                self.scan_subst(k, replace(ctx, operator_before=None))
            self._command_parts(rest, self.s(rest[0]), self.e(rest[-1]), replace(ctx, operator_before=None),
                                outer_reds, outer_heredocs, outer_extra, outer_end)
            return
        self._command_parts(kids, self.s(node), self.e(node), ctx, outer_reds, outer_heredocs, outer_extra, outer_end)

    def _command_parts(self, kids, start, end, ctx, outer_reds, outer_heredocs, outer_extra, outer_end) -> None:
        assigns: list[tuple[str, str | None]] = []
        word_nodes: list = []
        red_nodes: list = []
        seen_name = False
        for k in kids:
            t = k.type
            if t == "variable_assignment" and not seen_name:
                assigns.append(self.assignment(k))
            elif t in _REDIRECT_TYPES:
                red_nodes.append(k)
            elif t == "command_name":
                seen_name = True
                word_nodes.append(k)
            elif k.is_named:
                word_nodes.append(k)
        extra: list = list(outer_extra or [])
        conts: list = []
        before_all = len(self.b.commands)
        reds, heredocs, red_end = self.redirects(red_nodes, extra, conts)
        reds = reds + list(outer_reds or [])
        heredocs = heredocs + list(outer_heredocs or [])
        all_words = word_nodes + extra
        all_words.sort(key=lambda n: n.start_byte)
        words = [self.word(w) for w in all_words]
        e = max([end] + [x for x in (red_end, outer_end) if x is not None] + [self.e(x) for x in extra])
        # do not let a heredoc body extend the command text
        self.b.make_command(words, assigns, reds, start, e, ctx, heredocs)
        sub_ctx = replace(ctx, operator_before=None)
        for k in kids:
            if k.type != "command_name" or k.child_count:
                self.scan_subst(k, sub_ctx, skip=conts)
        for k in extra:
            if k not in kids:
                self.scan_subst(k, sub_ctx)
        self.continuations(conts, before_all, ctx)

    def scan_subst(self, node, ctx: _Ctx, skip=()) -> None:
        """Visit command substitutions found anywhere below ``node``."""
        if not node.child_count:
            return
        chunk = self.src[node.start_byte:node.end_byte]
        if b"$(" not in chunk and b"`" not in chunk and b"(" not in chunk:
            return
        stack = [node]
        found = []
        skip_ids = {nd.id for _, nd in skip} if skip else ()
        while stack:
            n = stack.pop()
            if skip_ids and n.id in skip_ids:
                continue
            if n.type in ("command_substitution", "process_substitution"):
                found.append(n)
                continue
            if n.child_count:
                stack.extend(n.children)
        if not found:
            return
        found.sort(key=lambda n: n.start_byte)
        sctx = replace(ctx, in_substitution=True, operator_before=None, negated=False,
                       in_pipeline=False, background=False)
        for n in found:
            self.visit_seq([c for c in n.children if c.is_named], sctx)


def _ts_errors(root, b2c, line_of) -> list[tuple[int, str]]:
    errs: list[tuple[int, str]] = []
    stack = [root]
    while stack and len(errs) < 50:
        n = stack.pop()
        if n.is_missing:
            errs.append((line_of(b2c(n.start_byte)), f"missing {n.type!r}"))
            continue
        if n.is_error:
            errs.append((line_of(b2c(n.start_byte)), "syntax error"))
            continue
        if n.has_error:
            stack.extend(reversed(n.children))
    errs.sort()
    return errs


# ---------------------------------------------------------------------------
# fallback tokenizer / assembler
# ---------------------------------------------------------------------------

_OPS = ["&&", "||", ";;&", ";;", ";&", "|&", "&>>", "&>", "<<<", "<<-", "<<", ">>", ">&", "<&", ">|", "<>",
        ";", "|", "&", "(", ")", ">", "<"]
_REDIR_OPS = {"&>>", "&>", "<<<", "<<-", "<<", ">>", ">&", "<&", ">|", "<>", ">", "<"}
_KEYWORDS = {"if", "then", "elif", "else", "fi", "while", "until", "for", "select", "do", "done",
             "case", "esac", "{", "}", "!", "function", "in"}


def _tokenize(s: str) -> tuple[list[tuple[str, int, int]], dict[int, str]]:
    """Tokens (kind, start, end): kind is 'w' (word), 'nl', or the operator text.
    Returns also heredoc bodies keyed by the token index of the heredoc operator."""
    toks: list[tuple[str, int, int]] = []
    bodies: dict[int, str] = {}
    pending: list[tuple[int, str, bool]] = []  # (op token index, delimiter, strip tabs)
    n = len(s)
    i = 0
    while i < n:
        c = s[i]
        if c in " \t\r\f\v":
            i += 1
            continue
        if c == "\\" and i + 1 < n and s[i + 1] == "\n":
            i += 2
            continue
        if c == "\n":
            toks.append(("nl", i, i + 1))
            i += 1
            if pending:
                for opi, delim, strip in pending:
                    body_start = i
                    while i < n:
                        k = s.find("\n", i)
                        line_end = n if k < 0 else k
                        ln = s[i:line_end]
                        if (ln.lstrip("\t") if strip else ln) == delim:
                            bodies[opi] = s[body_start:i]
                            i = line_end
                            break
                        i = line_end + 1
                    else:
                        bodies[opi] = s[body_start:n]
                        i = n
                pending = []
            continue
        if c == "#":
            k = s.find("\n", i)
            i = n if k < 0 else k
            continue
        # fd-prefixed redirections: 2>, 2>&1, 10<
        if c.isdigit():
            j = i
            while j < n and s[j].isdigit():
                j += 1
            if j < n and s[j] in "<>" and not (j + 1 < n and s[j + 1] == "("):
                op = next((o for o in _OPS if s.startswith(o, j) and o in _REDIR_OPS), None)
                if op:
                    toks.append((op, i, j + len(op)))
                    i = j + len(op)
                    continue
        if c in ";&|()<>":
            if c in "<>" and i + 1 < n and s[i + 1] == "(":
                j = _skip_paren(s, i + 1)
                j = _scan_word(s, j)
                toks.append(("w", i, j))
                i = j
                continue
            if c == "(" and s.startswith("((", i) and (not toks or toks[-1][0] in ("nl", ";", "&&", "||", "|", "&", "(", "w") and (not toks or toks[-1][0] != "w")):
                j = _skip_paren(s, i)
                toks.append(("w", i, j))
                i = j
                continue
            op = next(o for o in _OPS if s.startswith(o, i))
            toks.append((op, i, i + len(op)))
            i += len(op)
            if op in ("<<", "<<-"):
                # read delimiter word now
                while i < n and s[i] in " \t":
                    i += 1
                j = _scan_word(s, i)
                if j > i:
                    raw = s[i:j]
                    v = _eval_word(raw)[0]
                    delim = v if v is not None else raw.strip("'\"")
                    pending.append((len(toks) - 1, delim, op == "<<-"))
                    toks.append(("w", i, j))
                    i = j
            continue
        j = _scan_word(s, i)
        if j <= i:
            j = i + 1
        toks.append(("w", i, j))
        i = j
    return toks, bodies


def _scan_word(s: str, i: int) -> int:
    n = len(s)
    start = i
    while i < n:
        c = s[i]
        if c in " \t\n;&|()<>":
            if c == "(" and i > start and s[i - 1] == "=":
                i = _skip_paren(s, i)
                continue
            if c in "<>" and i == start and i + 1 < n and s[i + 1] == "(":
                i = _skip_paren(s, i + 1)
                continue
            break
        if c == "\\":
            i += 2
        elif c == "'":
            i = _skip_squote(s, i)
        elif c == '"':
            i = _skip_dquote(s, i)
        elif c == "`":
            i = _skip_backtick(s, i)
        elif c == "$":
            if i + 1 < n and s[i + 1] == "'":
                i = _skip_ansi(s, i + 1)
            else:
                k = _skip_dollar(s, i)
                i = k if k is not None else i + 1
        else:
            i += 1
    return min(i, n)


class _Frame:
    __slots__ = ("kind", "phase", "loop_kind", "fn", "start_idx", "saved_unit", "saved_list")

    def __init__(self, kind, phase=None, loop_kind=None, fn=None, start_idx=0, saved_unit=0, saved_list=0):
        self.kind = kind
        self.phase = phase
        self.loop_kind = loop_kind
        self.fn = fn
        self.start_idx = start_idx
        self.saved_unit = saved_unit
        self.saved_list = saved_list


def _fallback(builder: _Builder, base: _Ctx) -> None:
    s = builder.text
    toks, bodies = _tokenize(s)
    cmds = builder.commands
    frames: list[_Frame] = []
    cur_words: list[tuple[int, int]] = []
    cur_assigns: list[tuple[int, int]] = []
    cur_reds: list[str] = []
    cur_heredocs: list[str] = []
    cur_span: list[int] = []  # start, end
    sub_spans: list[tuple[int, int]] = []  # word spans to scan for substitutions
    negate = False
    op_before: str | None = base.operator_before
    unit_start = 0
    list_start = 0
    pipe_group: list[int] = []
    pending_fn: str | None = None
    expect_fn = False
    after_op = False  # previous token was && || | (newline continues)

    def ctx_now() -> _Ctx:
        in_loop = base.in_loop
        loop_kind = base.loop_kind
        in_cond = base.in_condition
        fn = base.in_function
        sub = base.in_subshell
        for f in frames:
            if f.kind == "loop":
                in_loop = True
                loop_kind = f.loop_kind
            if f.phase == "cond":
                in_cond = True
            if f.fn:
                fn = f.fn
            if f.kind == "subshell":
                sub = True
        return replace(base, in_loop=in_loop, loop_kind=loop_kind, in_condition=in_cond,
                       in_function=fn, in_subshell=sub, negated=negate or base.negated,
                       operator_before=op_before)

    def scan_spans(spans: list[tuple[int, int]], ctx: _Ctx) -> None:
        if builder.depth >= _MAX_DEPTH:
            return
        sctx = replace(ctx, in_substitution=True, operator_before=None, negated=False,
                       in_pipeline=False, background=False)
        for a, b in spans:
            for ia, ib in _find_substitutions(s, a, b):
                if ib <= ia:
                    continue
                inner = _Builder(s[ia:ib], builder.depth + 1)
                _fallback(inner, sctx)
                for c in inner.commands:
                    c._start += ia
                    c._end += ia
                    for w in c.words:
                        w._start += ia
                        w._end += ia
                    cmds.append(c)

    def end_command() -> None:
        nonlocal cur_words, cur_assigns, cur_reds, cur_heredocs, cur_span, negate, op_before, sub_spans
        if cur_words or cur_assigns or cur_reds:
            ctx = ctx_now()
            words = [builder.word(a, b) for a, b in cur_words]
            assigns = []
            for a, b in cur_assigns:
                t = s[a:b]
                m = _ASSIGN_RE.match(t)
                name = m.group(1) if m else t.partition("=")[0]
                assigns.append((name, _eval_word(t[m.end():] if m else "")[0]))
            pipe_group.append(len(cmds))
            builder.make_command(words, assigns, cur_reds, cur_span[0], cur_span[1], ctx, cur_heredocs)
            scan_spans(sub_spans, ctx)
            negate = False
            op_before = None
        elif sub_spans:
            scan_spans(sub_spans, ctx_now())
        cur_words, cur_assigns, cur_reds, cur_heredocs, cur_span, sub_spans = [], [], [], [], [], []

    def end_pipeline() -> None:
        nonlocal pipe_group
        if len(pipe_group) > 1:
            size = len(pipe_group)
            for k, ci in enumerate(pipe_group):
                if 0 <= ci < len(cmds):
                    cmds[ci].in_pipeline = True
                    cmds[ci].pipeline_index = k
                    cmds[ci].pipeline_size = size
        pipe_group = []

    def extend_span(a: int, b: int) -> None:
        if not cur_span:
            cur_span.extend([a, b])
        else:
            cur_span[1] = max(cur_span[1], b)

    def innermost(kind: str) -> _Frame | None:
        for f in reversed(frames):
            if f.kind == kind:
                return f
        return None

    def push(f: _Frame) -> None:
        nonlocal unit_start
        f.start_idx = len(cmds)
        f.saved_unit = unit_start
        f.saved_list = list_start
        frames.append(f)
        unit_start = len(cmds)

    def pop(kind: str) -> None:
        nonlocal unit_start, list_start
        while frames:
            f = frames.pop()
            if f.kind == kind:
                unit_start = f.saved_unit
                list_start = f.saved_list
                return

    pending_red: tuple[str, int, int] | None = None
    i = 0
    ntok = len(toks)
    while i < ntok:
        kind, a, b = toks[i]
        i += 1
        if kind == "w":
            text = s[a:b]
            if pending_red is not None:
                rop, ra, ridx = pending_red
                cur_reds.append(s[ra:b])
                if ridx in bodies:
                    cur_heredocs.append(bodies[ridx])
                sub_spans.append((a, b))
                extend_span(ra, b)
                pending_red = None
                continue
            top = frames[-1] if frames else None
            if top is not None and top.phase == "header":
                if text == "do" and top.kind == "loop":
                    top.phase = "body"
                    unit_start = list_start = len(cmds)
                elif text == "in" and top.kind == "case":
                    top.phase = "pattern"
                else:
                    scan_spans([(a, b)], replace(ctx_now(), in_loop=True, loop_kind=top.loop_kind) if top.kind == "loop" else ctx_now())
                continue
            if top is not None and top.kind == "case" and top.phase == "pattern" and not cur_words:
                if text == "esac":
                    pop("case")
                    continue
                if text.endswith(")") and not text.startswith("$("):
                    top.phase = "body"
                continue
            if not cur_words and not cur_assigns and not cur_reds:
                if expect_fn:
                    pending_fn = text
                    expect_fn = False
                    continue
                if text in _KEYWORDS:
                    after_op = False
                    if text == "if":
                        push(_Frame("if", "cond"))
                    elif text == "then":
                        f = innermost("if")
                        if f:
                            f.phase = "body"
                        unit_start = list_start = len(cmds)
                    elif text == "elif":
                        f = innermost("if")
                        if f:
                            f.phase = "cond"
                        unit_start = list_start = len(cmds)
                    elif text == "else":
                        f = innermost("if")
                        if f:
                            f.phase = "body"
                        unit_start = list_start = len(cmds)
                    elif text == "fi":
                        end_pipeline()
                        pop("if")
                    elif text in ("while", "until"):
                        push(_Frame("loop", "cond", loop_kind=text))
                    elif text in ("for", "select"):
                        push(_Frame("loop", "header", loop_kind="for"))
                    elif text == "do":
                        f = innermost("loop")
                        if f:
                            f.phase = "body"
                        unit_start = list_start = len(cmds)
                    elif text == "done":
                        end_pipeline()
                        pop("loop")
                    elif text == "case":
                        push(_Frame("case", "header"))
                    elif text == "esac":
                        pop("case")
                    elif text == "{":
                        push(_Frame("brace", fn=pending_fn))
                        pending_fn = None
                    elif text == "}":
                        end_pipeline()
                        pop("brace")
                    elif text == "!":
                        negate = True
                    elif text == "function":
                        expect_fn = True
                    continue
                m = _ASSIGN_RE.match(text)
                if m:
                    cur_assigns.append((a, b))
                    sub_spans.append((a, b))
                    extend_span(a, b)
                    continue
            if pending_fn is not None and not frames or (pending_fn is not None and frames and frames[-1].fn != pending_fn):
                # `f()` followed by something other than `{` / `(`: forget it
                if not (text in ("{",)):
                    pending_fn = None
            cur_words.append((a, b))
            sub_spans.append((a, b))
            extend_span(a, b)
            after_op = False
            continue
        if kind == "nl":
            if pending_red is not None:
                pending_red = None
            if after_op:
                continue
            end_command()
            end_pipeline()
            top = frames[-1] if frames else None
            unit_start = list_start = len(cmds)
            op_before = None
            continue
        # operators
        top = frames[-1] if frames else None
        if top is not None and top.kind == "case" and top.phase in ("pattern", "header") and kind in ("|", "("):
            continue
        if kind in _REDIR_OPS:
            pending_red = (kind, a, i - 1)
            extend_span(a, b)
            continue
        if kind == "(":
            if len(cur_words) == 1 and not cur_assigns and i < ntok and toks[i][0] == ")":
                pending_fn = s[cur_words[0][0]:cur_words[0][1]]
                cur_words, cur_span, sub_spans = [], [], []
                builder.functions.setdefault(pending_fn, a)
                i += 1
                continue
            if not cur_words and not cur_assigns:
                push(_Frame("subshell", fn=pending_fn))
                pending_fn = None
            continue
        if kind == ")":
            top = frames[-1] if frames else None
            if top is not None and top.kind == "case" and top.phase == "pattern":
                top.phase = "body"
                continue
            end_command()
            end_pipeline()
            if innermost("subshell") is not None:
                pop("subshell")
            continue
        if kind in (";;", ";&", ";;&"):
            end_command()
            end_pipeline()
            f = innermost("case")
            if f is not None:
                # drop frames opened inside the item
                while frames and frames[-1] is not f:
                    frames.pop()
                f.phase = "pattern"
            unit_start = list_start = len(cmds)
            op_before = None
            continue
        if kind == ";":
            end_command()
            end_pipeline()
            unit_start = list_start = len(cmds)
            op_before = ";"
            after_op = False
            continue
        if kind == "&":
            end_command()
            end_pipeline()
            for c in cmds[list_start:]:
                c.background = True
            unit_start = list_start = len(cmds)
            op_before = "&"
            after_op = False
            continue
        if kind in ("&&", "||"):
            end_command()
            end_pipeline()
            for c in cmds[unit_start:]:
                c.in_condition = True
            unit_start = len(cmds)
            op_before = kind
            after_op = True
            continue
        if kind in ("|", "|&"):
            end_command()
            op_before = "|"
            after_op = True
            continue
    end_command()
    end_pipeline()
    # names of functions defined with `function name {`
    for f in frames:
        if f.fn:
            builder.functions.setdefault(f.fn, 0)


# ---------------------------------------------------------------------------
# driver
# ---------------------------------------------------------------------------


@dataclass
class _Analysis:
    commands: list[Command]
    errors: list[tuple[int, str]]
    used_fallback: bool
    functions: dict[str, int]


_ASCII_SAFE = re.compile(r"[^\x00-\x7f]")


def _make_b2c(text: str, src: bytes):
    if len(src) == len(text):
        return lambda b: b
    table = [0] * (len(src) + 1)
    bi = 0
    for ci, ch in enumerate(text):
        o = ord(ch)
        ln = 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4
        for k in range(ln):
            if bi + k < len(table):
                table[bi + k] = ci
        bi += ln
    table[-1] = len(text)
    size = len(table)
    return lambda b: table[b] if 0 <= b < size else len(text)


def _analyze(text: str, depth: int = 0, line_of=None) -> _Analysis:
    """Analyse ``text`` (already normalised).  Offsets in results are char offsets."""
    parser = _get_parser()
    errors: list[tuple[int, str]] = []
    if line_of is None:
        starts = _line_starts(text)

        def line_of(off: int) -> int:  # noqa: F811
            return bisect.bisect_right(starts, off)

    if parser is not None:
        try:
            # tree-sitter-bash's external scanner reads out of bounds on some non-ASCII
            # input (e.g. "{" followed by U+10721E segfaults the process). Bash treats
            # every non-ASCII character as a word character, as it does "x", so the
            # grammar sees each one as "x": byte offsets are then char offsets, and
            # every text is sliced from the original string.
            src = _ASCII_SAFE.sub("x", text).encode("ascii")
            # reset() before every parse: reusing a parser after some inputs makes the
            # tree-sitter-bash external scanner segfault (reproduced with 0.25/0.26).
            parser.reset()
            tree = parser.parse(src)
            root = tree.root_node
            b2c = _make_b2c(text, src)
            if root.has_error:
                errors = _ts_errors(root, b2c, line_of) or [(1, "syntax error")]
            else:
                builder = _Builder(text, depth)
                _TSWalker(builder, src, b2c).visit(root, _Ctx())
                return _Analysis(builder.commands, [], False, builder.functions)
        except RecursionError:
            errors = errors or [(1, "nesting too deep")]
        except Exception as exc:  # pragma: no cover - defensive
            errors = errors or [(1, f"internal parser error: {type(exc).__name__}")]
    builder = _Builder(text, depth)
    try:
        _fallback(builder, _Ctx())
    except RecursionError:
        errors.append((1, "nesting too deep"))
    except Exception as exc:  # pragma: no cover - defensive
        errors.append((1, f"internal fallback error: {type(exc).__name__}"))
    return _Analysis(builder.commands, errors, True, builder.functions)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    i = find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = find("\n", i + 1)
    return starts


_LONG_SET = {"errexit": "e", "nounset": "u", "xtrace": "x", "noglob": "f", "noclobber": "C",
             "allexport": "a", "verbose": "v", "noexec": "n", "hashall": "h", "monitor": "m",
             "notify": "b", "ignoreeof": "ignoreeof"}


def _apply_set_args(vals: list[str], line: int, script: Script) -> None:
    i = 0
    while i < len(vals):
        v = vals[i]
        if v == "--" or v == "-":
            break
        if len(v) < 2 or v[0] not in "-+":
            break
        enable = v[0] == "-"
        letters = v[1:]
        if letters.startswith("-"):
            break
        j = 0
        while j < len(letters):
            ch = letters[j]
            if ch == "o":
                if i + 1 < len(vals):
                    i += 1
                    opt = _LONG_SET.get(vals[i], vals[i])
                    _set_event(script, line, opt, enable)
                j += 1
                continue
            _set_event(script, line, ch, enable)
            j += 1
        i += 1


def _set_event(script: Script, line: int, opt: str, enable: bool) -> None:
    script.set_events.append((line, opt, enable))
    if enable:
        script.set_options.setdefault(opt, line)
    else:
        script.set_options.pop(opt, None)


def _shebang_flags(shebang: str, script: Script) -> None:
    parts = shebang[2:].strip().split()
    if not parts:
        return
    rest = parts[1:]
    if posixpath.basename(parts[0]) == "env":
        rest = [p for p in rest if p not in ("-S",)]
        rest = rest[1:] if rest else []
    _apply_set_args([p for p in rest], 1, script)


def parse(text, *, dialect: str = "sh") -> Script:
    """Analyse shell ``text``.  Never raises."""
    gc_was_enabled = gc.isenabled()
    gc.disable()  # many small objects; the cyclic GC costs ~30% on big scripts
    try:
        return _parse(text, dialect)
    except Exception as exc:  # pragma: no cover - last resort
        lines = text.split("\n") if isinstance(text, str) else []
        return Script(errors=[(1, f"internal error: {type(exc).__name__}")], used_fallback=True,
                      lines=lines, dialect=dialect)
    finally:
        if gc_was_enabled:
            gc.enable()


def _parse(text, dialect: str) -> Script:
    if text is None:
        text = ""
    if isinstance(text, (bytes, bytearray, memoryview)):
        text = bytes(text).decode("utf-8", "replace")
    if not isinstance(text, str):
        text = str(text)
    has_cr = "\r" in text
    norm = text.replace("\r\n", "\n") if has_cr else text
    if norm.endswith("\r"):
        norm = norm[:-1]
    lines = norm.split("\n")
    if lines and lines[-1] == "" and norm.endswith("\n"):
        lines.pop()
    if norm == "":
        lines = []
    script = Script(lines=lines, has_cr=has_cr, dialect=dialect)
    if lines and lines[0].startswith("#!"):
        script.shebang = lines[0].strip()
        _shebang_flags(script.shebang, script)
    starts = _line_starts(norm)
    nlines = max(1, len(lines))

    def pos(off: int) -> tuple[int, int]:
        li = bisect.bisect_right(starts, off) - 1
        if li < 0:
            li = 0
        if li >= nlines:
            li = nlines - 1
            return li + 1, max(1, len(lines[li]) + 1 if lines else 1)
        return li + 1, off - starts[li] + 1

    def line_of(off: int) -> int:
        return pos(off)[0]

    an = _analyze(norm, 0, line_of)
    script.errors = an.errors
    script.used_fallback = an.used_fallback
    script.functions = {k: line_of(v) for k, v in an.functions.items()}
    for c in an.commands:
        _finalize(c, pos)
    script.commands = an.commands
    for c in script.commands:
        if c.name == "set" and not (c.in_function or c.in_subshell or c.in_substitution or c.via):
            vals = [w.value if w.value is not None else "" for w in c.args]
            _apply_set_args(vals, c.line, script)
    return script


def _finalize(c: Command, pos) -> None:
    c.line, c.column = pos(c._start)
    if c._end > c._start:
        el, ec = pos(c._end - 1)
        c.end_line, c.end_column = el, ec + 1
    else:
        c.end_line, c.end_column = c.line, c.column
    for w in c.words:
        w.line, w.column = pos(w._start)
        if w._end > w._start:
            el, ec = pos(w._end - 1)
            w.end_line, w.end_column = el, ec + 1
        else:
            w.end_line, w.end_column = w.line, w.column


# ---------------------------------------------------------------------------
# higher level helpers
# ---------------------------------------------------------------------------


def python_module_invocation(cmd: Command) -> tuple[str, list[Word]] | None:
    """``python -m pip install x`` -> ("pip", [install, x]);
    ``python manage.py migrate`` -> ("manage.py", [migrate]);
    ``python -c CODE`` -> ("-c", [CODE, ...]); ``uv pip install`` -> ("pip", [install, ...])."""
    name = cmd.name
    if name is None:
        return None
    args = cmd.args
    if name == "uv":
        pos = cmd.positional(_UV_TV)
        if pos and pos[0].value == "pip":
            idx = args.index(pos[0])
            return "pip", args[idx + 1:]
        return None
    if not (_PY_NAME_RE.match(name) or name == "py"):
        return None
    i = 0
    n = len(args)
    while i < n:
        v = args[i].value
        if v is None:
            return (args[i].text, args[i + 1:])
        if v == "-m":
            if i + 1 < n:
                mv = args[i + 1].value
                return (mv if mv is not None else args[i + 1].text, args[i + 2:])
            return None
        if v.startswith("-m") and len(v) > 2:
            return v[2:], args[i + 1:]
        if v == "-c":
            return "-c", args[i + 1:]
        if v in ("-W", "-X", "--check-hash-based-pycs"):
            i += 2
            continue
        if v == "-":
            return None
        if v.startswith("-"):
            # combined like -um / -uc
            if not v.startswith("--") and len(v) > 2 and v[-1] in "mc" and v[1:].isalpha():
                if v[-1] == "m" and i + 1 < n:
                    mv = args[i + 1].value
                    return (mv if mv is not None else args[i + 1].text, args[i + 2:])
                if v[-1] == "c":
                    return "-c", args[i + 1:]
            i += 1
            continue
        return v, args[i + 1:]
    return None


_LOCAL_PKG_RE = re.compile(r"^(\.{1,2}(/|$|\[)|/|~|file:)|\.(whl|tar\.gz|tgz|zip|tar\.bz2)$")
_DEV_RE = re.compile(r"(^|[^a-z])(dev|develop|development|test|tests|testing|lint|docs)([^a-z]|$)", re.I)


def _pi(manager, action, cmd, parsed: ParsedArgs, packages=None, files=None, dev=None, local=None, features=None):
    return PackageInstall(
        manager=manager,
        action=action,
        packages=list(packages or []),
        files=list(files or []),
        flags=set(parsed.flags),
        dev=dev,
        command=cmd,
        local_files=list(local or []),
        features=set(features or ()),
        options={k: list(v) for k, v in parsed.values.items()},
    )


def _split_local(words: list[Word], pattern: re.Pattern) -> tuple[list[Word], list[Word]]:
    pk, lc = [], []
    for w in words:
        v = w.value if w.value is not None else w.text
        (lc if pattern.search(v) else pk).append(w)
    return pk, lc


def _truthy(v: str | None) -> bool:
    return v is not None and v.strip().lower() in ("1", "true", "yes", "on")


def _pip_like(manager: str, action: str, cmd: Command, words: list[Word], tv, extra_features=()) -> PackageInstall:
    p = parse_args(words, tv)
    env = cmd.env
    files = p.values.get("-r", []) + p.values.get("--requirement", []) + p.values.get("-c", []) + p.values.get("--constraint", [])
    pk, lc = _split_local(p.positional, _LOCAL_PKG_RE)
    feats = set(extra_features)
    for w in p.value_words.get("-e", []) + p.value_words.get("--editable", []):
        feats.add("editable")
        val = p.values.get("-e", []) + p.values.get("--editable", [])
        # the editable target itself
        tgt = None
        if w.value is not None and w.value not in ("-e", "--editable"):
            tgt = w.value[2:] if w.value.startswith("-e") and not w.value.startswith("--") else w.value
            if w.value.startswith("--editable="):
                tgt = w.value.split("=", 1)[1]
        if tgt is not None and _LOCAL_PKG_RE.search(tgt):
            lc.append(w)
        elif tgt is not None:
            pk.append(w)
        del val
    if p.flags & {"--no-cache-dir", "--no-cache"} or _truthy(env.get("PIP_NO_CACHE_DIR")) or \
            (env.get("PIP_NO_CACHE_DIR") or "").lower() in ("off", "false", "0") or _truthy(env.get("UV_NO_CACHE")):
        feats.add("no_cache")
    if "--user" in p.flags:
        feats.add("user")
    if p.flags & {"-U", "--upgrade"}:
        feats.add("upgrade")
    if "--no-deps" in p.flags:
        feats.add("no_deps")
    if "--require-hashes" in p.flags:
        feats.add("require_hashes")
    if "--break-system-packages" in p.flags:
        feats.add("break_system_packages")
    if "--system" in p.flags:
        feats.add("system")
    if p.flags & {"-t", "--target", "--prefix", "--root"}:
        feats.add("target")
    if "--no-index" in p.flags:
        feats.add("no_index")
    dev = None
    names = files + [w.value or w.text for w in pk + lc]
    if any(_DEV_RE.search(posixpath.basename(x)) or re.search(r"\[[^\]]*(dev|test)[^\]]*\]", x) for x in names):
        dev = True
    return _pi(manager, action, cmd, p, pk, files, dev, lc, feats)


def package_install(cmd: Command) -> PackageInstall | None:
    """Recognise a package-manager install command; None if ``cmd`` is not one."""
    try:
        return _package_install(cmd)
    except Exception:  # pragma: no cover - defensive
        return None


def _package_install(cmd: Command) -> PackageInstall | None:
    name = cmd.name
    if name is None:
        return None
    env = cmd.env
    args = cmd.args

    # python -m pip / uv pip
    pmi = python_module_invocation(cmd)
    if pmi is not None and pmi[0] == "pip":
        margs = pmi[1]
        if name == "uv":
            pos = parse_args(margs, _UV_TV).positional
            if not pos or pos[0].value not in ("install", "sync"):
                return None
            idx = margs.index(pos[0])
            action = "pip " + pos[0].value
            pi = _pip_like("uv", action, cmd, margs[idx + 1:], _UV_TV)
            if pos[0].value == "sync":
                pi.files.extend(w.value or w.text for w in pi.packages + pi.local_files)
                pi.packages, pi.local_files = [], []
            return pi
        pos = parse_args(margs, _PIP_TV).positional
        if not pos or pos[0].value != "install":
            return None
        idx = margs.index(pos[0])
        return _pip_like("pip", "install", cmd, margs[idx + 1:], _PIP_TV, ("python -m",))

    if _PIP_NAME_RE.match(name):
        pos = parse_args(args, _PIP_TV).positional
        if not pos or pos[0].value != "install":
            return None
        idx = args.index(pos[0])
        pi = _pip_like("pip", "install", cmd, args[idx + 1:], _PIP_TV)
        # global options before the subcommand also count (pip --no-cache-dir install)
        pre = parse_args(args[:idx], _PIP_TV)
        pi.flags |= pre.flags
        if "--no-cache-dir" in pre.flags:
            pi.features.add("no_cache")
        return pi

    if name == "uv":
        p = parse_args(args, _UV_TV)
        pos = p.positional
        if not pos or pos[0].value != "sync":
            return None
        feats = set()
        if "--frozen" in p.flags:
            feats.add("frozen_lockfile")
        if "--locked" in p.flags:
            feats.add("locked")
        if "--no-cache" in p.flags or _truthy(env.get("UV_NO_CACHE")):
            feats.add("no_cache")
        if "--no-install-project" in p.flags:
            feats.add("no_root")
        dev: bool | None = True
        if p.flags & {"--no-dev"} or "dev" in p.values.get("--no-group", []) or \
                p.flags & {"--only-group"} and "dev" not in p.values.get("--only-group", []):
            dev = False
        if "--only-dev" in p.flags:
            dev = True
        if _truthy(env.get("UV_NO_DEV")):
            dev = False
        return _pi("uv", "sync", cmd, p, [], ["uv.lock"] if "--frozen" in p.flags or "--locked" in p.flags else [], dev, [], feats)

    if name in ("apt-get", "apt", "aptitude"):
        p = parse_args(args, _APT_TV)
        pos = p.positional
        if not pos:
            return None
        sub = pos[0].value
        if sub not in ("install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "satisfy"):
            return None
        pk, lc = _split_local(pos[1:], re.compile(r"(^\.{0,2}/.*|\.deb)$"))
        feats = set()
        opts = [o.replace(" ", "").lower() for o in p.values.get("-o", []) + p.values.get("--option", [])]
        if p.flags & {"-y", "--yes", "--assume-yes", "--force-yes"} or p.counts.get("-q", 0) >= 2 or \
                "apt::get::assume-yes=true" in opts or "apt::get::assume-yes=1" in opts:
            feats.add("assume_yes")
        if "--no-install-recommends" in p.flags or any(o.startswith("apt::install-recommends=") and o.split("=", 1)[1] in ("false", "0", "no") for o in opts):
            feats.add("no_install_recommends")
        if (env.get("DEBIAN_FRONTEND") or "") == "noninteractive":
            feats.add("noninteractive")
        if "--fix-missing" in p.flags:
            feats.add("fix_missing")
        return _pi(name, sub, cmd, p, pk, [], None, lc, feats)

    if name == "apk":
        p = parse_args(args, _APK_TV)
        pos = p.positional
        if not pos or pos[0].value not in ("add", "upgrade", "fix"):
            return None
        pk, lc = _split_local(pos[1:], re.compile(r"(^\.{0,2}/.*|\.apk)$"))
        feats = set()
        if "--no-cache" in p.flags:
            feats.add("no_cache")
        if p.flags & {"-U", "--update", "--update-cache"}:
            feats.add("update")
        if p.flags & {"-t", "--virtual"}:
            feats.add("virtual")
        if "--no-scripts" in p.flags:
            feats.add("no_scripts")
        return _pi("apk", pos[0].value, cmd, p, pk, [], None, lc, feats)

    if name in ("dnf", "yum", "microdnf", "tdnf", "dnf5", "zypper"):
        p = parse_args(args, _DNF_TV)
        pos = p.positional
        if not pos:
            return None
        sub = pos[0].value
        rest = pos[1:]
        if sub in ("group", "groups", "module") and rest and rest[0].value == "install":
            sub = f"{sub} install"
            rest = rest[1:]
        elif sub not in ("install", "reinstall", "update", "upgrade", "groupinstall", "localinstall",
                         "builddep", "in", "dist-upgrade", "distro-sync"):
            return None
        if sub == "in":
            sub = "install"
        pk, lc = _split_local(rest, re.compile(r"(^\.{0,2}/.*|\.rpm)$"))
        feats = set()
        setopts = [x.replace(" ", "").lower() for x in p.values.get("--setopt", [])]
        if p.flags & {"-y", "--assumeyes", "--non-interactive", "-n"}:
            feats.add("assume_yes")
        if "--nodocs" in p.flags or "tsflags=nodocs" in setopts:
            feats.add("nodocs")
        if "--setopt" in p.flags and any(x.startswith("install_weak_deps=") and x.split("=", 1)[1] in ("false", "0", "no") for x in setopts) \
                or "--no-install-recommends" in p.flags or "--setopt=install_weak_deps=0" in setopts:
            feats.add("no_weak_deps")
        if "keepcache=0" in setopts or "keepcache=false" in setopts:
            feats.add("no_cache")
        return _pi(name, sub, cmd, p, pk, [], None, lc, feats)

    if name == "poetry":
        p = parse_args(args, _POETRY_TV)
        pos = p.positional
        if not pos or pos[0].value not in ("install", "sync"):
            return None
        feats = set()
        if "--no-root" in p.flags:
            feats.add("no_root")
        if p.flags & {"--no-interaction", "-n"}:
            feats.add("no_interaction")
        if "--sync" in p.flags or pos[0].value == "sync":
            feats.add("sync")
        groups_only = ",".join(p.values.get("--only", [])).split(",")
        without = ",".join(p.values.get("--without", [])).split(",")
        with_ = ",".join(p.values.get("--with", [])).split(",")
        dev = True
        if "--no-dev" in p.flags or "--only-root" in p.flags or "dev" in without or \
                ("--only" in p.flags and "dev" not in groups_only):
            dev = False
        if "dev" in with_ or ("--only" in p.flags and "dev" in groups_only):
            dev = True
        return _pi("poetry", pos[0].value, cmd, p, pos[1:], [], dev, [], feats)

    if name == "pipenv":
        p = parse_args(args, ())
        pos = p.positional
        if not pos or pos[0].value not in ("install", "sync"):
            return None
        feats = {f.lstrip("-").replace("-", "_") for f in p.flags & {"--deploy", "--system", "--ignore-pipfile", "--skip-lock"}}
        pk = pos[1:]
        dev: bool | None
        if p.flags & {"--dev", "-d"}:
            dev = True
        elif pk:
            dev = None
        else:
            dev = False
        return _pi("pipenv", pos[0].value, cmd, p, pk, [], dev, [], feats)

    if name == "npm":
        p = parse_args(args, _NPM_TV)
        pos = p.positional
        if not pos:
            return None
        sub = pos[0].value
        if sub in ("ci", "clean-install", "ic", "install-clean", "isntall-clean"):
            action = "ci"
        elif sub in ("install", "i", "add", "in", "ins", "inst", "insta", "instal", "isnt", "isnta", "isntal", "isntall"):
            action = "install"
        else:
            return None
        feats = set()
        omit = ",".join(p.values.get("--omit", [])).split(",")
        only = p.values.get("--only", [])
        prod_vals = p.values.get("--production", [])
        production = ("--production" in p.flags and not (prod_vals and prod_vals[-1].lower() == "false")) or \
            "dev" in omit or any(v.startswith("prod") for v in only) or \
            (env.get("NODE_ENV") == "production" and "--include" not in p.flags) or \
            _truthy(env.get("NPM_CONFIG_PRODUCTION")) or "dev" in (env.get("NPM_CONFIG_OMIT") or "")
        if production:
            feats.add("production")
        if p.flags & {"-g", "--global"}:
            feats.add("global")
        if "--ignore-scripts" in p.flags:
            feats.add("ignore_scripts")
        if action == "ci":
            feats.add("frozen_lockfile")
        pk, lc = _split_local(pos[1:], _LOCAL_PKG_RE)
        dev = False if production else (None if pk or lc else True)
        if "dev" in ",".join(p.values.get("--include", [])).split(","):
            dev = True if not (pk or lc) else None
        files = ["package-lock.json"] if action == "ci" else []
        return _pi("npm", action, cmd, p, pk, files, dev, lc, feats)

    if name == "yarn":
        p = parse_args(args, _YARN_TV)
        pos = p.positional
        if not pos:
            action = "install"
            rest: list[Word] = []
        else:
            sub = pos[0].value
            if sub == "install":
                action, rest = "install", pos[1:]
            elif sub == "add":
                action, rest = "add", pos[1:]
            elif sub == "global" and len(pos) > 1 and pos[1].value == "add":
                action, rest = "global add", pos[2:]
            elif sub == "workspaces" and len(pos) > 1 and pos[1].value == "focus":
                action, rest = "workspaces focus", []
            else:
                return None
        feats = set()
        if p.flags & {"--frozen-lockfile", "--immutable"}:
            feats.add("frozen_lockfile")
        prod_vals = p.values.get("--production", []) + p.values.get("--prod", [])
        production = bool(p.flags & {"--production", "--prod"}) and not (prod_vals and prod_vals[-1].lower() == "false")
        if env.get("NODE_ENV") == "production":
            production = True
        if production:
            feats.add("production")
        if "--ignore-scripts" in p.flags:
            feats.add("ignore_scripts")
        dev = False if production else (True if action == "install" else None)
        return _pi("yarn", action, cmd, p, rest, [], dev, [], feats)

    if name == "pnpm":
        p = parse_args(args, _PNPM_TV)
        pos = p.positional
        if not pos or pos[0].value not in ("install", "i", "add", "fetch"):
            return None
        action = "install" if pos[0].value == "i" else pos[0].value
        feats = set()
        if "--frozen-lockfile" in p.flags:
            feats.add("frozen_lockfile")
        production = bool(p.flags & {"--prod", "-P", "--production"}) or env.get("NODE_ENV") == "production"
        if production:
            feats.add("production")
        if "--offline" in p.flags:
            feats.add("offline")
        if "--ignore-scripts" in p.flags:
            feats.add("ignore_scripts")
        rest = pos[1:]
        dev = False if production else (True if p.flags & {"--dev", "-D"} and action != "add" else (None if rest else True))
        return _pi("pnpm", action, cmd, p, rest, [], dev, [], feats)

    if name == "bun":
        p = parse_args(args, ())
        pos = p.positional
        if not pos or pos[0].value not in ("install", "i", "add"):
            return None
        action = "install" if pos[0].value == "i" else pos[0].value
        feats = set()
        if "--frozen-lockfile" in p.flags:
            feats.add("frozen_lockfile")
        production = bool(p.flags & {"--production", "-p"}) or env.get("NODE_ENV") == "production"
        if production:
            feats.add("production")
        rest = pos[1:]
        dev = False if production else (None if rest else True)
        return _pi("bun", action, cmd, p, rest, [], dev, [], feats)

    if name == "go":
        p = parse_args(args, _GO_TV, single_dash_long=True)
        pos = p.positional
        if not pos:
            return None
        sub = pos[0].value
        if sub == "mod" and len(pos) > 1 and pos[1].value == "download":
            return _pi("go", "mod download", cmd, p, pos[2:], ["go.mod"], None, [], set())
        if sub in ("build", "install", "get"):
            pk, lc = _split_local(pos[1:], re.compile(r"^\.{1,2}(/|$)|^/"))
            return _pi("go", sub, cmd, p, pk, [], None, lc, set())
        return None

    if name == "cargo":
        p = parse_args(args, _CARGO_TV)
        pos = p.positional
        if not pos or pos[0].value not in ("build", "b", "fetch", "install"):
            return None
        action = "build" if pos[0].value == "b" else pos[0].value
        feats = {f.lstrip("-") for f in p.flags & {"--release", "--locked", "--frozen", "--offline"}}
        if "-r" in p.flags:
            feats.add("release")
        files = p.values.get("--manifest-path", [])
        return _pi("cargo", action, cmd, p, pos[1:] if action == "install" else [], files, None, [], feats)

    if name in ("bundle", "bundler"):
        p = parse_args(args, _BUNDLE_TV)
        pos = p.positional
        if pos and pos[0].value != "install":
            return None
        without = " ".join(p.values.get("--without", []) + [env.get("BUNDLE_WITHOUT") or ""])
        dev = False if re.search(r"dev|test", without) else None
        feats = {f.lstrip("-") for f in p.flags & {"--deployment", "--frozen", "--local"}}
        if _truthy(env.get("BUNDLE_DEPLOYMENT")):
            feats.add("deployment")
        if _truthy(env.get("BUNDLE_FROZEN")):
            feats.add("frozen")
        files = p.values.get("--gemfile", [])
        return _pi("bundle", "install", cmd, p, [], files, dev, [], feats)

    if name in ("composer", "composer.phar"):
        p = parse_args(args, _COMPOSER_TV)
        pos = p.positional
        if not pos or pos[0].value not in ("install", "require", "update", "i"):
            return None
        action = "install" if pos[0].value == "i" else pos[0].value
        feats = set()
        if "--no-dev" in p.flags or "--update-no-dev" in p.flags:
            feats.add("no_dev")
        if p.flags & {"-o", "--optimize-autoloader", "-a", "--classmap-authoritative"}:
            feats.add("optimize_autoloader")
        if "--no-scripts" in p.flags:
            feats.add("no_scripts")
        if p.flags & {"-n", "--no-interaction"}:
            feats.add("no_interaction")
        if "--prefer-dist" in p.flags:
            feats.add("prefer_dist")
        rest = pos[1:]
        if "no_dev" in feats:
            dev = False
        elif action == "install":
            dev = True
        else:
            dev = True if p.flags & {"--dev"} else None
        return _pi("composer", action, cmd, p, rest, [], dev, [], feats)

    if name in ("mvn", "mvnw", "mvnd"):
        p = parse_args(args, _MVN_TV, single_dash_long=True, attached_prefixes=("-D",))
        goals = [w.value for w in p.positional if w.value]
        if not goals:
            return None
        prefer = ["dependency:go-offline", "dependency:resolve", "dependency:resolve-plugins",
                  "install", "package", "verify", "deploy", "compile", "test"]
        action = next((g for g in prefer if g in goals), goals[0])
        feats = set()
        if p.flags & {"-o", "--offline"}:
            feats.add("offline")
        if p.flags & {"-B", "--batch-mode"}:
            feats.add("batch")
        dvals = p.values.get("-D", [])
        if any(d.split("=")[0] in ("skipTests", "maven.test.skip") for d in dvals):
            feats.add("skip_tests")
        files = p.values.get("-f", []) + p.values.get("--file", [])
        return _pi("mvn", action, cmd, p, [], files, None, [], feats)

    if name in ("gradle", "gradlew"):
        p = parse_args(args, _GRADLE_TV, single_dash_long=True, attached_prefixes=("-D", "-P"))
        tasks = [w.value for w in p.positional if w.value]
        if not tasks:
            return None
        feats = set()
        if "--no-daemon" in p.flags:
            feats.add("no_daemon")
        if "--offline" in p.flags:
            feats.add("offline")
        files = p.values.get("-b", []) + p.values.get("--build-file", [])
        return _pi("gradle", tasks[0], cmd, p, [], files, None, [], feats)

    return None
