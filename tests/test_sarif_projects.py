"""SARIF for every fixture and field case validates against the schema
GitHub's upload uses (vendored in tests/data)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from buildlint.engine.catalog import load_catalog
from buildlint.report import render
from conftest import CASES, DATA, FIXTURES, fixture_copy, lint, write_tree

SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)
PROJECTS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
CASE_DIRS = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def _check(result):
    doc = json.loads(render("sarif", result, load_catalog(), tool_version="test"))
    errors = sorted(VALIDATOR.iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    return doc


@pytest.mark.parametrize("name", PROJECTS)
def test_fixture_sarif_validates(name, tmp_path):
    doc = _check(lint(fixture_copy(name, tmp_path)))
    if name == "erp-system-before":
        assert doc["runs"][0]["results"], "the before-project must have findings"


@pytest.mark.parametrize("name", CASE_DIRS)
def test_case_sarif_validates(name):
    _check(lint(CASES / name))


def test_unparseable_file_in_tool_execution_notifications(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPPY a b\nRUN true\n"})
    doc = _check(lint(tmp_path))
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1
    loc = notes[0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "Dockerfile"
    assert "COPPY" in notes[0]["message"]["text"]
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["BL001"]
