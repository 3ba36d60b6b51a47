"""No exponential backtracking: ``.dockerignore`` patterns are matched in
polynomial time whatever they are (Docker's Go RE2 is linear; Python's ``re``
backtracks), with exactly the answers of the ``re`` translation.

The equivalence is a hypothesis property: random Docker patterns x random
short paths, the non-backtracking matcher (:class:`_Dfa`) against the old
``re`` match of the same translated regex (inputs kept short so that ``re``
itself always finishes).  The regression tests use inputs on which ``re``
would run for hours (they assert answers worked out by hand, no timings).
"""

from __future__ import annotations

import json
import os
import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from buildlint.cli import cli
from buildlint.model.context import walk_context
from buildlint.parse import dockerignore as di
from buildlint.parse.dockerignore import parse

# -- strategies -------------------------------------------------------------

# Docker pattern pieces: the ones of the brief plus quirk material (Go regexp
# escapes and classes Docker passes through: \d \b \Q, POSIX classes, `^`,
# `]`, `-`, a lone `[` ...).  Patterns Docker rejects are fine too: they must
# behave as before (never match).
TOKENS = [
    "*", "**", "?", "/", "\\", "a", "b", "c", "a", "b", ".",
    "[a-c]", "[^b]", "[!a]", "[b]", "[^/]", "[a-]", "[]a]", "[", "]", "-", "^",
    "\\*", "\\?", "\\[", "\\a", "\\d", "\\b", "\\B", "\\w", "\\W", "\\.", "\\Qa*", "\\E", "\\x61", "\\0",
    "[[:alpha:]]", "[\\d]", "[a-c*]", "$", "(", "|", "+", "{1}", "_", "\n",
]
pattern_st = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=9).map("".join)
path_st = st.text(alphabet="abc/_.-*[\n", min_size=0, max_size=9)
# paths that look like context paths (the walk's inputs)
ctx_path_st = st.lists(st.text(alphabet="abc._-", min_size=1, max_size=4), min_size=1, max_size=4).map("/".join)

SETTINGS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _regex_patterns(text):
    """The regex-kind patterns of ``text`` with their translated regex."""
    ign = parse(text)
    return [p for p in ign._active if p._py_regex is not None]


def _forced_dfa(py: str):
    ast, _ = di._rx_parse(py)
    return di._Dfa(di._rx_compile(ast))


def _old_answer(py: str, path: str):
    """What the matcher answered before: the ``re`` translation (``None``: does not compile)."""
    try:
        r = re.compile(py, re.ASCII)
    except re.error:
        return None
    return r.match(path) is not None


# -- equivalence --------------------------------------------------------------


@SETTINGS
@given(pattern_st, st.lists(st.one_of(path_st, ctx_path_st), min_size=1, max_size=6))
@example("[a-z]*[a-z]*z", ["abz", "ab", "a/z"])
@example("**/**/y", ["y", "a/y", "ay", "a/b/y/"])
@example("a[^b]c", ["a/c", "abc", "aac"])
@example("\\b*a\\B", ["a", "ba", "a_"])
@example("[*]", ["*", "a", "]", "a]"])
@example("\\Q**/a", ["a", "x/a"])
@example("a^b", ["ab", "a^b"])
def test_dfa_equals_re_translation(pattern, paths):
    """The DFA (forced even where ``re`` is kept) == ``re`` on the same regex."""
    for p in _regex_patterns(pattern):
        py = p._py_regex
        answers = [_old_answer(py, path) for path in paths]
        if answers[0] is None:
            # re rejects it (the pattern then never matches); the DFA must not take it
            with pytest.raises(di._NoDfa):
                di._rx_parse(py)
            continue
        dfa = _forced_dfa(py)  # every regex re compiles is one the DFA knows
        for path, want in zip(paths, answers):
            assert (dfa.match(path) is not None) is want, (pattern, py, path)
            # the pattern's own matcher (DFA or re, as chosen) agrees too
            assert p.match(path) is want, (pattern, py, path)


@SETTINGS
@given(
    st.lists(st.tuples(st.booleans(), pattern_st), min_size=1, max_size=5),
    st.lists(ctx_path_st, min_size=1, max_size=6),
)
def test_ignore_file_answers_unchanged(lines, paths):
    """excluded / matches_or_parent_matches / why: new matchers == all-``re`` matchers."""
    text = "\n".join(("!" if neg else "") + p.replace("\n", "") for neg, p in lines)
    new = parse(text)
    old = parse(text)
    for p in old._active:
        if p._py_regex is not None:
            try:
                r = re.compile(p._py_regex, re.ASCII)
            except re.error:
                continue
            p._match_fn = r.match
    for path in paths:
        assert new.excluded(path) == old.excluded(path), (text, path)
        assert new.matches_or_parent_matches(path) == old.matches_or_parent_matches(path), (text, path)
        w_new, w_old = new.why(path), old.why(path)
        assert (w_new and w_new.line) == (w_old and w_old.line), (text, path)


def test_re_kept_where_it_cannot_backtrack_much():
    """``re`` (faster) where it needs O(len(path) * len(regex)) steps, else the DFA."""
    def uses_dfa(pat):
        (p,) = _regex_patterns(pat)
        p.match("x")
        return isinstance(getattr(p._match_fn, "__self__", None), di._Dfa)

    # at most one unbounded repeat
    assert not uses_dfa("*.log")
    assert not uses_dfa("**/a?c")
    assert not uses_dfa("a/**/b")
    # L(?:.*/)?R with one repeat in R and nothing in R that matches '/'
    assert not uses_dfa("**/*.log")
    assert not uses_dfa("src/**/*.py")
    assert not uses_dfa("**/impl/[a-c]*.pyc")
    # everything else
    assert not uses_dfa("**/x/[^x]?*.log")  # fixed-width atoms may match "/"
    assert uses_dfa("**/x[a*]")  # read as [a[^/] then "*": a repeat that matches "/"
    assert uses_dfa("*/**/*.py")  # a repeat before the '**/'
    assert uses_dfa("**/lib/**/*.js")
    assert uses_dfa("**/node_modules/**")
    assert uses_dfa("*a*")
    assert uses_dfa("[a-z]*[a-z]*z")
    assert uses_dfa("**/**/y")


# -- the patterns that used to hang -----------------------------------------

# (pattern, path, matches): inputs sized so that backtracking would take hours
HANGERS = [
    ("[a-z]*" * 12 + "z", "a" * 60, False),
    ("[a-z]*" * 12 + "z", "a" * 59 + "z", True),
    ("[a-z]*" * 12 + "z", "a" * 10 + "z", False),  # needs 13 characters
    ("**/" * 12 + "y", "/".join(["a"] * 30) + "/x", False),
    ("**/" * 12 + "y", "/".join(["a"] * 30) + "/y", True),
    ("**/" * 12 + "y", "/".join(["a"] * 30) + "/xy", False),
    ("*a" * 12 + "*b", "a" * 40, False),
    ("*a" * 12 + "*b", "a" * 40 + "b", True),
    ("*a" * 12 + "*b", "a" * 11 + "b", False),  # needs 12 a's before the b
    ("?*" * 20 + "x", "a" * 60, False),
    ("?*" * 20 + "x", "a" * 19 + "x", False),  # needs 20 characters before x
    ("?*" * 20 + "x", "a" * 20 + "x", True),
    ("[a-c]*[b-d]*[a-z]*" * 5 + "x", "b" * 60, False),
    ("[a-c]*[b-d]*[a-z]*" * 5 + "x", "b" * 59 + "x", True),
    ("**/a*/" * 10 + "b", "/".join(["a"] * 40), False),
    ("**/a*/" * 10 + "b", "/".join(["a"] * 40) + "/b", True),
    ("**/a*/" * 10 + "b", "/".join(["a"] * 9) + "/b", False),  # needs 10 a* dirs
    # the same through '**' spanning components mixed with classes
    ("**/[a-z]*/" * 8 + "**/[^x]*[^x]*[^x]*q", "/".join(["ab"] * 30) + "/" + "a" * 40, False),
]


@pytest.mark.parametrize("pattern,path,want", HANGERS, ids=[f"{i}" for i in range(len(HANGERS))])
def test_hanging_patterns_finish(pattern, path, want):
    ign = parse(pattern + "\n")
    assert not ign.errors
    (p,) = ign.patterns
    assert p.match(path) is want
    assert ign.matches_or_parent_matches(path) is want
    # the walk answer also looks at every parent directory
    assert ign.excluded(path) is want
    if want:
        assert ign.why(path) is p
    # as an exception after "*": re-included exactly when it matches
    ign2 = parse("*\n!" + pattern + "\n")
    assert ign2.matches_or_parent_matches(path) is (not want)


def _bt1(root):
    """The /tmp/bt1 tree of the report, plus names worked out by hand."""
    (root / "Dockerfile").write_text("FROM alpine\n")
    (root / ".dockerignore").write_text("[a-z]*" * 12 + "z\n")
    for name in ["a" * 60, "abcdefghijklz", "abcdefghijkz", "a" * 59 + "z", "Zaaaaaaaaaaaaaaz"]:
        (root / name).write_bytes(b"x" * len(name))


def test_walk_on_bt1_tree(tmp_path):
    # '[a-z]*' is one lower-case letter then any run (the '*' is a glob star):
    # twelve of them then 'z' = at least 13 characters, the first lower-case,
    # the last 'z'.  Dockerfile / .dockerignore / 'Zaa..z' do not start with a
    # lower-case letter, 'aaa..a' does not end in z, 'abcdefghijkz' is 12 long.
    _bt1(tmp_path)
    w = walk_context(tmp_path, parse((tmp_path / ".dockerignore").read_text()))
    assert w.files == sorted([".dockerignore", "Dockerfile", "a" * 60, "abcdefghijkz", "Zaaaaaaaaaaaaaaz"])


def _run(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_buildlint_context_on_bt1_tree(tmp_path):
    _bt1(tmp_path)
    r = _run(["context", ".", "--format", "json"], tmp_path)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert sorted(data["files"]) == sorted([".dockerignore", "Dockerfile", "a" * 60, "abcdefghijkz", "Zaaaaaaaaaaaaaaz"])
    assert data["file_count"] == 5
    assert data["total_bytes"] == len("FROM alpine\n") + len("[a-z]*" * 12 + "z\n") + 60 + 12 + 16
    r = _run(["context", ".", "--why", "a" * 60], tmp_path)
    assert r.exit_code == 0
    assert "sent (no pattern" in r.output
    r = _run(["context", ".", "--why", "abcdefghijklz"], tmp_path)
    assert "excluded by .dockerignore:1:" in r.output


def test_buildlint_context_on_bt2_tree(tmp_path):
    # '**/' twelve times then 'y': any path whose last element is exactly 'y'
    deep = tmp_path.joinpath(*["a"] * 30)
    deep.mkdir(parents=True)
    (deep / "x").write_text("x")
    (deep / "y").write_text("y")
    (deep / "xy").write_text("xy")
    (tmp_path / "y").write_text("y")
    (tmp_path / ".dockerignore").write_text("**/" * 12 + "y\n")
    r = _run(["context", ".", "--format", "json"], tmp_path)
    assert r.exit_code == 0, r.output
    d = "/".join(["a"] * 30)
    assert sorted(json.loads(r.output)["files"]) == sorted([".dockerignore", f"{d}/x", f"{d}/xy"])


def test_buildlint_check_on_bt1_tree(tmp_path):
    # the lint rules ask the per-path matcher (COPY sources, bulky dirs ...)
    _bt1(tmp_path)
    (tmp_path / "Dockerfile").write_text("FROM alpine\nCOPY " + "a" * 60 + " /x\nCOPY abcdefghijklz /y\n")
    r = _run(["check", "."], tmp_path)
    assert r.exit_code in (0, 1), r.output


# -- reading many lines --------------------------------------------------------


def test_many_lines_read_linear():
    lines = []
    for i in range(20000):
        lines.append([f"dir{i}/file{i}.txt", f"**/*.tmp{i}", f"!keep{i}", f"src/**/gen{i}/*.py", f"# c {i}"][i % 5])
    ign = parse("\n".join(lines) + "\n")
    assert len(ign.patterns) == 16000
    assert ign.excluded("dir5/file5.txt")
    assert not ign.excluded("keep2")
    assert ign.excluded("x/y/a.tmp1")
    assert ign.excluded("src/q/gen3/m.py")
    assert not ign.excluded("src/q/gen3/m.pyc")
