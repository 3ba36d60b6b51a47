"""File-system behaviour of the context walk: permissions, symlinks, stats, CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from buildlint.model import context as ctx
from buildlint.model.context import walk_context
from buildlint.parse.dockerignore import parse

ROOT = Path(__file__).resolve().parent.parent.parent


def mk(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


def test_no_ignore_sends_everything(tmp_path):
    mk(tmp_path, {"a.txt": "12345", "d/b.txt": "1", "d/e/c.txt": "12"})
    (tmp_path / "empty").mkdir()
    w = walk_context(tmp_path, None)
    assert w.files == ["a.txt", "d/b.txt", "d/e/c.txt"]
    assert w.file_count == 3 and w.total_bytes == 8
    assert w.dir_sent("empty") and w.dir_sent("d/e") and w.dir_sent("")
    assert w.exists("empty") and w.exists("d/e/c.txt") and not w.exists("nope")
    assert not w.exists("../etc")


def test_excluded_dir_skipped_and_reported(tmp_path):
    mk(tmp_path, {"node_modules/x/i.js": "1", "src/a.py": "1", ".git/HEAD": "r", ".git/objects/ab/cd": "1"})
    w = walk_context(tmp_path, parse("node_modules\n.git\n!.git/HEAD\n"))
    assert set(w.files) == {"src/a.py", ".git/HEAD"}
    assert w.excluded_dirs == [".git/objects", "node_modules"]
    assert not w.full_walk_forced
    assert w.dir_sent(".git")  # excluded, but the parent of a re-included file
    assert not w.dir_sent("node_modules")
    assert w.is_sent(".git/HEAD") and not w.is_sent(".git/objects/ab/cd")


def test_wildcard_exception_forces_full_walk(tmp_path):
    mk(tmp_path, {"docs/a.md": "1", "docs/b.txt": "1", "vendor/x/README.md": "1", "vendor/x/y.go": "1"})
    w = walk_context(tmp_path, parse("docs\nvendor\n!**/*.md\n"))
    assert set(w.files) == {"docs/a.md", "vendor/x/README.md"}
    assert w.full_walk_forced
    assert w.excluded_dirs == []
    w2 = walk_context(tmp_path, parse("docs\nvendor\n!docs/a.md\n"))
    assert set(w2.files) == {"docs/a.md"}
    assert not w2.full_walk_forced and w2.excluded_dirs == ["vendor"]


def test_largest_dirs_cumulative(tmp_path):
    mk(tmp_path, {"a/b/big": b"x" * 1000, "a/small": b"x" * 10, "c/mid": b"x" * 500, "top": b"x" * 1})
    w = walk_context(tmp_path, None)
    assert w.largest_dirs(3) == [("a", 1010, 2), ("a/b", 1000, 1), ("c", 500, 1)]
    assert w.total_bytes == 1511


def test_unreadable_directory_monkeypatched(tmp_path, monkeypatch):
    mk(tmp_path, {"ok/a": "1", "secret/b": "1"})
    real = os.scandir
    bad = str(tmp_path / "secret")

    def fake(path="."):
        if os.fspath(path) == bad:
            raise PermissionError(13, "Permission denied", bad)
        return real(path)

    monkeypatch.setattr(ctx.os, "scandir", fake)
    w = walk_context(tmp_path, None)
    assert w.files == ["ok/a"]
    assert [(x.path, x.kind) for x in w.warnings] == [("secret", "unreadable_dir")]
    # an excluded-and-skipped directory is never read, so no warning
    w2 = walk_context(tmp_path, parse("secret\n"))
    assert w2.files == ["ok/a"] and not w2.warnings


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unreadable_directory_chmod(tmp_path):
    mk(tmp_path, {"ok/a": "1", "secret/b": "1"})
    os.chmod(tmp_path / "secret", 0)
    try:
        w = walk_context(tmp_path, None)
    finally:
        os.chmod(tmp_path / "secret", 0o755)
    assert w.files == ["ok/a"]
    assert [x.kind for x in w.warnings] == ["unreadable_dir"]


def test_symlink_loop_reported_not_followed(tmp_path):
    mk(tmp_path, {"d/f": "1"})
    os.symlink("..", tmp_path / "d" / "up")  # directory loop
    os.symlink("l2", tmp_path / "l1")
    os.symlink("l1", tmp_path / "l2")  # link loop
    w = walk_context(tmp_path, None)
    assert set(w.files) == {"d/f", "d/up", "l1", "l2"}  # links are sent as links
    kinds = {(x.path, x.kind) for x in w.warnings}
    assert ("l1", "symlink_loop") in kinds and ("l2", "symlink_loop") in kinds
    wf = walk_context(tmp_path, None, follow_symlinks=True)
    assert "d/f" in wf.files
    assert any(x.kind == "symlink_loop" for x in wf.warnings)
    assert not any(p.startswith("d/up/") for p in wf.files)


def test_symlink_outside_context_not_followed(tmp_path):
    outside = tmp_path / "outside"
    mk(outside, {"secret.txt": "s", "sub/x": "1"})
    ctxdir = tmp_path / "ctx"
    mk(ctxdir, {"a": "1"})
    os.symlink(outside, ctxdir / "out_dir")
    os.symlink(outside / "secret.txt", ctxdir / "out_file")
    os.symlink("a", ctxdir / "in_link")
    for follow in (False, True):
        w = walk_context(ctxdir, None, follow_symlinks=follow)
        assert set(w.files) == {"a", "out_dir", "out_file", "in_link"}
        assert not any("secret" in f or f.startswith("out_dir/") for f in w.files)
        outs = {x.path for x in w.warnings if x.kind == "symlink_outside"}
        assert "out_dir" in outs


def test_follow_symlinks_inside_context(tmp_path):
    mk(tmp_path, {"real/x": "1"})
    os.symlink("real", tmp_path / "alias")
    w = walk_context(tmp_path, None, follow_symlinks=True)
    assert set(w.files) == {"real/x", "alias/x"}
    assert walk_context(tmp_path, None).files == ["alias", "real/x"]


def test_dockerignore_and_dockerfile_follow_the_patterns(tmp_path):
    mk(tmp_path, {"Dockerfile": "FROM x", ".dockerignore": "Dockerfile\n.dockerignore\n", "a": "1"})
    ign = parse((tmp_path / ".dockerignore").read_bytes())
    assert walk_context(tmp_path, ign).files == ["a"]


def test_cli_prints_counts(tmp_path):
    mk(tmp_path, {"a": "123", "node_modules/b": "1", ".dockerignore": "node_modules\n"})
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-m", "buildlint.model.context", str(tmp_path)], capture_output=True, text=True, env=env, check=True).stdout
    assert "files 2" in out and "bytes 16" in out
    ig = tmp_path / "other.ignore"
    ig.write_text("*\n")
    out = subprocess.run([sys.executable, "-m", "buildlint.model.context", str(tmp_path), "--ignore", str(ig)], capture_output=True, text=True, env=env, check=True).stdout
    assert "files 0" in out


# -- differential: the optimised walk == the per-path walk answer -------------
# (IgnoreFile.excluded is checked against the oracle on its own; the walk adds
# pruning and per-directory programs, which this compares on random trees.)

import shutil
import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import consistent_paths

_seg = st.sampled_from(["a", "b", "node_modules", "x.md", "y.py", ".git", "c.log", "d"])
_files = st.lists(st.lists(_seg, min_size=1, max_size=4).map("/".join), min_size=1, max_size=25)
_pat = st.one_of(
    st.lists(st.sampled_from(["a", "b", "*", "?", "**", "node_modules", "*.md", "x.md", ".git", "d", "[ab]", "c.*"]), min_size=1, max_size=3).map("/".join),
    st.sampled_from(["**/node_modules", "**/*.md", "a**", "**d", "*/b/**", ".git/HEAD", "a/b"]),
)
_lines = st.lists(st.tuples(st.booleans(), _pat), min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(_files, _lines)
def test_walk_equals_per_path_answer(files, lines):
    files = consistent_paths(files)
    ign = parse("\n".join(("!" if neg else "") + p for neg, p in lines))
    root = Path(tempfile.mkdtemp())
    try:
        for f in files:
            p = root / f
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(b"1")
        w = walk_context(root, ign)
        assert set(w.files) == {f for f in files if not ign.excluded(f)}
        for d in w.excluded_dirs:
            assert ign.excluded(d, is_dir=True)
    finally:
        shutil.rmtree(root)


def test_many_plain_name_patterns_stay_linear(tmp_path):
    # 30,000 plain names (and as many `!` exceptions): answers worked out by hand
    from buildlint.model.context import walk_context
    from buildlint.parse.dockerignore import parse

    lines = "".join(f"file{i}.txt\n" for i in range(30000))
    for i in (5, 29999, 30000, 31000):
        (tmp_path / f"file{i}.txt").write_text("x")
    (tmp_path / "file7.txt").mkdir()
    (tmp_path / "file7.txt" / "inner").write_text("x")
    walk = walk_context(tmp_path, parse(lines))
    assert walk.files == ["file30000.txt", "file31000.txt"]
    lines = "*\n" + "".join(f"!keep{i}\n" for i in range(30000))
    for name in ("keep3", "keep29999", "keep30000", "other"):
        (tmp_path / name).write_text("x")
    walk = walk_context(tmp_path, parse(lines))
    assert walk.files == ["keep29999", "keep3"]
