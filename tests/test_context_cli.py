"""`buildlint context`: what `docker build` sends, checked against BuildKit's
own walk (tests/data/dockerignore/dockerignore_walk.json, from shared/oracle)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from buildlint.cli import cli
from conftest import DATA, write_tree

TREES = json.loads((DATA / "dockerignore" / "dockerignore_walk.json").read_text())["trees"]


def run(args, cwd):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def _materialise(root, tree):
    for rel in tree["files"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    # the patterns verbatim (some trees carry CRLF or a BOM inside their lines)
    (root / ".dockerignore").write_bytes("\n".join(tree["patterns"]).encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("tree", TREES, ids=[t["id"] for t in TREES])
def test_context_json_sends_what_buildkit_sends(tree, tmp_path):
    _materialise(tmp_path, tree)
    r = run(["context", ".", "--format", "json"], tmp_path)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    sent = set(data["files"]) - {".dockerignore"}
    assert sent == set(tree["sent"])
    assert data["file_count"] == len(data["files"])
    assert data["ignore_file"] == ".dockerignore"


def test_context_text_and_largest_dirs(tmp_path):
    write_tree(tmp_path, {
        "Dockerfile": "FROM alpine\n",
        ".dockerignore": ".git\nnode_modules\n",
        ".git/objects/big": b"\0" * 5000,
        "node_modules/x/index.js": "x" * 3000,
        "media/a.bin": b"\1" * 2000,
        "media/sub/b.bin": b"\1" * 1000,
        "src/app.py": "print(1)\n",
    })
    r = run(["context", "."], tmp_path)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert "ignore file: .dockerignore (2 patterns)" in lines
    # sent: Dockerfile (12) + .dockerignore (18) + media 3000 + src 9 = 3039 bytes in 5 files
    assert "sent:        5 files, 3.0 kB (3039 bytes)" in lines
    data = json.loads(run(["context", ".", "--format", "json"], tmp_path).output)
    assert data["largest_dirs"][:2] == [{"path": "media", "bytes": 3000, "files": 2},
                                        {"path": "media/sub", "bytes": 1000, "files": 1}]
    assert sorted(data["files"]) == data["files"]


def test_dockerfile_specific_ignore_file_wins(tmp_path):
    write_tree(tmp_path, {"ctx/.dockerignore": "a\n", "ctx/docker/api.Dockerfile": "FROM alpine\n",
                          "ctx/docker/api.Dockerfile.dockerignore": "b\n", "ctx/a": "1", "ctx/b": "2"})
    data = json.loads(run(["context", "ctx", "-f", "ctx/docker/api.Dockerfile", "--format", "json"],
                          tmp_path).output)
    assert data["ignore_file"] == "ctx/docker/api.Dockerfile.dockerignore"
    assert "a" in data["files"] and "b" not in data["files"]


@pytest.mark.parametrize("path,expected", [
    ("node_modules/pkg/index.js", "node_modules/pkg/index.js: excluded by .dockerignore:2: node_modules"),
    ("src/keep.md", "src/keep.md: sent: re-included by .dockerignore:4: !src/keep.md"),
    ("src/drop.md", "src/drop.md: excluded by .dockerignore:3: **/*.md"),
    ("./app.py", "app.py: sent (no pattern in .dockerignore matches it)"),
])
def test_why(tmp_path, path, expected):
    write_tree(tmp_path, {".dockerignore": "# deps\nnode_modules\n**/*.md\n!src/keep.md\n",
                          "node_modules/pkg/index.js": "", "src/keep.md": "", "src/drop.md": "", "app.py": ""})
    r = run(["context", ".", "--why", path], tmp_path)
    assert r.output.strip() == expected


def test_why_without_ignore_file_and_json(tmp_path):
    write_tree(tmp_path, {"a.txt": ""})
    assert run(["context", ".", "--why", "a.txt"], tmp_path).output.strip() == "a.txt: sent (no ignore file applies)"
    write_tree(tmp_path, {".dockerignore": "*.txt\n"})
    data = json.loads(run(["context", ".", "--why", "a.txt", "--format", "json"], tmp_path).output)
    assert data == {"path": "a.txt", "exists": True, "sent": False, "ignore_file": ".dockerignore", "line": 1,
                    "pattern": "*.txt"}


def test_not_a_directory_is_usage_error(tmp_path):
    assert run(["context", "missing"], tmp_path).exit_code == 2


def test_why_takes_absolute_paths_and_says_when_a_path_is_not_there(tmp_path):
    write_tree(tmp_path, {"ctx/.dockerignore": "node_modules\n", "ctx/node_modules/x/index.js": "", "ctx/app.py": "",
                          "elsewhere.txt": ""})
    r = run(["context", "ctx", "--why", str(tmp_path / "ctx" / "node_modules" / "x" / "index.js")], tmp_path)
    assert r.exit_code == 0
    assert r.output.strip() == "node_modules/x/index.js: excluded by ctx/.dockerignore:1: node_modules"
    r = run(["context", "ctx", "--why", str(tmp_path / "elsewhere.txt")], tmp_path)
    assert r.exit_code == 2 and "not inside the build context ctx" in r.output
    # relative to the context, not to the cwd: ctx/node_modules/... is not in it
    r = run(["context", "ctx", "--why", "ctx/node_modules/x/index.js"], tmp_path)
    assert r.output.strip() == ("ctx/node_modules/x/index.js: sent (no pattern in ctx/.dockerignore matches it) "
                                "[ctx/node_modules/x/index.js does not exist in the context ctx: "
                                "the answer is for a file of that name]")
    data = json.loads(run(["context", "ctx", "--why", "gone/x", "--format", "json"], tmp_path).output)
    assert data["exists"] is False and data["sent"] is True
    assert json.loads(run(["context", "ctx", "--why", "app.py", "--format", "json"], tmp_path).output)["exists"] is True


def test_missing_dockerfile(tmp_path):
    write_tree(tmp_path, {"ctx/app.py": "x"})
    # -f names the Dockerfile (as with docker build -f), not the format
    r = run(["context", "ctx", "-f", "json"], tmp_path)
    assert r.exit_code == 2
    assert "json: no such Dockerfile" in r.output and "--format" in r.output
    r = run(["context", "ctx"], tmp_path)
    assert r.exit_code == 0
    assert "dockerfile:  ctx/Dockerfile (not found: `docker build` would fail without -f)" in r.output
    assert json.loads(run(["context", "ctx", "--format", "json"], tmp_path).output)["dockerfile_found"] is False
    write_tree(tmp_path, {"ctx/Dockerfile": "FROM alpine\n"})
    data = json.loads(run(["context", "ctx", "--format", "json"], tmp_path).output)
    assert data["dockerfile_found"] is True and data["files"] == ["Dockerfile", "app.py"]


def test_why_and_symlinks_dots_and_the_root(tmp_path):
    # .dockerignore: everything but src/ and keep; links are sent as links (BuildKit never follows them)
    write_tree(tmp_path, {"ctx/.dockerignore": "*\n!src\n!keep\n", "ctx/src/a.py": "", "ctx/app.log": "",
                          "outside/secret": ""})
    ctx = tmp_path / "ctx"
    os.symlink("src", ctx / "srclink")
    os.symlink(tmp_path / "outside", ctx / "outlink")

    def why(path, fmt="text"):
        r = run(["context", "ctx", "--why", path, "--format", fmt], tmp_path)
        return r.exit_code, (json.loads(r.output) if fmt == "json" else r.output.strip())

    # an absolute path to a link is the link, not its target
    assert why(str(ctx / "srclink")) == (0, "srclink: excluded by ctx/.dockerignore:1: *")
    assert why("srclink") == (0, "srclink: excluded by ctx/.dockerignore:1: *")
    code, out = why(str(ctx / "outlink"))
    assert code == 0 and out == "outlink: excluded by ctx/.dockerignore:1: *"
    # what lies below a symlinked directory is not in the context
    code, out = why("srclink/a.py")
    assert out.endswith("[srclink is a symlink: the context holds the link, not what it points to, "
                        "so srclink/a.py is not in the context ctx]")
    assert why("outlink/secret", "json")[1]["exists"] is False
    assert why("src/a.py", "json")[1]["exists"] is True
    # `..` that stays inside is fine; one that leaves is not
    assert why("src/../app.log") == (0, "app.log: excluded by ctx/.dockerignore:1: *")
    assert why("src/sub/../a.py") == (0, "src/a.py: sent: re-included by ctx/.dockerignore:2: !src")
    assert why("src/../../outside/secret")[0] == 2
    # the root, however it is written
    for root in (".", "", "./", str(ctx), str(ctx) + "/"):
        assert why(root) == (0, ".: sent (no pattern in ctx/.dockerignore matches it)"), root
        assert why(root, "json")[1]["path"] == "."


def test_overlong_names_are_no_such_file_not_a_write_error(tmp_path):
    write_tree(tmp_path, {"ctx/a": ""})
    long = "b" * 300
    r = run(["context", "ctx", "--why", long], tmp_path)
    assert r.exit_code == 0 and "does not exist in the context" in r.output
    r = run(["context", long], tmp_path)
    assert r.exit_code == 2 and "not a directory" in r.output
    r = run(["context", "ctx", "-f", long], tmp_path)
    assert r.exit_code == 2 and "no such Dockerfile" in r.output
    r = run([long], tmp_path)
    assert r.exit_code == 2 and "cannot write output" not in r.output
    r = run(["parse", long], tmp_path)
    assert r.exit_code == 2 and "cannot write output" not in r.output


def test_why_prints_odd_names_escaped(tmp_path):
    write_tree(tmp_path, {"ctx/.dockerignore": "x\n"})
    out = run(["context", "ctx", "--why", "a\nb"], tmp_path).output
    assert out.count("\n") == 1 and "a\\nb" in out
