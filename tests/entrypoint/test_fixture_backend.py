"""The example projects: the before-project's backend trips the entrypoint
and Django rules at hand-checked lines; the cleaned project trips none."""

from __future__ import annotations

from conftest import ROOT, lint

MINE = tuple(f"BL4{n:02d}" for n in range(100))


def _mine(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("BL4")}


def test_before_project_backend():
    result = lint(ROOT / "fixtures" / "erp-system-before")
    assert _mine(result) == {
        # entrypoint.sh is CRLF (kept by .gitattributes `-text`)
        ("BL400", "backend/entrypoint.sh", 1),
        # `python manage.py migrate --noinput` with no set -e and no wait for the database
        ("BL405", "backend/entrypoint.sh", 3),
        ("BL406", "backend/entrypoint.sh", 3),
        # `gunicorn erp.wsgi:application ...` without exec
        ("BL404", "backend/entrypoint.sh", 5),
        # DEBUG = os.environ.get("DEBUG", True)
        ("BL450", "backend/erp/settings.py", 8),
        # ALLOWED_HOSTS = ["*"] with that DEBUG
        ("BL453", "backend/erp/settings.py", 9),
    }


def test_before_project_points_at_the_compose_dependency():
    result = lint(ROOT / "fixtures" / "erp-system-before")
    f = next(f for f in result.findings if f.rule == "BL406")
    assert ("docker-compose.yml", 9) in {(r.path, r.line) for r in f.related}


def test_before_entrypoint_really_is_crlf():
    data = (ROOT / "fixtures" / "erp-system-before" / "backend" / "entrypoint.sh").read_bytes()
    assert data.count(b"\r\n") == 5


def test_clean_project_has_none_of_these_findings():
    result = lint(ROOT / "fixtures" / "erp-system")
    assert _mine(result) == set()
    assert not [e for e in result.errors if e.kind == "internal"]
