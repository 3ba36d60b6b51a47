"""Oracle tests: .dockerignore reading and matching agree 100 % with Docker.

Expected values come only from tests/data/dockerignore (produced by Docker's own
code, see SOURCE.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buildlint.parse.dockerignore import IgnoreFile, parse

DATA = Path(__file__).resolve().parent.parent / "data" / "dockerignore"
CASES = json.loads((DATA / "dockerignore_cases.json").read_text(encoding="utf-8"))
ERROR_CASES = json.loads((DATA / "dockerignore_error_cases.json").read_text(encoding="utf-8"))
WALK_ERRORS = json.loads((DATA / "dockerignore_walk_errors.json").read_text(encoding="utf-8"))["errors"]


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _id(case) -> str:
    return f"{case['patterns']!r}->{case['path']!r}"


def test_case_count():
    assert len(CASES) == 112


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_excluded_matches_buildkit(case):
    ign = parse(_text(case["patterns"]))
    assert not ign.errors
    assert ign.excluded(case["path"]) is case["excluded"]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_match_excluded_matches_patternmatcher(case):
    ign = parse(_text(case["patterns"]))
    assert ign.matches_or_parent_matches(case["path"]) is case["match_excluded"]
    # the pathspec-hosted spec gives the same per-path answer
    assert ign.spec.match_file(case["path"]) is case["match_excluded"]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_parsed_patterns(case):
    ign = parse(_text(case["patterns"]))
    assert ign.parsed_patterns() == case["parsed_patterns"]


def test_agreement_summary():
    """Count agreement explicitly (reported in the final figures)."""
    ok_ex = ok_m = ok_pp = 0
    for case in CASES:
        ign = parse(_text(case["patterns"]))
        ok_ex += ign.excluded(case["path"]) is case["excluded"]
        ok_m += ign.matches_or_parent_matches(case["path"]) is case["match_excluded"]
        ok_pp += ign.parsed_patterns() == case["parsed_patterns"]
    assert (ok_ex, ok_m, ok_pp) == (112, 112, 112)


def test_walk_and_match_diverge_where_docker_does():
    # the two order-sensitive oracle cases: the answers really differ
    div = [c for c in CASES if c["excluded"] != c["match_excluded"]]
    assert len(div) == 2
    for c in div:
        ign = parse(_text(c["patterns"]))
        assert ign.excluded(c["path"]) != ign.matches_or_parent_matches(c["path"])


@pytest.mark.parametrize("case", ERROR_CASES, ids=[repr(c["patterns"]) for c in ERROR_CASES])
def test_error_cases(case):
    ign = parse(_text(case["patterns"]))
    assert isinstance(ign, IgnoreFile)
    assert ign.errors, "Docker rejects this file"
    err = ign.errors[0]
    assert err.message == case["error"]
    assert case["error"] in err.docker_error
    assert err.line == 1
    assert ign.parsed_patterns() == case["parsed_patterns"]
    # matching still answers (never raises)
    ign.excluded(case["path"])
    ign.matches_or_parent_matches(case["path"])


@pytest.mark.parametrize("case", WALK_ERRORS, ids=[c["id"] for c in WALK_ERRORS])
def test_walk_error_cases(case):
    ign = parse(_text(case["patterns"]))
    want = case["oracle_error"].split("patternmatcher: ", 1)[1]
    bad_lines = [i for i, ln in enumerate(case["patterns"], 1) if ln == case["bad_line"]]
    assert len(ign.errors) == 1
    err = ign.errors[0]
    assert err.message == want
    assert err.line in bad_lines
    # BuildKit's wording: "invalid excludepatterns: [...]: <msg>" when
    # patternmatcher.New rejects it, "failed to match excludepatterns: <msg>"
    # when the regexp only fails while walking
    if case["buildkit_error"].startswith("failed to match"):
        assert err.phase == "match"
        assert err.docker_error == case["buildkit_error"]
    else:
        assert err.phase == "parse"
        assert case["buildkit_error"].startswith("invalid excludepatterns:")
        assert case["buildkit_error"].endswith(err.message)


def test_error_line_numbers_and_columns():
    ign = parse("# c\r\nfoo\r\n\r\n   [abc\r\n!\r\n")
    assert [(e.line, e.message) for e in ign.errors] == [(4, "syntax error in pattern"), (5, 'illegal exclusion pattern: "!"')]
    e = ign.errors[0]
    assert (e.col, e.end_col) == (4, 8)


def test_pattern_metadata():
    ign = parse(b"\xef\xbb\xbf# head\n  /foo/  \n! bar # x\n")
    p1, p2 = ign.patterns
    assert (p1.line, p1.raw, p1.text, p1.pattern, p1.negated) == (2, "  /foo/  ", "foo", "foo", False)
    assert (p1.col, p1.end_col) == (3, 8)
    assert (p2.line, p2.text, p2.pattern, p2.negated) == (3, "!bar # x", "bar # x", True)


def test_why_names_the_deciding_line():
    ign = parse("*\n!src\nsrc/secret\n")
    assert ign.why("README.md").line == 1
    assert ign.why("src/main.py").line == 2
    assert ign.why("src/secret").line == 3
    assert parse("foo\n").why("bar") is None
    # inside a skipped directory: the line that excluded the directory
    assert parse("node_modules\n").why("node_modules/x/y.js").line == 1


def test_pathspec_registration():
    import pathspec

    spec = pathspec.PathSpec.from_lines("dockerignore", ["# c", "*.md", "!README.md", "docs"])
    assert spec.match_file("a.md")
    assert not spec.match_file("README.md")
    assert spec.match_file("docs/x/y.txt")
    assert not spec.match_file("sub/a.md")
