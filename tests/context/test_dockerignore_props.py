"""Property tests for .dockerignore reading and matching."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from buildlint.parse.dockerignore import go_clean, parse

SEG_CHARS = "ab.-_"
seg = st.text(alphabet=SEG_CHARS, min_size=1, max_size=3).filter(lambda s: s not in (".", ".."))
glob_seg = st.text(alphabet=SEG_CHARS + "*?", min_size=1, max_size=4).filter(lambda s: s not in (".", ".."))
paths = st.lists(seg, min_size=1, max_size=4).map("/".join)
literal_patterns = st.lists(seg, min_size=1, max_size=3).map("/".join)
glob_patterns = st.one_of(
    st.lists(glob_seg, min_size=1, max_size=3).map("/".join),
    st.lists(glob_seg, min_size=1, max_size=2).map(lambda s: "**/" + "/".join(s)),
    st.lists(glob_seg, min_size=1, max_size=2).map(lambda s: "/".join(s) + "/**"),
)
noisy = st.builds(
    lambda pre, p, post, lead: pre + lead + p + post,
    st.sampled_from(["", " ", "\t", "/", "./", "//"]),
    glob_patterns,
    st.sampled_from(["", " ", "/", "/.", "//", "\t"]),
    st.sampled_from(["", "x/../"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), noisy), min_size=1, max_size=6), st.lists(paths, min_size=1, max_size=8))
def test_cleaned_form_agrees(lines, probe):
    text = "\n".join(("!" if neg else "") + p for neg, p in lines)
    a = parse(text)
    b = parse("\n".join(a.parsed_patterns()))
    assert a.parsed_patterns() == b.parsed_patterns()
    for path in probe:
        assert a.excluded(path) == b.excluded(path)
        assert a.matches_or_parent_matches(path) == b.matches_or_parent_matches(path)


@settings(max_examples=300, deadline=None)
@given(glob_patterns, paths)
def test_exception_after_pattern_reincludes(p, path):
    ign = parse(f"{p}\n!{p}\n")
    assert not ign.errors
    assert not ign.matches_or_parent_matches(path)
    assert not ign.excluded(path)


@settings(max_examples=200, deadline=None)
@given(literal_patterns, st.lists(seg, max_size=2))
def test_literal_exception_reincludes_itself_and_below(p, below):
    ign = parse(f"*\n{p}\n!{p}\n")
    assert not ign.excluded(p)
    assert not ign.excluded("/".join([p, *below]))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.booleans(), st.one_of(glob_patterns, literal_patterns)), min_size=1, max_size=5),
    paths,
    seg,
)
def test_excluded_dir_excludes_children_unless_exception_below(lines, d, child):
    text = "\n".join(("!" if neg else "") + p for neg, p in lines)
    ign = parse(text)
    exceptions = [p for neg, p in lines if neg]
    # an exception "names something below" d if it could match a path under d
    # (any wildcard exception might; a literal one must start with d/)
    assume(all(not any(c in e for c in "*?[") and not go_clean(e).startswith(d + "/") for e in exceptions))
    if ign.excluded(d, is_dir=True):
        assert ign.excluded(f"{d}/{child}")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=200))
def test_parse_never_raises_text(text):
    ign = parse(text)
    for p in ign.patterns:
        assert p.line >= 1
    ign.excluded("a/b")
    ign.matches_or_parent_matches("a")
    ign.why("x/y")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.text(max_size=30))
def test_parse_never_raises_bytes(data, path):
    ign = parse(data)
    ign.excluded(path)
    ign.matches_or_parent_matches(path)
    ign.why(path)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="[]^!*?\\-az/.{}()$+|:", max_size=12), st.text(alphabet="[]^!*?\\-az/.", max_size=8))
def test_metacharacter_soup_never_raises(pattern, path):
    ign = parse(pattern)
    ign.excluded(path)
    ign.matches_or_parent_matches(path)


# go_clean: hand-checked values (Go's documented filepath.Clean rules)
GO_CLEAN = {
    "": ".",
    ".": ".",
    "/": "/",
    "//": "/",
    "//foo": "/foo",
    "/..": "/",
    "/../a": "/a",
    "..": "..",
    "../..": "../..",
    "a/../..": "..",
    "a/./b/": "a/b",
    "a//b": "a/b",
    "./a": "a",
    "a/b/../../..": "..",
    "abc/def/../ghi": "abc/ghi",
    "/abc/../../x": "/x",
    "a/.": "a",
}


def test_go_clean_examples():
    for raw, want in GO_CLEAN.items():
        assert go_clean(raw) == want, raw


@given(st.text(alphabet="ab./", max_size=20))
def test_go_clean_idempotent_and_no_empty_parts(p):
    c = go_clean(p)
    assert go_clean(c) == c
    assert "//" not in c
    assert c == "/" or not c.endswith("/")
    parts = c.split("/")
    assert "." not in parts or c == "."
