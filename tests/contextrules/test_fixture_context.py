"""The context rules on the example projects (with .git, virtualenvs, node_modules, logs and
byte-code added by ``fixture_copy``): hand-checked findings in the before-project, none in
the cleaned project."""

from __future__ import annotations

from conftest import fixture_copy, lint

CONTEXT_RULES = {f"BL2{n:02d}" for n in range(1, 50)}  # this area's rules (BL200 is tested in core)


def ctx(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule in CONTEXT_RULES}


def test_before_project_context_findings(tmp_path):
    result = lint(fixture_copy("erp-system-before", tmp_path))
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    assert ctx(result) == {
        # backend/.dockerignore: .git, *.pyc, __pycache__, *.log -- misses the venv and .env
        ("BL202", "backend/.dockerignore", 1),  # backend/.venv is sent
        ("BL209", "backend/.dockerignore", 1),  # backend/.env is sent
        ("BL210", "backend/Dockerfile", 6),  # ... and COPY . . puts it into the image
        ("BL203", "backend/.dockerignore", 2),  # *.pyc: erp/__pycache__/settings.cpython-312.pyc
        ("BL203", "backend/.dockerignore", 3),  # __pycache__: erp/__pycache__
        # frontend/.dockerignore line 2 `node_modules` leaves packages/ui/node_modules in
        ("BL203", "frontend/.dockerignore", 2),
    }
    msgs = {(f.rule, f.path, f.line): f.message for f in result.findings}
    assert "`.venv`" in msgs[("BL202", "backend/.dockerignore", 1)]
    assert "`.env`" in msgs[("BL209", "backend/.dockerignore", 1)]
    assert "`packages/ui/node_modules`" in msgs[("BL203", "frontend/.dockerignore", 2)]
    # the root node_modules is excluded by that same line: only the nested one is named
    assert "`node_modules`" not in msgs[("BL203", "frontend/.dockerignore", 2)].split(" so ")[1]


def test_before_project_without_junk_has_no_bulk_or_secrets(tmp_path):
    # the findings come from the files on disk, not from the ignore files' text
    result = lint(fixture_copy("erp-system-before", tmp_path, junk=False))
    assert ctx(result) == set()


def test_clean_project_has_no_context_findings(tmp_path):
    result = lint(fixture_copy("erp-system", tmp_path))
    assert ctx(result) == set()
    assert [f for f in result.findings if f.rule == "BL200"] == []
