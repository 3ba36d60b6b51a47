"""Agreement with BuildKit's own parser on the vendored oracle cases.

tests/data/parse_cases/parse_expected.json is what BuildKit's parser.Parse (and the
dockerfile frontend, for `lint.build_error`) returned for each NNN.Dockerfile; see
tests/data/parse_cases/README.md.  100 % agreement is required.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from buildlint.parse.dockerfile import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "parse_cases"
EXPECTED = json.loads((DATA / "parse_expected.json").read_text(encoding="utf-8"))
NAMES = sorted(EXPECTED)

# Frontend (instruction-level) errors that are not syntactic: stage/ref/check= errors are
# produced elsewhere in buildlint, not by the parser.  None of them is in this copy of
# the data, but the filter documents which ones we deliberately leave.
NOT_SYNTACTIC = (
    "base name",
    "failed to parse stage name",
    "failed to parse check options",
    "lint violation found",
    "invalid name for build stage",
)

_PREFIX = re.compile(r"dockerfile parse error on line (\d+): (.*)\Z", re.S)


def _instruction_view(ins) -> dict:
    """Our instruction in the oracle's shape (keys absent when empty, as bkoracle prints)."""
    out = {
        "instruction": ins.raw_keyword,
        "original": ins.original,
        "args": list(ins.args),
        "start_line": ins.start_line,
        "end_line": ins.end_line,
    }
    if ins.flags:
        out["flags"] = [f.raw for f in ins.flags]
    if ins.json:
        out["json_form"] = True
    if ins.heredocs:
        out["heredocs"] = [
            {"name": h.name, "content": h.content, "expand": h.expand, "chomp": h.chomp, "fd": h.fd}
            for h in ins.heredocs
        ]
    if ins.prev_comments:
        out["prev_comments"] = list(ins.prev_comments)
    return out


def test_data_is_vendored_byte_exact():
    import hashlib

    assert len(NAMES) >= 100
    for name in NAMES:
        raw = (DATA / name).read_bytes()
        assert len(raw) == EXPECTED[name]["bytes"], name
        assert hashlib.sha256(raw).hexdigest() == EXPECTED[name]["sha256"], name


@pytest.mark.parametrize("name", NAMES)
def test_parse_matches_buildkit(name):
    exp = EXPECTED[name]
    df = parse_file(DATA / name)
    messages = [e.message for e in df.errors]
    if exp["parse_error"] is not None:
        assert exp["parse_error"] in messages
        assert df.parse_error is not None and df.parse_error.message == exp["parse_error"]
        return
    p = exp["parse"]
    assert df.parse_error is None, messages
    assert df.escape == p["escape"]
    assert df.directives.get("syntax") == p.get("syntax")
    assert df.directives.get("check") == p.get("check")
    if "escape" in df.directives:
        assert df.directives["escape"] == p["escape"]
    assert [f"line {w.line}: {w.message}" for w in df.warnings] == p["warnings"]
    got = [_instruction_view(i) for i in df.instructions]
    assert len(got) == len(p["instructions"])
    for g, e in zip(got, p["instructions"]):
        assert g == e
    # keyword is the upper-cased raw keyword
    for ins in df.instructions:
        assert ins.keyword == ins.raw_keyword.upper()


def _build_error_cases():
    out = []
    for name in NAMES:
        be = EXPECTED[name]["lint"]["build_error"]
        if not be or EXPECTED[name]["parse_error"] is not None:
            continue
        if any(s in be for s in NOT_SYNTACTIC):
            continue
        out.append(name)
    return out


BUILD_ERROR_CASES = _build_error_cases()


@pytest.mark.parametrize("name", BUILD_ERROR_CASES)
def test_syntactic_build_errors(name):
    be = EXPECTED[name]["lint"]["build_error"]
    m = _PREFIX.match(be)
    assert m, be  # every syntactic frontend error in the data carries a line
    line, text = int(m.group(1)), m.group(2)
    df = parse_file(DATA / name)
    assert (line, text) in [(e.line, e.message) for e in df.errors]
    # and it is the first instruction-level error, as in BuildKit (which stops there)
    assert df.errors[0].line == line and df.errors[0].message == text


def test_build_error_case_count():
    # 13 syntactic frontend errors in this copy of the data, all matched
    assert len(BUILD_ERROR_CASES) == 13


@pytest.mark.parametrize(
    "name", [n for n in NAMES if EXPECTED[n]["parse_error"] is None and not EXPECTED[n]["lint"]["build_error"]]
)
def test_no_spurious_errors(name):
    df = parse_file(DATA / name)
    assert df.errors == []
