"""The example projects: the before-project trips every python/compose rule it
was built to trip, at hand-checked lines; the cleaned project trips none."""

from __future__ import annotations

from conftest import ROOT, lint

BEFORE = ROOT / "fixtures" / "erp-system-before"
AFTER = ROOT / "fixtures" / "erp-system"
COMPOSE = "docker-compose.yml"
BACKEND = "backend/Dockerfile"


def _mine(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith(("BL5", "BL6"))}


def test_before_project_findings_at_hand_checked_lines():
    got = _mine(lint(BEFORE))
    expected = {
        ("BL500", BACKEND, 2),  # ENV DEVELOPMENT_MODE=True
        ("BL500", BACKEND, 3),  # ENV DEBUG=True
        ("BL502", BACKEND, 7),  # RUN pip install -r requirements.txt
        ("BL503", BACKEND, 1),  # FROM python:3.12 without PYTHONUNBUFFERED/PYTHONDONTWRITEBYTECODE
        ("BL601", COMPOSE, 2), ("BL601", COMPOSE, 12), ("BL601", COMPOSE, 20),  # no limits at all
        ("BL601", COMPOSE, 31),  # proxy
        ("BL607", COMPOSE, 2), ("BL607", COMPOSE, 12), ("BL607", COMPOSE, 20),  # no restart policy
        ("BL607", COMPOSE, 31),  # proxy
        ("BL605", COMPOSE, 7),  # DEVELOPMENT_MODE: "True"
        ("BL610", COMPOSE, 8),  # postgres://erp:postgres@db
        ("BL604", COMPOSE, 9),  # depends_on: [db], db has no healthcheck
        ("BL603", COMPOSE, 21),  # postgres:latest
        ("BL610", COMPOSE, 24),  # POSTGRES_PASSWORD: postgres
        ("BL609", COMPOSE, 27),  # "5432:5432"
        ("BL608", COMPOSE, 29),  # latest (>= 18) with pgdata:/var/lib/postgresql/data
    }
    assert got == expected


def test_before_project_keeps_the_other_rules_problems():
    rules = {f.rule for f in lint(BEFORE).findings}
    assert {"BL100", "BL110"} <= rules
    # single-stage: the toolchain is BL100's, not BL505's
    assert "BL505" not in rules


def test_clean_project_has_no_python_or_compose_findings():
    result = lint(AFTER)
    assert _mine(result) == set()
    assert not [e for e in result.errors if e.kind == "internal"]
