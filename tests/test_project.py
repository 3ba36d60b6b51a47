"""The project model: discovery, build contexts, ignore files, parse-once."""

from __future__ import annotations

import os

import pytest

from buildlint.model.project import Project, is_dockerfile_name
from conftest import lint, write_tree


@pytest.mark.parametrize("name,expected", [
    ("Dockerfile", True), ("Containerfile", True), ("api.Dockerfile", True), ("Dockerfile.prod", True),
    ("web.dockerfile", True), ("Dockerfile.dockerignore", False), ("api.Dockerfile.dockerignore", False),
    (".dockerignore", False), ("dockerfile", False), ("Dockerfile.md", False), ("README.md", False),
    ("Dockerfiles", False),
])
def test_dockerfile_names(name, expected):
    assert is_dockerfile_name(name) is expected


def test_discovery_skips_vcs_dependencies_and_virtualenvs(tmp_path):
    write_tree(tmp_path, {
        "Dockerfile": "FROM alpine\n",
        "svc/api.Dockerfile": "FROM alpine\n",
        ".git/Dockerfile": "FROM alpine\n",
        "node_modules/pkg/Dockerfile": "FROM alpine\n",
        "web/node_modules/pkg/Dockerfile": "FROM alpine\n",
        "env/pyvenv.cfg": "home = /usr\n",
        "env/lib/Dockerfile": "FROM alpine\n",
        ".venv/Dockerfile": "FROM alpine\n",
    })
    project = Project([tmp_path], cwd=tmp_path)
    assert [d.relpath for d in project.dockerfiles] == ["Dockerfile", "svc/api.Dockerfile"]


def test_exclude_option(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n", "legacy/Dockerfile": "FROM alpine\n"})
    project = Project([tmp_path], cwd=tmp_path, exclude=["legacy"])
    assert [d.relpath for d in project.dockerfiles] == ["Dockerfile"]


def test_ignore_file_selection(tmp_path):
    write_tree(tmp_path, {
        "a/Dockerfile": "FROM alpine\n", "a/.dockerignore": "x\n",
        "b/Dockerfile": "FROM alpine\n", "b/.dockerignore": "x\n", "b/Dockerfile.dockerignore": "y\n",
        "c/Dockerfile": "FROM alpine\n",
    })
    project = Project([tmp_path], cwd=tmp_path)
    got = {d.relpath: d.context.ignore_path and project.display(d.context.ignore_path) for d in project.dockerfiles}
    assert got == {"a/Dockerfile": "a/.dockerignore", "b/Dockerfile": "b/Dockerfile.dockerignore",
                   "c/Dockerfile": None}


def test_compose_build_context_and_dockerfile(tmp_path):
    write_tree(tmp_path, {
        "compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n"
                        "  web:\n    build: ./web\n  db:\n    image: postgres:16\n",
        "docker/api.Dockerfile": "FROM alpine\n",
        "docker/.dockerignore": "x\n",
        ".dockerignore": ".git\n",
        "web/Dockerfile": "FROM alpine\n",
    })
    project = Project([tmp_path], cwd=tmp_path)
    got = {d.relpath: (project.display(d.context.root), d.context.source,
                       d.context.ignore_path and project.display(d.context.ignore_path))
           for d in project.dockerfiles}
    assert got == {"docker/api.Dockerfile": (".", "compose", ".dockerignore"),
                   "web/Dockerfile": ("web", "compose", None)}


def test_compose_remote_or_missing_context_falls_back(tmp_path):
    write_tree(tmp_path, {
        "docker-compose.yml": "services:\n  a:\n    build: https://github.com/x/y.git\n  b:\n    build: ./missing\n",
        "Dockerfile": "FROM alpine\n",
    })
    project = Project([tmp_path], cwd=tmp_path)
    assert [(d.relpath, d.context.source) for d in project.dockerfiles] == [("Dockerfile", "default")]


def test_each_file_parsed_once(tmp_path, monkeypatch):
    from buildlint.parse import dockerfile

    write_tree(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\n",
                          "requirements.txt": "x\n", ".dockerignore": ".git\n"})
    calls = []
    real = dockerfile.parse

    def counting(data):
        calls.append(1)
        return real(data)

    monkeypatch.setattr(dockerfile, "parse", counting)
    reads = []
    real_open = open

    def counting_open(path, *a, **k):
        if str(path).endswith("Dockerfile"):
            reads.append(path)
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", counting_open)
    result = lint(tmp_path)
    assert {f.rule for f in result.findings} >= {"BL110"}
    assert len(calls) == 1
    assert len(reads) == 1


def test_binary_and_invalid_utf8_dockerfiles_do_not_crash(tmp_path):
    write_tree(tmp_path, {"Dockerfile": b"\x00\xff\xfe\x89PNG\r\n\x1a\n" * 100,
                          "b/Dockerfile": b"FROM alpine\nRUN echo \xff\xfe\n",
                          "c/Dockerfile": b"\xef\xbb\xbfFROM alpine\r\nRUN echo hi\r\n"})
    result = lint(tmp_path)
    assert not [e for e in result.errors if e.kind == "internal"]
    assert any(f.rule == "BL001" and f.path == "Dockerfile" for f in result.findings)
    assert not [f for f in result.findings if f.path == "c/Dockerfile" and f.rule == "BL001"]


def test_symlink_loop_and_unreadable_file(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n", "sub/x": "y"})
    os.symlink(tmp_path / "sub", tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "nowhere", tmp_path / "Dockerfile.broken")
    result = lint(tmp_path)
    assert not [e for e in result.errors if e.kind == "internal"]
    assert any(e.path == "Dockerfile.broken" and e.kind == "read" for e in result.errors)


def test_huge_dockerfile_is_a_clear_error(tmp_path, monkeypatch):
    import buildlint.model.project as pm

    monkeypatch.setattr(pm, "MAX_FILE_BYTES", 1000)
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n" + "RUN true\n" * 500})
    result = lint(tmp_path)
    [err] = result.errors
    assert err.path == "Dockerfile" and "too large" in err.message


def test_explicit_file_argument(tmp_path):
    write_tree(tmp_path, {"deploy/prod.docker": "FROM alpine\nCOPY . .\n", "Dockerfile": "FROM alpine\n"})
    project = Project([tmp_path / "deploy" / "prod.docker"], cwd=tmp_path)
    assert [d.relpath for d in project.dockerfiles] == ["deploy/prod.docker"]
