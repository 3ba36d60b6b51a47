"""Tests for the reporters (buildlint.report.*).

Expected values are written by hand: the golden files under golden/ were typed,
not captured from the reporters.
"""

from __future__ import annotations

import builtins
import dataclasses
import hashlib
import io
import json
import os
import pathlib
import re
import time
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from buildlint.engine.catalog import Catalog, RuleMeta
from buildlint.engine.finding import FileError, Finding, Location, Result
from buildlint.report import REPORTERS, github, render, sarif, text
from buildlint.report import json as json_report

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
SCHEMA_PATH = HERE.parent / "data" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


# -- fixtures --------------------------------------------------------------------


def _rule(id, name, title, severity, area, body, aliases=()):
    # The path does not exist: a reporter must never read the document file.
    return RuleMeta(id=id, name=name, title=title, severity=severity, area=area,
                    path=Path("/nonexistent/rules") / area / f"{id}-{name}.md",
                    body=body, aliases=tuple(aliases))


BL100 = _rule("BL100", "apt-no-clean", "apt lists left in the image", "warning", "dockerfile",
              "\n## What it does\n\nLeaves the apt lists\nin the image.\n\n## Example\n\n```\nRUN apt-get update\n```\n",
              aliases=("DL3009", "apt-lists"))
BL110 = _rule("BL110", "source-copied-before-install",
              "Source copied before dependencies are installed", "error", "dockerfile",
              "\n## What it does\n\nCopies the source before installing dependencies.\n\n"
              "## Why is this bad?\n\nEvery edit busts the cache.\n",
              aliases=("copy-before-install",))
BL200 = _rule("BL200", "context-too-large", "Build context is too large", "info", "context",
              "## What it does\n\nSends a huge context.\n")


@pytest.fixture
def catalog():
    return Catalog([BL200, BL110, BL100])  # Catalog sorts by id: BL100, BL110, BL200


def sample() -> Result:
    f1 = Finding("BL110", "source-copied-before-install", "error", "COPY . before RUN npm ci",
                 Location("Dockerfile", 5, 1, 5, 12),
                 related=(Location("Dockerfile", 7, 1, 7, 11, "install runs here"),
                          Location("package.json", 1, 1)))
    f2 = Finding("BL100", "apt-no-clean", "warning", "50% of layer: apt\nlists, kept",
                 Location("svc dir/Dockerfile.é", 3, 5, 4, None))
    f3 = Finding("BL200", "context-too-large", "info", "context is 2 GB",
                 Location("Dockerfile", 1, 1, 1, 2))
    f4 = Finding("BL100", "apt-no-clean", "warning", "apt lists kept",
                 Location("Dockerfile", 9, 1, None, 9))
    err = FileError("svc dir/compose.yaml", "bad YAML: mapping values, line 2", line=2, kind="parse")
    return Result(findings=[f1, f2, f3, f4], errors=[err], files_checked=3, root="/home/u/my proj")


def mini() -> Result:
    f = Finding("BL110", "source-copied-before-install", "error", "COPY . before install",
                Location("src dir/Dockerfile", 2, 1, 2, 9),
                related=(Location("src dir/Dockerfile", 4, 1, 4, 14, "install here"),))
    return Result(findings=[f], errors=[FileError("bad.yaml", "unreadable", None, "read")],
                  files_checked=2, root="/w/my proj")


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


def shifted(result: Result, by: int) -> Result:
    def move(loc: Location) -> Location:
        end = loc.end_line + by if loc.end_line is not None else None
        return dataclasses.replace(loc, line=loc.line + by, end_line=end)

    return dataclasses.replace(result, findings=[
        dataclasses.replace(f, location=move(f.location), related=tuple(move(r) for r in f.related))
        for f in result.findings])


# -- the registry ------------------------------------------------------------------


def test_registry_and_dispatch(catalog):
    assert set(REPORTERS) == {"text", "json", "sarif", "github"}
    for name, mod in REPORTERS.items():
        assert render(name, sample(), catalog, tool_version="1") == mod.render(
            sample(), catalog, tool_version="1")
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", sample(), catalog)


def test_unknown_options_are_ignored(catalog):
    for name in REPORTERS:
        out = render(name, sample(), catalog, color=False, tool_version="1", all_rules=False, bogus=3)
        assert out == render(name, sample(), catalog, color=False, tool_version="1", all_rules=False)


# -- text ----------------------------------------------------------------------------


def test_text_golden(catalog):
    assert text.render(sample(), catalog) == golden("text.txt")


def test_text_color_golden(catalog):
    expected = golden("text-color.txt").replace("\\x1b", "\x1b")
    assert text.render(sample(), catalog, color=True) == expected


def test_text_ansi_only_with_color(catalog):
    plain = text.render(sample(), catalog, color=False)
    assert "\x1b" not in plain
    coloured = text.render(sample(), catalog, color=True)
    assert "\x1b[1;31m[error]" in coloured and "\x1b[33m[warning]" in coloured
    assert "\x1b[36m[info]" in coloured
    # colour mode groups by file: each path appears once, as a header
    stripped = ANSI.sub("", coloured).splitlines()
    assert stripped.count("Dockerfile") == 1
    assert stripped.count("svc dir/Dockerfile.é") == 1


def test_text_one_line_per_finding(catalog):
    out = text.render(sample(), catalog).splitlines()
    assert len(out) == 4 + 1 + 1  # findings, errors, summary
    assert out[1] == "svc dir/Dockerfile.é:3:5: BL100 [warning] 50% of layer: apt\\nlists, kept"


def test_text_escapes_control_characters(catalog):
    evil = Result(findings=[Finding("BL100", "apt-no-clean", "warning", "a\rb\tc\x1b[2Jd",
                                    Location("x\x1b]0;pwn\x07.txt", 1, 1))], files_checked=1)
    for color in (False, True):
        out = ANSI.sub("", text.render(evil, catalog, color=color))
        assert "\x1b" not in out and "\r" not in out and "\x07" not in out and "\t" not in out
    plain = text.render(evil, catalog)
    assert plain.splitlines()[0] == "x\\x1b]0;pwn\\x07.txt:1:1: BL100 [warning] a\\rb\\tc\\x1b[2Jd"


@pytest.mark.parametrize("severities, files_checked, errors, expected", [
    ([], 0, 0, "All checks passed (0 files)."),
    ([], 1, 0, "All checks passed (1 file)."),
    ([], 7, 0, "All checks passed (7 files)."),
    ([], 3, 1, "No problems found (3 files); 1 file error."),
    ([], 3, 2, "No problems found (3 files); 2 file errors."),
    (["warning"], 1, 0, "Found 1 problem (1 warning) in 1 file."),
    (["error", "error"], 4, 0, "Found 2 problems (2 errors) in 1 file."),
    (["style", "info", "warning", "error", "warning"], 4, 0,
     "Found 5 problems (1 error, 2 warnings, 1 info, 1 style) in 1 file."),
    (["info", "info", "style", "style"], 4, 3, "Found 4 problems (2 info, 2 style) in 1 file; 3 file errors."),
])
def test_text_summary(catalog, severities, files_checked, errors, expected):
    result = Result(
        findings=[Finding("BL100", "apt-no-clean", s, f"m{i}", Location("D", i + 1, 1))
                  for i, s in enumerate(severities)],
        errors=[FileError(f"e{i}", "bad") for i in range(errors)],
        files_checked=files_checked)
    assert text.render(result, catalog).splitlines()[-1] == expected
    assert ANSI.sub("", text.render(result, catalog, color=True)).splitlines()[-1] == expected


def test_text_summary_counts_files_with_findings(catalog):
    assert text.render(sample(), catalog).splitlines()[-1].endswith("in 2 files; 1 file error.")


def test_text_error_without_line(catalog):
    result = Result(errors=[FileError("a b.yml", "cannot read", None, "read")], files_checked=1)
    assert text.render(result, catalog).splitlines()[0] == "a b.yml: error: cannot read"


# -- json ------------------------------------------------------------------------------


def test_json_golden(catalog):
    assert json_report.render(mini(), catalog, tool_version="9.9.9") == golden("mini.json")


def test_json_structure(catalog):
    out = json_report.render(sample(), catalog, tool_version="1.2.3")
    assert out.endswith("}\n") and not out.endswith("\n\n")
    doc = json.loads(out)
    assert out == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"  # indent=2, key order kept
    assert list(doc) == ["version", "findings", "errors", "summary"]
    assert doc["version"] == "1.2.3"
    keys = ["rule", "name", "severity", "path", "line", "column", "end_line", "end_column",
            "message", "related"]
    assert all(list(f) == keys for f in doc["findings"])
    assert [f["rule"] for f in doc["findings"]] == ["BL110", "BL100", "BL200", "BL100"]
    f1, f2, _, f4 = doc["findings"]
    assert f1["related"] == [
        {"path": "Dockerfile", "line": 7, "column": 1, "end_line": 7, "end_column": 11,
         "message": "install runs here"},
        {"path": "package.json", "line": 1, "column": 1, "end_line": 1, "end_column": None,
         "message": ""},
    ]
    assert f2["path"] == "svc dir/Dockerfile.é"
    assert f2["message"] == "50% of layer: apt\nlists, kept"
    assert (f2["end_line"], f2["end_column"]) == (4, None)
    assert (f4["end_line"], f4["end_column"]) == (9, 9)  # end_line None -> the start line
    assert doc["errors"] == [{"path": "svc dir/compose.yaml", "line": 2,
                              "message": "bad YAML: mapping values, line 2", "kind": "parse"}]
    assert doc["summary"] == {"files": 3, "findings": 4,
                              "by_severity": {"error": 1, "warning": 2, "info": 1, "style": 0}}


def test_json_default_version(catalog):
    import buildlint

    assert json.loads(json_report.render(Result(), catalog))["version"] == buildlint.__version__


# -- sarif -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # Not check_schema(): this copy (github/codeql-action's) puts region's
    # ``anyOf: [{required: [startLine]}, ...]`` inside ``properties`` by mistake,
    # which the meta-schema rejects. Validation still works; the startLine
    # requirement it meant to express is asserted in test_sarif_results instead.
    assert isinstance(schema["definitions"]["region"]["properties"]["anyOf"], list)
    return jsonschema.Draft202012Validator(schema)


def sarif_doc(result, catalog, **opts):
    return json.loads(sarif.render(result, catalog, **opts))


def test_sarif_golden(catalog):
    out = sarif.render(mini(), catalog, tool_version="9.9.9", all_rules=False)
    assert out == golden("mini.sarif")


@pytest.mark.parametrize("all_rules", [True, False])
@pytest.mark.parametrize("make", [sample, mini, Result])
def test_sarif_validates(validator, catalog, make, all_rules):
    doc = sarif_doc(make(), catalog, tool_version="1.0", all_rules=all_rules)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_run_shape(catalog):
    doc = sarif_doc(sample(), catalog, tool_version="1.0")
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///home/u/my%20proj/"}}
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("buildlint", "1.0")
    assert driver["informationUri"].startswith("https://")


def test_sarif_rules(catalog):
    rules = sarif_doc(sample(), catalog)["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["BL100", "BL110", "BL200"]
    bl100, _, bl200 = rules
    assert bl100["name"] == "apt-no-clean"
    assert bl100["shortDescription"] == {"text": "apt lists left in the image"}
    assert bl100["fullDescription"] == {"text": "Leaves the apt lists in the image."}
    assert bl100["help"]["markdown"].startswith("## What it does\n\nLeaves the apt lists\n")
    assert "```\nRUN apt-get update\n```" in bl100["help"]["text"]
    assert bl100["helpUri"] == ("https://github.com/buildlint/buildlint/blob/main/rules/"
                                "dockerfile/BL100-apt-no-clean.md")
    assert bl100["defaultConfiguration"] == {"level": "warning"}
    assert bl100["properties"]["tags"] == ["DL3009", "apt-lists", "buildlint"]
    assert bl200["defaultConfiguration"] == {"level": "note"}
    assert bl200["properties"]["tags"] == ["buildlint"]


def test_sarif_levels():
    assert [sarif.level(s) for s in ("error", "warning", "info", "style")] == [
        "error", "warning", "note", "note"]


@pytest.mark.parametrize("all_rules, expected_ids", [
    (True, ["BL100", "BL110", "BL200"]),
    (False, ["BL100", "BL110", "BL200"]),
])
def test_sarif_rule_index(catalog, all_rules, expected_ids):
    run = sarif_doc(sample(), catalog, all_rules=all_rules)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == expected_ids
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
    assert [r["ruleIndex"] for r in run["results"]] == [1, 0, 2, 0]


def test_sarif_only_fired_rules(catalog):
    result = Result(findings=[Finding("BL200", "context-too-large", "info", "big", Location("D"))])
    run = sarif_doc(result, catalog, all_rules=False)["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["BL200"]
    assert run["results"][0]["ruleIndex"] == 0
    run = sarif_doc(result, catalog)["runs"][0]
    assert run["results"][0]["ruleIndex"] == 2


def test_sarif_unknown_rule_has_no_index(validator, catalog):
    result = Result(findings=[Finding("BL999", "ghost", "warning", "boo", Location("D"))])
    doc = sarif_doc(result, catalog)
    res = doc["runs"][0]["results"][0]
    assert res["ruleId"] == "BL999" and "ruleIndex" not in res
    assert not list(validator.iter_errors(doc))


def test_sarif_results(catalog):
    results = sarif_doc(sample(), catalog)["runs"][0]["results"]
    r1, r2, r3, r4 = results
    assert [r["level"] for r in results] == ["error", "warning", "note", "warning"]
    assert r2["message"] == {"text": "50% of layer: apt\nlists, kept"}
    loc = r1["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 12}
    assert r1["relatedLocations"] == [
        {"id": 1, "physicalLocation": {
            "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 11}},
         "message": {"text": "install runs here"}},
        {"id": 2, "physicalLocation": {
            "artifactLocation": {"uri": "package.json", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 1, "startColumn": 1, "endLine": 1}}},
    ]
    loc2 = r2["locations"][0]["physicalLocation"]
    assert loc2["artifactLocation"] == {"uri": "svc%20dir/Dockerfile.%C3%A9", "uriBaseId": "%SRCROOT%"}
    assert loc2["region"] == {"startLine": 3, "startColumn": 5, "endLine": 4}  # no endColumn
    assert "relatedLocations" not in r2
    assert r4["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9, "startColumn": 1, "endLine": 9, "endColumn": 9}
    for r in results:
        for l in r["locations"] + r.get("relatedLocations", []):
            reg = l["physicalLocation"]["region"]
            assert reg["startLine"] >= 1 and reg["startColumn"] >= 1
            assert reg["endLine"] >= reg["startLine"]


def test_sarif_notifications(catalog):
    inv = sarif_doc(sample(), catalog)["runs"][0]["invocations"]
    assert len(inv) == 1 and inv[0]["executionSuccessful"] is True
    (note,) = inv[0]["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"] == {"text": "bad YAML: mapping values, line 2"}
    assert note["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "svc%20dir/compose.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 2}}
    clean = sarif_doc(Result(), catalog)["runs"][0]
    assert clean["invocations"][0]["toolExecutionNotifications"] == []
    assert clean["results"] == []


def test_sarif_relative_root_has_no_base_uri(validator, catalog):
    doc = sarif_doc(dataclasses.replace(sample(), root="."), catalog)
    assert "originalUriBaseIds" not in doc["runs"][0]
    assert not list(validator.iter_errors(doc))


def test_sarif_root_with_trailing_slash(catalog):
    doc = sarif_doc(dataclasses.replace(mini(), root="/w/x/"), catalog)
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///w/x/"


def test_sarif_absolute_path_outside_root(validator, catalog):
    result = Result(findings=[Finding("BL100", "apt-no-clean", "warning", "m",
                                      Location("/opt/other dir/Dockerfile", 1, 1))],
                    root="/home/u/p")
    doc = sarif_doc(result, catalog)
    art = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "file:///opt/other%20dir/Dockerfile"}
    assert not list(validator.iter_errors(doc))


@pytest.mark.parametrize("path, uri", [
    ("a b/c.txt", "a%20b/c.txt"),
    ("100%/x", "100%25/x"),
    ("dépôt/Dockerfile", "d%C3%A9p%C3%B4t/Dockerfile"),
    ("a#b?c.txt", "a%23b%3Fc.txt"),
    ("c:d/Dockerfile", "c%3Ad/Dockerfile"),  # would otherwise parse as a scheme
    ("日本/f", "%E6%97%A5%E6%9C%AC/f"),
])
def test_sarif_relative_uri_encoding(path, uri):
    assert sarif.artifact_location(path) == {"uri": uri, "uriBaseId": "%SRCROOT%"}


@pytest.mark.parametrize("path, uri", [
    ("/tmp/a b/%x", "file:///tmp/a%20b/%25x"),
    ("/é", "file:///%C3%A9"),
    ("C:\\Users\\me\\my proj", "file:///C:/Users/me/my%20proj"),
    ("D:/src", "file:///D:/src"),
    ("\\\\server\\share\\x", "file://server/share/x"),
])
def test_sarif_file_uri(path, uri):
    assert sarif.file_uri(path) == uri


@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda s: not sarif.is_absolute(s)))
def test_sarif_relative_uri_roundtrip(path):
    uri = sarif.artifact_location(path)["uri"]
    assert unquote(uri) == path
    assert re.fullmatch(r"[A-Za-z0-9\-._~/%]*", uri)  # ASCII, no spaces, no reserved chars


def test_sarif_fingerprint_scheme():
    expected = hashlib.sha256(b"BL110\x00src dir/Dockerfile\x00COPY . before install\x000").hexdigest()
    assert sarif.fingerprint("BL110", "src dir/Dockerfile", "COPY . before install", 0) == expected


def _fps(result, catalog):
    return [r["partialFingerprints"][sarif.FINGERPRINT_KEY]
            for r in sarif_doc(result, catalog)["runs"][0]["results"]]


def test_sarif_fingerprints_survive_line_shifts(catalog):
    before = _fps(sample(), catalog)
    assert _fps(shifted(sample(), 10), catalog) == before
    assert len(set(before)) == len(before)
    assert all(re.fullmatch(r"[0-9a-f]{64}", fp) for fp in before)


def test_sarif_fingerprints_differ_across_rules(catalog):
    loc = Location("Dockerfile", 3, 1)
    a = Finding("BL100", "apt-no-clean", "warning", "same message", loc)
    b = Finding("BL110", "source-copied-before-install", "warning", "same message", loc)
    c = dataclasses.replace(a, location=Location("other/Dockerfile", 3, 1))
    d = dataclasses.replace(a, message="other message")
    fps = _fps(Result(findings=[a, b, c, d]), catalog)
    assert len(set(fps)) == 4


def test_sarif_fingerprints_of_duplicates(catalog):
    """Identical triples are numbered in position order, not in result order."""
    first = Finding("BL100", "apt-no-clean", "warning", "dup", Location("D", 2, 1))
    second = dataclasses.replace(first, location=Location("D", 8, 1))
    fa, fb = _fps(Result(findings=[first, second]), catalog)
    assert fa != fb
    assert fa == sarif.fingerprint("BL100", "D", "dup", 0)
    assert fb == sarif.fingerprint("BL100", "D", "dup", 1)
    assert _fps(Result(findings=[second, first]), catalog) == [fb, fa]
    # moving one of them by a line (without reordering) keeps both fingerprints
    moved = dataclasses.replace(second, location=Location("D", 9, 1))
    assert _fps(Result(findings=[first, moved]), catalog) == [fa, fb]


# -- github ------------------------------------------------------------------------------


def test_github_golden(catalog):
    assert github.render(sample(), catalog) == golden("github.txt")


def test_github_commands(catalog):
    lines = github.render(sample(), catalog).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == [
        "::error", "::warning", "::notice", "::warning", "::error"]
    style = Result(findings=[Finding("BL100", "apt-no-clean", "style", "s", Location("D"))])
    assert github.render(style, catalog).startswith("::notice file=D,line=1,col=1,endLine=1,title=")
    assert github.render(Result(), catalog) == ""


@pytest.mark.parametrize("raw, data, prop", [
    ("", "", ""),
    ("plain text", "plain text", "plain text"),
    ("%", "%25", "%25"),
    ("%25", "%2525", "%2525"),
    ("\r", "%0D", "%0D"),
    ("\n", "%0A", "%0A"),
    ("\r\n", "%0D%0A", "%0D%0A"),
    (":", ":", "%3A"),
    (",", ",", "%2C"),
    ("::", "::", "%3A%3A"),
    ("a,b:c%d\ne\rf", "a,b:c%25d%0Ae%0Df", "a%2Cb%3Ac%25d%0Ae%0Df"),
    ("é ü 日本", "é ü 日本", "é ü 日本"),
    ("=;", "=;", "=;"),
])
def test_github_escaping(raw, data, prop):
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


def test_github_escapes_properties_in_commands(catalog):
    f = Finding("BL1,2", "odd:name", "error", "msg: a, b", Location("we:ird,path%\n.txt", 1, 2, 3, 4))
    assert github.render(Result(findings=[f]), catalog) == (
        "::error file=we%3Aird%2Cpath%25%0A.txt,line=1,col=2,endLine=3,endColumn=4,"
        "title=BL1%2C2 odd%3Aname::msg: a, b\n")
    e = FileError("x,y.yml", "bad:\n100%", None, "config")
    assert github.render(Result(errors=[e]), catalog) == (
        "::error file=x%2Cy.yml,title=buildlint config error::bad:%0A100%25\n")


def _unescape(s: str) -> str:
    return re.sub(r"%(25|0D|0A|3A|2C)",
                  lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m.group(1)], s)


@given(st.text())
def test_github_escaping_roundtrip(s):
    prop = github.escape_property(s)
    data = github.escape_data(s)
    assert not set(prop) & {"\r", "\n", ":", ","}
    assert not set(data) & {"\r", "\n"}
    assert re.fullmatch(r"(?:[^%]|%(?:25|0D|0A|3A|2C))*", prop)
    assert re.fullmatch(r"(?:[^%]|%(?:25|0D|0A))*", data)
    assert _unescape(prop) == s and _unescape(data) == s


@given(st.text(), st.text(), st.text())
def test_github_one_line_per_finding(path, message, rel):
    f = Finding("BL100", "apt-no-clean", "warning", message,
                Location(path or "D", 1, 1), related=(Location("R", 2, 1, message=rel),))
    out = github.render(Result(findings=[f]), Catalog([BL100]))
    assert out.count("\n") == 1 and out.endswith("\n") and "\r" not in out
    head, _, msg = out[:-1].partition("::")[2].partition("::")
    assert _unescape(msg) == f"{message}\nrelated: R:2:1" + (f": {rel}" if rel else "")


# -- purity ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_render_twice_identical(catalog, fmt):
    opts = {"tool_version": "1.0", "color": True}
    assert render(fmt, sample(), catalog, **opts) == render(fmt, sample(), catalog, **opts)


class _Forbidden(dict):
    def _boom(self, *a, **k):
        raise AssertionError("reporter read the environment")

    __getitem__ = get = __contains__ = __iter__ = keys = items = _boom


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("color", [False, True])
def test_render_touches_no_files_env_or_clock(catalog, fmt, color):
    expected = render(fmt, sample(), catalog, tool_version="1.0", color=color)

    def boom(*a, **k):
        raise AssertionError("reporter touched the filesystem / clock")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(builtins, "open", boom)
        mp.setattr(io, "open", boom)
        mp.setattr(os, "open", boom)
        mp.setattr(os, "stat", boom)
        mp.setattr(os, "getcwd", boom)
        mp.setattr(pathlib.Path, "read_text", boom)
        mp.setattr(pathlib.Path, "open", boom)
        mp.setattr(time, "time", boom)
        mp.setattr(os, "environ", _Forbidden())
        mp.setattr(os, "getenv", boom)
        got = render(fmt, sample(), catalog, tool_version="1.0", color=color)
    assert got == expected


def test_render_does_not_mutate_result(catalog):
    result = sample()
    before = dataclasses.replace(result, findings=list(result.findings), errors=list(result.errors))
    for fmt in REPORTERS:
        render(fmt, result, catalog)
    assert result == before


def test_sarif_validator_is_not_vacuous(validator, catalog):
    doc = sarif_doc(sample(), catalog)
    doc["runs"][0]["results"][0]["level"] = "fatal"
    doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del doc["runs"][0]["invocations"][0]["executionSuccessful"]
    assert len(list(validator.iter_errors(doc))) == 3
