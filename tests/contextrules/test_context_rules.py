"""Hand-built miniature projects for the context rules (BL201-BL213): edges the rule documents'
examples do not cover. Expected lines are read off the files written here."""

from __future__ import annotations

import os

from conftest import lint, where, write_tree

DF_ALL = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\n"


def go(tmp_path, files, config=None):
    write_tree(tmp_path, files)
    result = lint(tmp_path, config=config)
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    return result


def msg(result, rule):
    return [f.message for f in result.findings if f.rule == rule]


# --------------------------------------------------------------- BL207 / BL208
def test_glob_source_all_excluded_and_partly_excluded(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM node:20\nCOPY *.json ./\nCOPY conf/*.yml ./\n",
        ".dockerignore": "*.json\nconf/secret.yml\n",
        "package.json": "{}", "tsconfig.json": "{}",
        "conf/a.yml": "", "conf/secret.yml": "",
    })
    # every *.json is excluded (line 2); conf/a.yml still matches the glob (line 3 is fine)
    assert where(r, "BL207") == {("Dockerfile", 2)}
    assert "`*.json`" in msg(r, "BL207")[0]


def test_glob_does_not_cross_slash_and_matches_dotfiles(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM node:20\nCOPY *rc ./\n",
        ".dockerignore": ".npmrc\n",
        ".npmrc": "registry=https://registry.npmjs.org/\n",  # Go's * matches a leading dot
        "sub/xrc": "",  # not matched: * does not cross /
    })
    assert where(r, "BL207") == {("Dockerfile", 2)}


def test_exception_reincludes_copy_source(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY docs/keep.md /d/\nCOPY docs/drop.md /d/\n",
        ".dockerignore": "docs\n!docs/keep.md\n",
        "docs/keep.md": "", "docs/drop.md": "",
    })
    assert where(r, "BL207") == {("Dockerfile", 3)}
    f = next(f for f in r.findings if f.rule == "BL207")
    assert [(x.path, x.line) for x in f.related] == [(".dockerignore", 1)]


def test_order_sensitive_patterns_follow_the_walk(tmp_path):
    # `a`, `!a/b`, `a`: the per-path matcher says a/b/c is excluded, BuildKit's walk sends it
    r = go(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY a/b/c /x\n",
        ".dockerignore": "a\n!a/b\na\n",
        "a/b/c": "data",
    })
    assert where(r, "BL207") == set()
    assert where(r, "BL208") == set()


def test_skipped_sources_and_variables(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": (
            "FROM alpine AS build\n"              # 1
            "ARG SRC=app\n"                       # 2
            "COPY ${SRC}/x /x\n"                  # 3 expands to app/x: excluded
            "COPY $UNKNOWN/x /y\n"                # 4 cannot expand: skipped
            "ADD https://example.com/a.tgz /z\n"  # 5 URL: skipped
            "COPY <<EOF /app/conf\nx\nEOF\n"      # 6-8 heredoc: skipped
            "FROM alpine\n"                       # 9
            "COPY --from=build app /app\n"        # 10 --from: skipped
            "ENV DIR=lib\n"                       # 11
            "COPY $DIR/y /y\n"                    # 12 expands to lib/y: missing
        ),
        ".dockerignore": "app\n",
        "app/x": "",
    })
    assert where(r, "BL207") == {("Dockerfile", 3)}
    assert where(r, "BL208") == {("Dockerfile", 12)}
    assert "`lib/y`" in msg(r, "BL208")[0]


def test_sources_resolve_inside_the_context(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM alpine\nCOPY ./app/x /a\nCOPY ../app/x /b\nCOPY /app/x /c\nCOPY app/nope /d\n",
        "app/x": "",
    })
    assert where(r, "BL208") == {("Dockerfile", 5)}


def test_missing_bind_mount_source_and_optional_glob(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": ("FROM node:20\nCOPY package.json yarn.lock* ./\n"
                       "RUN --mount=type=bind,source=scripts,target=/s sh /s/build.sh\n"),
        "package.json": "{}",
    })
    assert where(r, "BL208") == {("Dockerfile", 3)}


def test_copy_dot_with_everything_excluded(tmp_path):
    r = go(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n", ".dockerignore": "*\n", "a.txt": ""})
    assert where(r, "BL207") == {("Dockerfile", 2)}


# ------------------------------------------------------------------------ BL202
def test_bulk_kinds_reported_once_each_with_size(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": DF_ALL,
        ".dockerignore": ".env*\n",
        ".git/objects/pack/p.pack": b"\0" * 3000,
        "a/debug.log": "x" * 10, "b/error.log": "y" * 10,
        "web/.next/cache/x": "c",
        "img/.DS_Store": "",
        "tools/myenv/pyvenv.cfg": "home = /usr\n",
    })
    assert where(r, "BL202") == {(".dockerignore", 1)}
    got = " | ".join(msg(r, "BL202"))
    assert len(msg(r, "BL202")) == 5  # git, virtualenv, logs, build output, OS junk
    assert "`.git` (1 file, 3 kB)" in got
    assert "`a/debug.log`, `b/error.log` (2 files, 20 B)" in got
    assert "`tools/myenv`" in got and "`web/.next`" in got and "`img/.DS_Store`" in got


def test_bulk_only_what_reaches_the_build(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM nginx\nCOPY dist /usr/share/nginx/html\nCOPY node_modules/x /x\n",
        ".dockerignore": ".env\n",
        ".git/HEAD": "ref\n",  # sent, but no COPY takes it: BuildKit never transfers it
        "dist/index.html": "",
        "node_modules/x/index.js": "",  # copied on purpose
    })
    assert where(r, "BL202") == set()


def test_no_ignore_file_is_bl200s_finding(tmp_path):
    r = go(tmp_path, {"Dockerfile": DF_ALL, ".git/HEAD": "ref\n", ".env": "A=b\n"})
    assert where(r, "BL200") == {("Dockerfile", 3)}
    assert where(r, "BL202") == set() and where(r, "BL209") == set()
    assert where(r, "BL210") == {("Dockerfile", 3)}


def test_min_bytes_option(tmp_path):
    files = {"Dockerfile": DF_ALL, ".dockerignore": ".env\n", "x.log": "12345"}
    assert where(go(tmp_path, files, {"rules": {"BL202": {"min_bytes": 6}}}), "BL202") == set()
    assert where(go(tmp_path, files, {"rules": {"BL202": {"min_bytes": 5}}}), "BL202") == {(".dockerignore", 1)}


# ------------------------------------------------------------------ BL203-BL206
def test_root_only_with_leading_slash_and_any_depth_pattern(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": DF_ALL,
        ".dockerignore": "/node_modules/\n__pycache__\n**/__pycache__\n",
        "pkg/node_modules/a.js": "", "app/__pycache__/m.pyc": "",
    })
    assert where(r, "BL203") == {(".dockerignore", 1)}  # line 3 already covers __pycache__


def test_matches_nothing_and_expected_absent_option(tmp_path):
    files = {"Dockerfile": DF_ALL, ".dockerignore": "docs\nsrc/*.tmp\n.env\n!keep.txt\n", "app.py": ""}
    r = go(tmp_path, files)
    # docs and !keep.txt match nothing; *.tmp and .env are expected to come and go
    assert where(r, "BL205") == {(".dockerignore", 1), (".dockerignore", 4)}
    r = go(tmp_path, files, {"rules": {"BL205": {"expected_absent": ["docs", "keep.txt"]}}})
    assert where(r, "BL205") == {(".dockerignore", 2), (".dockerignore", 3)}


def test_indented_comment_is_a_pattern(tmp_path):
    r = go(tmp_path, {"Dockerfile": DF_ALL, ".dockerignore": "# real comment\n  # not one\nnode_modules\n"})
    assert where(r, "BL204") == {(".dockerignore", 2)}


def test_pattern_errors_at_their_lines(tmp_path):
    r = go(tmp_path, {"Dockerfile": DF_ALL, ".dockerignore": ".git\n!\nfoo[\n"})
    assert where(r, "BL206") == {(".dockerignore", 2), (".dockerignore", 3)}
    assert {f.severity for f in r.findings if f.rule == "BL206"} == {"error"}
    assert any('illegal exclusion pattern: "!"' in m for m in msg(r, "BL206"))


def test_not_used_ignore_beside_dockerfile_when_another_applies(tmp_path):
    r = go(tmp_path, {
        "compose.yaml": "services:\n  a:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n",
        "docker/Dockerfile": DF_ALL, "docker/.dockerignore": ".git\n", ".dockerignore": ".git\n",
    })
    assert where(r, "BL201") == {("docker/.dockerignore", 1)}
    assert "`.dockerignore` applies instead" in msg(r, "BL201")[0]


# ------------------------------------------------------------------ BL209/BL210
def test_secret_names_templates_and_tokens(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM node:20\nCOPY package.json ./\nCOPY config ./config\n",
        ".dockerignore": ".git\n",
        "package.json": "{}",
        ".env.example": "A=\n", "deploy/id_rsa.pub": "ssh-rsa AAA\n",
        ".npmrc": "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n",  # a reference, not a token
        "config/.pypirc": "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n",
        "config/tls/server.key": "k",
        "deploy/id_ed25519": "k",
    })
    got = msg(r, "BL209")
    assert len(got) == 3
    assert [m.split("`")[1] for m in got] == ["config/.pypirc", "config/tls/server.key", "deploy/id_ed25519"]
    assert where(r, "BL210") == {("Dockerfile", 3)}  # COPY config takes .pypirc and the key in
    assert "`config/.pypirc`, `config/tls/server.key`" in msg(r, "BL210")[0]


def test_secret_in_builder_stage_names_the_stage(tmp_path):
    r = go(tmp_path, {
        "Dockerfile": "FROM node:20 AS build\nCOPY . .\nFROM nginx\nCOPY --from=build /dist /usr/share\n",
        ".dockerignore": ".git\n", ".env.production": "KEY=v\n",
    })
    assert where(r, "BL210") == {("Dockerfile", 2)}
    assert "stage `build`" in msg(r, "BL210")[0]


# ------------------------------------------------------------------ BL211-BL213
def _sparse(path, size):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.truncate(size)


def test_oversized_threshold_and_only_copied_paths(tmp_path):
    _sparse(tmp_path / "data/dump.sql", 60_000_000)
    _sparse(tmp_path / "media/a.mp4", 30_000_000)
    files = {"Dockerfile": DF_ALL, ".dockerignore": ".git\n"}
    r = go(tmp_path, files)
    assert where(r, "BL211") == set()  # 90 MB is under the default 100 MB
    r = go(tmp_path, files, {"rules": {"BL211": {"max_mb": 80}}})
    assert where(r, "BL211") == {(".dockerignore", 1)}
    assert "`data` 60 MB, `media` 30 MB" in msg(r, "BL211")[0]
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY media /m\n"})
    r = go(tmp_path, {}, {"rules": {"BL211": {"max_mb": 40}}})
    assert where(r, "BL211") == set()  # BuildKit transfers only media (30 MB)


def test_full_walk_forced_only_when_it_matters(tmp_path):
    r = go(tmp_path, {"Dockerfile": DF_ALL, ".dockerignore": "node_modules\n!**/keep\n", "node_modules/a": ""})
    assert where(r, "BL212") == {(".dockerignore", 2)}
    os.remove(tmp_path / "node_modules/a")
    os.rmdir(tmp_path / "node_modules")
    assert where(lint(tmp_path), "BL212") == set()  # nothing excluded to enter


def test_symlink_loop_and_outside_link_are_findings_not_crashes(tmp_path):
    write_tree(tmp_path, {"Dockerfile": DF_ALL, ".dockerignore": ".git\n", "ok.txt": ""})
    os.symlink("loop", tmp_path / "loop")
    os.symlink("/etc/hostname", tmp_path / "host")
    r = lint(tmp_path)
    assert not r.errors
    got = msg(r, "BL213")
    assert where(r, "BL213") == {(".dockerignore", 1)}
    assert any(m.startswith("loop: symlink loop") for m in got)
    assert any(m.startswith("host: symlink points outside the build context") for m in got)


def test_dockerfile_alone_is_not_a_context_for_bl208(tmp_path):
    files = {"Dockerfile": "FROM alpine\nCOPY app /app\n", "NOTES.md": "x\n"}
    assert where(go(tmp_path, files), "BL208") == set()
    assert where(go(tmp_path, {"main.go": "package main\n"}), "BL208") == {("Dockerfile", 2)}
