"""Every oracle tree: materialise it, walk it, compare with BuildKit's real walk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from buildlint.model.context import walk_context
from buildlint.parse.dockerignore import parse

DATA = Path(__file__).resolve().parent.parent / "data" / "dockerignore"
WALK = json.loads((DATA / "dockerignore_walk.json").read_text(encoding="utf-8"))
TREES = WALK["trees"]


def _materialise(root: Path, tree) -> bytes:
    for rel in tree["files"]:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x" * (len(rel) % 7))
    # the lines are verbatim (some keep their "\r", some start with a BOM)
    raw = "\n".join(tree["patterns"]).encode("utf-8") + b"\n"
    (root / ".dockerignore").write_bytes(raw)
    return raw


def test_tree_count():
    assert len(TREES) == WALK["count"] == 160
    # the oracle trees never contain .dockerignore / Dockerfile themselves, so
    # the ignore file we add is compared separately
    assert not any(".dockerignore" in t["files"] or "Dockerfile" in t["files"] for t in TREES)


@pytest.mark.parametrize("tree", TREES, ids=[t["id"] for t in TREES])
def test_walk_sends_what_buildkit_sends(tmp_path, tree):
    raw = _materialise(tmp_path, tree)
    ign = parse((tmp_path / ".dockerignore").read_bytes())
    assert raw == (tmp_path / ".dockerignore").read_bytes()
    assert ign.parsed_patterns() == tree["parsed_patterns"]
    w = walk_context(tmp_path, ign)
    files = set(w.files)
    # BuildKit applies the patterns to .dockerignore like to any other file
    assert (".dockerignore" in files) == (not ign.excluded(".dockerignore"))
    files.discard(".dockerignore")
    assert files == set(tree["sent"])
    assert w.file_count == len(w.files)
    assert w.files == sorted(w.files)
    assert not w.warnings


@pytest.mark.parametrize("tree", TREES, ids=[t["id"] for t in TREES])
def test_per_path_answers(tree):
    ign = parse("\n".join(tree["patterns"]))
    sent = {f for f in tree["files"] if not ign.excluded(f)}
    assert sent == set(tree["sent"])
    match_sent = {f for f in tree["files"] if not ign.matches_or_parent_matches(f)}
    assert match_sent == set(tree["match_sent"])


def test_walk_differs_from_per_path_matching_somewhere():
    assert any(set(t["sent"]) != set(t["match_sent"]) for t in TREES)
