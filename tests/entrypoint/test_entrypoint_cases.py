"""The entrypoint field cases from shared/cases: exactly what each EXPECT.md
says must (and must not) be reported by the entrypoint rules."""

from __future__ import annotations

import os

from conftest import copy_case, lint, where

ENTRYPOINT_RULES = [f"BL4{n:02d}" for n in range(0, 50)]


def _mine(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule in ENTRYPOINT_RULES}


def test_35_migrate_without_db_wait(tmp_path):
    root = copy_case("35-django-migrate-without-db-wait", tmp_path)
    result = lint(root)
    assert _mine(result) == {("BL406", "entrypoint.sh", 3)}
    f = next(f for f in result.findings if f.rule == "BL406")
    # the compose dependency is pointed at, not reported by this rule
    assert ("docker-compose.yml", 11) in {(r.path, r.line) for r in f.related}


def test_37_crlf_entrypoint(tmp_path):
    root = copy_case("37-entrypoint-crlf", tmp_path)
    result = lint(root)
    assert _mine(result) == {("BL400", "entrypoint.sh", 1)}
    # Dockerfile, .dockerignore and requirements.txt are CRLF too: nothing of ours there
    assert not {p for _, p, _ in _mine(result)} & {"Dockerfile", ".dockerignore", "requirements.txt"}


def test_39_crlf_normalised_after_last_copy(tmp_path):
    root = copy_case("39-entrypoint-crlf-normalized", tmp_path)
    result = lint(root)
    bad = [f for f in result.findings if f.path == "entrypoint.sh" and f.severity in ("error", "warning")]
    assert bad == []
    assert where(result, "BL400") == set()


def test_39_fix_before_a_later_copy_does_not_count(tmp_path):
    root = copy_case("39-entrypoint-crlf-normalized", tmp_path)
    df = root / "Dockerfile"
    lines = df.read_text().splitlines()
    # move the sed before the `COPY . .` (case 38's shape)
    lines[4], lines[5] = "COPY entrypoint.sh .\nRUN sed -i 's/\\r$//' /srv/entrypoint.sh", "COPY . ."
    df.write_text("\n".join(lines) + "\n")
    assert where(lint(root), "BL400") == {("entrypoint.sh", 1)}


def test_41_not_executable(tmp_path):
    root = copy_case("41-entrypoint-not-executable", tmp_path)
    os.chmod(root / "entrypoint.sh", 0o644)
    result = lint(root)
    assert _mine(result) == {("BL402", "Dockerfile", 5)}
    f = next(f for f in result.findings if f.rule == "BL402")
    assert ("Dockerfile", 8) in {(r.path, r.line) for r in f.related}


def test_41_chmod_after_the_copy_fixes_it(tmp_path):
    root = copy_case("41-entrypoint-not-executable", tmp_path)
    os.chmod(root / "entrypoint.sh", 0o644)
    df = root / "Dockerfile"
    df.write_text(df.read_text().replace("USER nobody\n", "RUN chmod +x /entrypoint.sh\nUSER nobody\n"))
    assert where(lint(root), "BL402") == set()


def test_41_chmod_before_the_copy_does_not(tmp_path):
    root = copy_case("41-entrypoint-not-executable", tmp_path)
    os.chmod(root / "entrypoint.sh", 0o644)
    df = root / "Dockerfile"
    text = df.read_text().replace("COPY entrypoint.sh /entrypoint.sh\n",
                                  "COPY entrypoint.sh /entrypoint.sh\nRUN chmod +x /entrypoint.sh\n"
                                  "COPY entrypoint.sh /entrypoint.sh\n")
    df.write_text(text)
    assert where(lint(root), "BL402") == {("Dockerfile", 7)}


def test_42_server_without_exec(tmp_path):
    root = copy_case("42-entrypoint-no-exec", tmp_path)
    result = lint(root)
    assert _mine(result) == {("BL404", "entrypoint.sh", 4)}
    msg = next(f.message for f in result.findings if f.rule == "BL404")
    assert "exec gunicorn" in msg and '"$@"' in msg  # also says the arguments are ignored
