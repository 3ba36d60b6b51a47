"""Field cases (tests/data/cases, from shared/cases) for the core rules.

Expected lines come from each case's EXPECT.md, not from buildlint's output.
"""

from __future__ import annotations

from conftest import copy_case, lint, where


def test_case_11_npm_ci_after_copy_all(tmp_path):
    # EXPECT.md: must report Dockerfile:4 (npm ci after COPY . . on line 3), naming line 3.
    root = copy_case("11-npm-install-after-copy-all", tmp_path)
    result = lint(root)
    found = [f for f in result.findings if f.rule == "BL110"]
    assert [(f.path, f.line) for f in found] == [("Dockerfile", 4)]
    assert [r.line for r in found[0].related] == [3]
    # npm ci --omit=dev installs no dev dependencies: no single-stage finding
    assert where(result, "BL100") == set()


def test_case_12_pip_after_add_all(tmp_path):
    # EXPECT.md: must report Dockerfile:5 (pip install after ADD . /code/ on line 4).
    root = copy_case("12-django-pip-after-add-all", tmp_path)
    result = lint(root)
    found = [f for f in result.findings if f.rule == "BL110"]
    assert [(f.path, f.line) for f in found] == [("Dockerfile", 5)]
    assert [r.line for r in found[0].related] == [4]
    assert "requirements.txt" in found[0].message


def test_case_08_no_effective_ignore_file(tmp_path):
    # EXPECT.md: docker/Dockerfile:5 (COPY . . with no effective ignore file);
    # docker/.dockerignore does not protect this build (context is the compose dir).
    root = copy_case("08-dockerignore-not-at-context-root", tmp_path)
    result = lint(root)
    assert where(result, "BL200") == {("docker/Dockerfile", 5)}
    f = next(f for f in result.findings if f.rule == "BL200")
    # the related location is the compose file's build entry (line 3: `build:`)
    assert [(r.path, r.line) for r in f.related] == [("docker-compose.yml", 3)]


def test_case_08_context_from_compose(tmp_path):
    from buildlint.model.project import Project

    root = copy_case("08-dockerignore-not-at-context-root", tmp_path)
    project = Project([root], cwd=root)
    [df] = project.dockerfiles
    assert df.relpath == "docker/Dockerfile"
    assert df.context.root == root.resolve()
    assert df.context.source == "compose"
    assert df.context.ignore_path is None  # docker/.dockerignore is not read


def test_case_15_local_deb_is_not_an_unpinned_package(tmp_path):
    # EXPECT.md: no "unpinned apt package" finding for the .deb path (RUN on lines 3-6).
    from buildlint.model.installs import installs_of
    from buildlint.model.project import Project

    root = copy_case("15-apt-install-local-deb", tmp_path)
    project = Project([root], cwd=root)
    [df] = project.dockerfiles
    run = next(i for i in df.parsed.instructions if i.keyword == "RUN")
    assert [f.raw for f in run.flags] == ["--mount=type=bind,source=vendor,target=/vendor"]
    [apt] = [i for i in installs_of(df.shell(run)) if i.manager == "apt-get"]
    assert apt.packages == []  # the .deb path is a file, not a package name
    result = lint(root)
    assert not [f for f in result.findings if f.line in (3, 4, 5, 6) and "pin" in f.message.lower()]


def test_case_23_backtick_escape_has_no_findings(tmp_path):
    # EXPECT.md: must parse into 8 instructions and report no findings.
    root = copy_case("23-escape-directive-backtick", tmp_path)
    assert lint(root).findings == []


def test_case_24_platform_flags_no_other_findings(tmp_path):
    # EXPECT.md: only Dockerfile:9 (redundant $TARGETPLATFORM) may be reported; nothing else.
    root = copy_case("24-from-platform-flag", tmp_path)
    assert {(f.path, f.line) for f in lint(root).findings} <= {("Dockerfile", 9)}


def test_missing_dockerignore_quiet_for_a_clean_small_context(tmp_path):
    from conftest import write_tree

    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /srv\n", "app.sh": "echo hi\n"})
    assert where(lint(tmp_path), "BL200") == set()
    write_tree(tmp_path, {"logs/app.log": "x\n"})
    result = lint(tmp_path)
    assert where(result, "BL200") == {("Dockerfile", 2)}
    assert "`logs/app.log`" in next(f.message for f in result.findings if f.rule == "BL200")
