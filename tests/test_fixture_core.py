"""The example projects: the before-project shows the core rules' findings at
hand-checked lines; the cleaned project lints clean (with .git, virtualenvs,
node_modules and logs present, as on a developer's machine)."""

from __future__ import annotations

from conftest import fixture_copy, lint, where


def test_before_project_core_findings(tmp_path):
    root = fixture_copy("erp-system-before", tmp_path)
    result = lint(root)
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    # backend/Dockerfile: line 1 FROM python:3.12 (single stage, gcc + libpq-dev on line 4),
    # line 6 COPY . ., line 7 pip install -r requirements.txt
    assert where(result, "BL100") == {("backend/Dockerfile", 1), ("frontend/Dockerfile", 1)}
    assert where(result, "BL110") == {("backend/Dockerfile", 7), ("frontend/Dockerfile", 4)}
    # proxy has no .dockerignore and holds a dev TLS key (certs/localhost.key); COPY is line 2
    assert where(result, "BL200") == {("proxy/Dockerfile", 2)}


def test_clean_project_is_clean(tmp_path):
    root = fixture_copy("erp-system", tmp_path)
    result = lint(root)
    assert result.errors == []
    assert [(f.rule, f.path, f.line, f.message) for f in result.findings] == []


def test_clean_project_is_clean_without_junk(tmp_path):
    root = fixture_copy("erp-system", tmp_path, junk=False)
    assert lint(root).findings == []
