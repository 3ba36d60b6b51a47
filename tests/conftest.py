"""Shared helpers: lint a directory in-process, build miniature projects."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from buildlint import config as cfgmod
from buildlint.engine.catalog import load_catalog
from buildlint.engine.runner import run
from buildlint.model.project import Project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASES = DATA / "cases"


def lint(path: Path, *, select=None, config: dict | None = None, cwd: Path | None = None):
    """Run buildlint on ``path`` in-process; paths in findings are relative to ``cwd`` (default ``path``)."""
    catalog = load_catalog()
    cfg = cfgmod.from_mapping(config or {})
    if select is not None:
        cfg.select = list(select)
    cfg.validate(catalog)
    base = Path(cwd or path).resolve()
    project = Project([Path(path).resolve()], cwd=base, exclude=cfg.exclude)
    return run(project, catalog, cfg)


def consistent_paths(files) -> list[str]:
    """The paths of a random tree, without those that would need to be both a
    file and a directory (shortest first)."""
    out: list[str] = []
    for f in sorted(set(files), key=len):
        if any(f.startswith(o + "/") or o.startswith(f + "/") for o in out):
            continue
        out.append(f)
    return out


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        if rel.endswith("/"):
            p.mkdir(parents=True, exist_ok=True)
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8", newline="")
    return root


def copy_case(name: str, dest: Path) -> Path:
    """Copy a vendored field case (keeping file modes and bytes) to ``dest``."""
    src = CASES / name
    target = dest / name
    shutil.copytree(src, target, symlinks=True)
    for dirpath, dirnames, filenames in os.walk(target):
        for n in dirnames:
            os.chmod(os.path.join(dirpath, n), 0o755)
        for n in filenames:
            p = os.path.join(dirpath, n)
            os.chmod(p, os.stat(p).st_mode | 0o200)
    return target


def where(result, rule: str | None = None) -> set[tuple[str, int]]:
    return {(f.path, f.line) for f in result.findings if rule is None or f.rule == rule}


@pytest.fixture
def catalog():
    return load_catalog()


FIXTURES = ROOT / "fixtures"


def fixture_copy(name: str, dest: Path, *, junk: bool = True) -> Path:
    """Copy a fixture project and add what git cannot hold: a ``.git`` directory,
    virtualenvs, ``node_modules`` (also nested), logs and byte-code."""
    target = dest / name
    shutil.copytree(FIXTURES / name, target, symlinks=True)
    if junk:
        write_tree(target, {
            ".git/HEAD": "ref: refs/heads/main\n",
            ".git/objects/pack/pack-1.pack": b"\0" * 4096,
            "backend/.venv/pyvenv.cfg": "home = /usr/bin\n",
            "backend/.venv/lib/python3.12/site-packages/django/__init__.py": "VERSION = (5, 1)\n",
            "backend/.env": "SECRET_KEY=abc123-real-secret\nDATABASE_URL=postgres://erp:hunter2@db/erp\n",
            "backend/erp/__pycache__/settings.cpython-312.pyc": b"\x00" * 64,
            "backend/debug.log": "log\n",
            "frontend/node_modules/next/package.json": "{\"name\": \"next\"}\n",
            "frontend/packages/ui/node_modules/react/package.json": "{\"name\": \"react\"}\n",
            "frontend/.next/cache/x": "cache\n",
            "frontend/npm-debug.log": "log\n",
        })
    return target
