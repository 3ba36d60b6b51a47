"""BL207 (copy-ignored-file) against BuildKit's own CopyIgnoredFile answers
(tests/data/lint_cases_copyignored, see its SOURCE.md).

Each case is linted twice: as BuildKit's oracle ran it (only the Dockerfile and the
.dockerignore exist), and with every local COPY/ADD source created on disk, where the rule
asks the walk instead of the patterns. Both must give BuildKit's lines.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import DATA, lint, where, write_tree

CASES = DATA / "lint_cases_copyignored"
EXPECTED = json.loads((CASES / "lint_expected.json").read_text())

# Deliberate, documented differences (rules/context/BL207-copy-ignored-file.md):
#  135  `COPY /app/x` names `app/x` in the context; BuildKit compares the unstripped path and
#       never warns, but the build fails on the excluded file, so BL207 reports it.
#  181  BuildKit (with --target b) reports only stages the target needs; buildlint checks every
#       stage, which is the oracle's `copycheck` answer for each COPY.
DIFFERENT = {
    "135": {2},
    "181": {e["line"] for e in EXPECTED["181"]["copycheck"] if e["copycheck"] == "warn"},
}


def buildkit_lines(case: str) -> set[int]:
    return {w["line"] for w in EXPECTED[case]["warnings_with_context"] if w["rule"] == "CopyIgnoredFile"}


def _copy(case, tmp_path):
    root = tmp_path / case
    shutil.copytree(CASES / case, root)
    return root


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bl207_agrees_with_buildkit(case, tmp_path):
    root = _copy(case, tmp_path)
    want = DIFFERENT.get(case, buildkit_lines(case))
    result = lint(root)
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    assert {line for _, line in where(result, "BL207")} == want
    assert all(p == "Dockerfile" for p, _ in where(result, "BL207"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bl207_agrees_with_buildkit_when_sources_exist(case, tmp_path):
    root = _copy(case, tmp_path)
    srcs = [e["source"].strip("/") for e in EXPECTED[case].get("copycheck") or () if e["kind"] == "local"]
    srcs = [s for s in srcs if s not in ("", ".")]
    for s in srcs:  # `app` and `app/y` (case 181): `app` becomes the directory holding `y`
        if not any(o.startswith(s + "/") for o in srcs):
            write_tree(root, {s: "x\n"})
    want = DIFFERENT.get(case, buildkit_lines(case))
    assert {line for _, line in where(lint(root), "BL207")} == want


def test_buildkit_message_source_is_named():
    # BuildKit: Attempting to Copy file "<clean src>" ...; ours names the source the same way
    assert [w["message"] for w in EXPECTED["131"]["warnings_with_context"]] == [
        'Attempting to Add file "secrets.json" that is excluded by .dockerignore']


def test_message_names_source_and_pattern(tmp_path):
    root = _copy("131", tmp_path)
    f = next(f for f in lint(root).findings if f.rule == "BL207")
    assert f.message.startswith("Add source `secrets.json` is excluded by .dockerignore")
    assert "`secrets.json`" in f.message
    assert [(x.path, x.line) for x in f.related] == [(".dockerignore", 1)]
    assert not any(ch.isdigit() for ch in f.message)  # no line numbers in messages


def test_copycheck_agrees_where_buildkit_checks(tmp_path):
    """Every 'warn' of the per-source oracle is a BL207 line (all cases, all stages)."""
    for case, exp in EXPECTED.items():
        warn = {e["line"] for e in exp.get("copycheck") or () if e["copycheck"] == "warn"}
        got = {line for _, line in where(lint(_copy(case, tmp_path / "cc")), "BL207")}
        assert warn <= got, case
        shutil.rmtree(tmp_path / "cc")
