"""The Django field cases from shared/cases: exactly what each EXPECT.md says."""

from __future__ import annotations

from conftest import copy_case, lint

DJANGO_RULES = [f"BL4{n}" for n in range(50, 100)]


def _mine(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule in DJANGO_RULES}


def test_34_debug_from_raw_env_string(tmp_path):
    root = copy_case("34-django-debug-env-string", tmp_path)
    result = lint(root)
    assert _mine(result) == {("BL450", "mysite/settings.py", 6)}
    f = next(f for f in result.findings if f.rule == "BL450")
    assert ("docker-compose.yml", 5) in {(r.path, r.line) for r in f.related}
    assert "False" in f.message


def test_36_collectstatic_needs_secret_key(tmp_path):
    root = copy_case("36-django-collectstatic-needs-env", tmp_path)
    result = lint(root)
    assert _mine(result) == {("BL452", "Dockerfile", 6)}
    f = next(f for f in result.findings if f.rule == "BL452")
    assert ("mysite/settings.py", 5) in {(r.path, r.line) for r in f.related}
    assert "RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput" in f.message
    assert "ENV" in f.message  # warns against baking it in, does not suggest it


def test_36_throwaway_value_in_the_run_is_clean(tmp_path):
    root = copy_case("36-django-collectstatic-needs-env", tmp_path)
    df = root / "Dockerfile"
    df.write_text(df.read_text().replace("RUN python manage.py", "RUN DJANGO_SECRET_KEY=x python manage.py"))
    assert _mine(lint(root)) == set()


def test_35_and_42_parse_debug_properly(tmp_path):
    for case in ("35-django-migrate-without-db-wait", "42-entrypoint-no-exec"):
        root = copy_case(case, tmp_path)
        assert _mine(lint(root)) == set(), case
