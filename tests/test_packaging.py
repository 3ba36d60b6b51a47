"""The pre-commit hook and the GitHub Action definitions."""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

HOOK = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]


def test_hook_shape():
    assert HOOK["id"] == "buildlint" and HOOK["entry"] == "buildlint" and HOOK["language"] == "python"
    assert HOOK["pass_filenames"] is False


@pytest.mark.parametrize("path,runs", [
    ("Dockerfile", True), ("svc/api.Dockerfile", True), ("docker/Dockerfile.prod", True),
    ("web/Dockerfile.dockerignore", True), (".dockerignore", True), ("compose.prod.yaml", True),
    ("docker-compose.yml", True), (".env.prod", True), ("deploy/nginx.conf", True), ("Caddyfile", True),
    ("config/settings/production.py", True), ("backend/erp/settings.py", True), ("buildlint.yaml", True),
    (".buildlint.yaml", True), (".gitignore", True), ("requirements/base.txt", True), ("yarn.lock", True),
    ("backend/entrypoint.sh", True), ("frontend/next.config.mjs", True), ("pyproject.toml", True),
    ("README.md", False), ("src/app.py", False), ("docs/guide.txt", False), ("app/page.tsx", False),
])
def test_hook_runs_for_the_files_buildlint_reads(path, runs):
    # pre-commit matches `files` with Python's re.search on the repository-relative path
    assert bool(re.search(HOOK["files"], path)) is runs


def test_action_definition():
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) == {"paths", "args", "sarif-file", "python-version"}
    run_text = " ".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "${{" not in run_text  # inputs reach the shell through env, never pasted into the script
