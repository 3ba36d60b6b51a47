"""Inline suppressions: scope, aliases, file-wide, unused ones reported."""

from __future__ import annotations

from conftest import lint, where, write_tree

REQ = {"requirements.txt": "django\n", ".dockerignore": ".git\n"}
BODY = ("FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nWORKDIR /app\nCOPY . .\n"
        "{mark}RUN pip install --no-cache-dir \\\n    -r requirements.txt\n")


def _lint(tmp_path, mark):
    write_tree(tmp_path, {"Dockerfile": BODY.format(mark=mark), **REQ})
    return lint(tmp_path)


def test_unsuppressed_baseline(tmp_path):
    assert where(_lint(tmp_path, ""), "BL110") == {("Dockerfile", 5)}


def test_comment_above_covers_the_whole_instruction(tmp_path):
    r = _lint(tmp_path, "# buildlint: ignore=BL110 -- the install needs the tree\n")
    assert where(r, "BL110") == set() and where(r, "BL003") == set()


def test_by_name_and_by_hadolint_alias(tmp_path):
    assert where(_lint(tmp_path, "# buildlint: ignore=source-copied-before-install\n"), "BL110") == set()
    write_tree(tmp_path, {"Dockerfile": "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n"
                                        "# hadolint ignore=DL3042\nRUN pip install django\n", **REQ})
    assert where(lint(tmp_path), "BL502") == set()


def test_hadolint_codes_we_do_not_have_are_not_reported(tmp_path):
    r = _lint(tmp_path, "# hadolint ignore=DL3008,DL3015\n")
    assert where(r, "BL003") == set()
    assert where(r, "BL110") == {("Dockerfile", 6)}


def test_unused_and_unknown_buildlint_suppressions_are_reported(tmp_path):
    r = _lint(tmp_path, "# buildlint: ignore=BL200,BL9999\n")
    assert where(r, "BL110") == {("Dockerfile", 6)}
    msgs = sorted(f.message for f in r.findings if f.rule == "BL003")
    assert len(msgs) == 2
    assert any("unknown rule 'BL9999'" in m for m in msgs)
    assert any(m.startswith("unused suppression: BL200") for m in msgs)


def test_blank_line_ends_the_comment_block(tmp_path):
    r = _lint(tmp_path, "# buildlint: ignore=BL110\n\n")
    assert where(r, "BL110") == {("Dockerfile", 7)}
    assert where(r, "BL003") == {("Dockerfile", 5)}


def test_ignore_file(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "# buildlint: ignore-file=BL110\n" + BODY.format(mark=""), **REQ})
    r = lint(tmp_path)
    assert where(r, "BL110") == set() and where(r, "BL003") == set()


def test_hash_inside_heredoc_is_not_a_suppression(tmp_path):
    df = ("FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nCOPY . .\nRUN <<EOF\n"
          "# buildlint: ignore=BL110\npip install --no-cache-dir -r requirements.txt\nEOF\n")
    write_tree(tmp_path, {"Dockerfile": df, **REQ})
    assert where(lint(tmp_path), "BL110") == {("Dockerfile", 4)}


def test_trailing_comment_in_a_compose_file(tmp_path):
    compose = ("services:\n  db:\n    image: postgres  # buildlint: ignore=BL603\n    restart: always\n"
               "    mem_limit: 1g\n    cpus: 1\n")
    write_tree(tmp_path, {"compose.yaml": compose})
    r = lint(tmp_path)
    assert where(r, "BL603") == set()
    write_tree(tmp_path, {"compose.yaml": compose.replace("  # buildlint: ignore=BL603", "")})
    assert where(lint(tmp_path), "BL603") == {("compose.yaml", 3)}
