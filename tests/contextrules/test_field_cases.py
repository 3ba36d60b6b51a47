"""The dockerignore and secret field cases (tests/data/cases, see SOURCE-context.md): exactly
what each EXPECT.md says must and must not be reported by the context rules."""

from __future__ import annotations

from conftest import copy_case, lint, where, write_tree

CONTEXT_RULES = {f"BL2{n:02d}" for n in range(0, 50)}


def ctx_findings(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule in CONTEXT_RULES}


def run(tmp_path, name, recreate=None):
    root = copy_case(name, tmp_path)
    if recreate:
        write_tree(root, recreate)  # what git may not keep (ignored or empty-directory paths)
    result = lint(root)
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    return result


def test_01_nested_node_modules(tmp_path):
    r = run(tmp_path, "01-dockerignore-nested-node-modules", {
        "node_modules/.package-lock.json": "{}\n",
        "packages/api/node_modules/pg/package.json": "{}\n",
        "packages/web/node_modules/.bin/next": "",
    })
    # must report .dockerignore:2 (node_modules/ matches only the top-level folder)
    assert ("BL203", ".dockerignore", 2) in ctx_findings(r)
    f = next(f for f in r.findings if f.rule == "BL203")
    assert "packages/api/node_modules" in f.message and "packages/web/node_modules" in f.message
    assert "**/node_modules" in f.message
    assert [(x.path, x.line) for x in f.related] == [("Dockerfile", 7)]  # COPY . . carries them in
    # must not flag .git, npm-debug.log or .env (lines 1, 3, 4), which are absent
    assert not {(p, ln) for _, p, ln in ctx_findings(r)} & {(".dockerignore", 1), (".dockerignore", 3),
                                                           (".dockerignore", 4)}
    assert ctx_findings(r) == {("BL203", ".dockerignore", 2)}


def test_02_root_only_python_globs(tmp_path):
    r = run(tmp_path, "02-dockerignore-root-only-python-globs", {
        "app/__pycache__/wsgi.cpython-312.pyc": "",
        "app/legacy_helpers.pyc": "",
    })
    got = ctx_findings(r)
    # must report lines 3 (*.pyc) and 4 (__pycache__) as root-only; not lines 1, 2 or 5
    assert ("BL203", ".dockerignore", 3) in got and ("BL203", ".dockerignore", 4) in got
    assert not {ln for _, p, ln in got if p == ".dockerignore"} & {1, 2, 5}
    msgs = {f.line: f.message for f in r.findings if f.rule == "BL203"}
    assert "**/*.pyc" in msgs[3] and "app/legacy_helpers.pyc" in msgs[3]
    assert "**/__pycache__" in msgs[4] and "app/__pycache__" in msgs[4]
    assert got == {("BL203", ".dockerignore", 3), ("BL203", ".dockerignore", 4)}


def test_02_without_nested_bytecode_nothing_is_root_only(tmp_path):
    # the finding depends on the nested byte-code being there (not on the pattern text alone)
    root = copy_case("02-dockerignore-root-only-python-globs", tmp_path)
    for p in (root / "app").rglob("*.pyc"):
        p.unlink()
    assert where(lint(root), "BL203") == set()


def test_04_slashes_are_equivalent(tmp_path):
    r = run(tmp_path, "04-dockerignore-slashes-equivalent", {
        "node_modules/express/package.json": "{}\n",
        ".env": "EXAMPLE_TOKEN=placeholder-not-a-real-secret\n",
        "coverage/lcov.info": "",
    })
    # must not report a missing .git/node_modules/.env exclusion or any line as ineffective
    assert ctx_findings(r) == set()


def test_05_allowlist_star(tmp_path):
    r = run(tmp_path, "05-dockerignore-allowlist-star", {
        "node_modules/.package-lock.json": "{}\n",
        ".env": "EXAMPLE_TOKEN=placeholder-not-a-real-secret\n",
        "logs/app.log": "",
        ".git/HEAD": "ref: refs/heads/main\n",
    })
    # nothing: not the exclusions, not the COPY sources on lines 3, 5, 6
    assert ctx_findings(r) == set()


def test_06_excludes_copy_source(tmp_path):
    r = run(tmp_path, "06-dockerignore-excludes-copy-source")
    assert ctx_findings(r) == {("BL207", "Dockerfile", 3)}  # and not Dockerfile:5 (re-included by !src)
    f = next(f for f in r.findings if f.rule == "BL207")
    assert "requirements.txt" in f.message and "`*`" in f.message
    assert [(x.path, x.line) for x in f.related] == [(".dockerignore", 1)]  # the deciding pattern's line


def test_08_not_at_context_root(tmp_path):
    r = run(tmp_path, "08-dockerignore-not-at-context-root")
    got = ctx_findings(r)
    assert ("BL201", "docker/.dockerignore", 1) in got
    assert ("BL200", "docker/Dockerfile", 5) in got  # COPY . . with no effective ignore file
    f = next(f for f in r.findings if f.rule == "BL201")
    assert [(x.path, x.line) for x in f.related] == [(".", 1), ("docker-compose.yml", 3)]  # the `build:` key
    # .env at the root is copied by line 5; the unused file's patterns protect nothing
    assert ("BL210", "docker/Dockerfile", 5) in got
    assert got == {("BL201", "docker/.dockerignore", 1), ("BL200", "docker/Dockerfile", 5),
                   ("BL210", "docker/Dockerfile", 5)}


def test_10_env_file_baked_into_image(tmp_path):
    r = run(tmp_path, "10-env-file-baked-into-image",
            {".env": "EXAMPLE_GATEWAY_TOKEN=placeholder-not-a-real-secret\n"})
    got = ctx_findings(r)
    # the missing .env exclusion, at line 1 of the ignore file, and COPY . . on line 5
    assert got == {("BL209", ".dockerignore", 1), ("BL210", "Dockerfile", 5)}
    sev = {f.rule: f.severity for f in r.findings}
    assert sev["BL209"] == "warning" and sev["BL210"] == "error"
    assert all(".env" in f.message for f in r.findings if f.rule in ("BL209", "BL210"))
