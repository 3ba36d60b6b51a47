"""The command line: exit codes, formats, options, configuration errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from buildlint.cli import cli
from conftest import ROOT, write_tree

BAD = {"Dockerfile": "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
                     "ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n",
       "requirements.txt": "django\n", ".dockerignore": ".git\n"}
GOOD = {"Dockerfile": "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n"
                      "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
        "requirements.txt": "django\n", ".dockerignore": ".git\n"}


def invoke(args, cwd: Path):
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, args, catch_exceptions=False, color=True)
    finally:
        os.chdir(old)


def test_exit_1_with_findings_and_text_line_format(tmp_path):
    write_tree(tmp_path, BAD)
    r = invoke(["."], tmp_path)
    assert r.exit_code == 1
    first = r.output.splitlines()[0]
    assert first.startswith("Dockerfile:4:1: BL110 [warning] ")
    assert r.output.rstrip().endswith("Found 1 problem (1 warning) in 1 file.")


def test_exit_0_clean(tmp_path):
    write_tree(tmp_path, GOOD)
    r = invoke(["check", "."], tmp_path)
    assert r.exit_code == 0, r.output
    assert "All checks passed" in r.output


def test_default_path_is_cwd(tmp_path):
    write_tree(tmp_path, BAD)
    assert invoke([], tmp_path).exit_code == 1


def test_json_format_and_relative_paths(tmp_path):
    write_tree(tmp_path / "svc", BAD)
    r = invoke(["-f", "json", "svc"], tmp_path)
    data = json.loads(r.output)
    assert r.exit_code == 1
    [f] = data["findings"]
    assert (f["rule"], f["name"], f["path"], f["line"], f["column"]) == (
        "BL110", "source-copied-before-install", "svc/Dockerfile", 4, 1)
    assert data["errors"] == []


def test_select_and_ignore(tmp_path):
    write_tree(tmp_path, BAD)
    assert invoke([".", "--ignore", "BL110"], tmp_path).exit_code == 0
    assert invoke([".", "--select", "BL2"], tmp_path).exit_code == 0  # BL200 does not fire: .dockerignore exists
    assert invoke([".", "--select", "source-copied-before-install"], tmp_path).exit_code == 1


def test_fail_on_threshold(tmp_path):
    write_tree(tmp_path, BAD)
    r = invoke([".", "--fail-on", "error"], tmp_path)
    assert r.exit_code == 0  # a warning is below the threshold, but still printed
    assert "BL110" in r.output


def test_unknown_rule_is_usage_error(tmp_path):
    write_tree(tmp_path, BAD)
    r = invoke([".", "--select", "BL999"], tmp_path)
    assert r.exit_code == 2 and "--select: 'BL999' matches no rule" in r.output
    r = invoke([".", "--select", ","], tmp_path)
    assert r.exit_code == 2 and "--select names no rule" in r.output


def test_bad_format_is_usage_error(tmp_path):
    r = invoke([".", "-f", "xml"], tmp_path)
    assert r.exit_code == 2


def test_missing_path_is_a_usage_error(tmp_path):
    r = invoke(["nope"], tmp_path)
    assert r.exit_code == 2
    assert "nope: no such file or directory (commands: " in r.output
    r = invoke(["sub/nope.txt"], tmp_path)
    assert r.exit_code == 2 and "(commands" not in r.output


def test_explicit_file_that_is_not_a_dockerfile_is_a_usage_error(tmp_path):
    write_tree(tmp_path, {**BAD, "entrypoint.sh": "#!/bin/sh\nexec \"$@\"\n", "README.md": "FROM the start\n"})
    for name in ("entrypoint.sh", "README.md", ".dockerignore"):
        r = invoke([name], tmp_path)
        assert r.exit_code == 2 and f"{name}: not a Dockerfile or compose file" in r.output
    write_tree(tmp_path, {"deploy/prod.docker": "# base\nFROM alpine\n"})
    assert invoke(["deploy/prod.docker"], tmp_path).exit_code == 0


def test_nothing_to_lint_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    r = invoke(["empty"], tmp_path)
    assert r.exit_code == 0
    assert "no Dockerfile or compose file found under empty" in r.output


def test_paths_outside_the_cwd_are_relative_and_normalised(tmp_path):
    write_tree(tmp_path / "svc", BAD)
    (tmp_path / "other").mkdir()
    data = json.loads(invoke(["-f", "json", "../svc"], tmp_path / "other").output)
    assert [f["path"] for f in data["findings"]] == ["../svc/Dockerfile"]


def test_exclude_drops_compose_built_dockerfiles(tmp_path):
    write_tree(tmp_path, {"compose.yaml": "services:\n  a:\n    build: ./a\n    restart: always\n"
                                          "    mem_limit: 1g\n    cpus: 1\n",
                          **{f"a/{k}": v for k, v in BAD.items()}, **{f"b/{k}": v for k, v in BAD.items()}})
    data = json.loads(invoke(["-f", "json", "."], tmp_path).output)
    assert {f["path"] for f in data["findings"]} == {"a/Dockerfile", "b/Dockerfile"}
    for ex in ("a", "a/**", "a/Dockerfile"):
        data = json.loads(invoke(["-f", "json", ".", "--exclude", ex], tmp_path).output)
        assert {f["path"] for f in data["findings"]} == {"b/Dockerfile"}, ex
    # a path named on the command line is linted even when a pattern matches it
    data = json.loads(invoke(["-f", "json", "a", "--exclude", "a"], tmp_path).output)
    assert {f["path"] for f in data["findings"]} == {"a/Dockerfile"}


@pytest.mark.parametrize("text,needle", [
    ("select: [BL999]\n", "BL999"),
    ("bogus: 1\n", "bogus"),
    ("rules:\n  BL110:\n    manifests: 3\n", "manifests"),
    ("rules:\n  BL110:\n    nope: [x]\n", "nope"),
    ("severity:\n  BL110: fatal\n", "fatal"),
    ("fail-on: sometimes\n", "sometimes"),
    ("select: [\n", ".buildlint.yaml:2: invalid YAML"),
    ("ignore: [BL6O7]\n", ".buildlint.yaml: ignore: 'BL6O7' matches no rule"),
    ("- a\n- b\n", "mapping"),
])
def test_config_errors_exit_2(tmp_path, text, needle):
    write_tree(tmp_path, {**BAD, ".buildlint.yaml": text})
    r = invoke(["."], tmp_path)
    assert r.exit_code == 2
    assert needle in r.output


def test_config_options_severity_and_per_file_ignores(tmp_path):
    write_tree(tmp_path, {**BAD, ".buildlint.yaml": "severity:\n  BL110: error\n"})
    data = json.loads(invoke([".", "-f", "json"], tmp_path).output)
    assert [f["severity"] for f in data["findings"]] == ["error"]
    (tmp_path / ".buildlint.yaml").write_text("per-file-ignores:\n  Dockerfile: [BL110]\n")
    assert invoke(["."], tmp_path).exit_code == 0


def test_pyproject_config(tmp_path):
    write_tree(tmp_path, {**BAD, "pyproject.toml": "[tool.buildlint]\nignore = ['BL110']\n"})
    assert invoke(["."], tmp_path).exit_code == 0
    (tmp_path / "pyproject.toml").write_text("[tool.buildlint]\nignore = ['BL110'\n")
    r = invoke(["."], tmp_path)
    assert r.exit_code == 2 and "invalid TOML" in r.output


def test_isolated_ignores_config(tmp_path):
    write_tree(tmp_path, {**BAD, ".buildlint.yaml": "ignore: [BL110]\n"})
    assert invoke(["."], tmp_path).exit_code == 0
    assert invoke([".", "--isolated"], tmp_path).exit_code == 1


def test_output_file(tmp_path):
    write_tree(tmp_path, BAD)
    r = invoke([".", "-f", "sarif", "-o", "out.sarif"], tmp_path)
    assert r.exit_code == 1 and r.output == ""
    data = json.loads((tmp_path / "out.sarif").read_text())
    assert data["runs"][0]["results"][0]["ruleId"] == "BL110"


def test_github_format(tmp_path):
    write_tree(tmp_path, BAD)
    r = invoke([".", "-f", "github"], tmp_path)
    assert r.output.startswith("::warning file=Dockerfile,line=4,")


def test_rules_and_rule_commands(tmp_path):
    r = invoke(["rules", "--format", "json"], tmp_path)
    data = json.loads(r.output)
    ids = [d["id"] for d in data]
    assert "BL110" in ids and ids == sorted(ids)
    bl110 = next(d for d in data if d["id"] == "BL110")
    assert bl110["name"] == "source-copied-before-install" and bl110["severity"] == "warning"
    text = invoke(["rules"], tmp_path).output
    assert any(line.startswith("BL110  source-copied-before-install") for line in text.splitlines())
    doc = invoke(["rule", "source-copied-before-install"], tmp_path)
    assert doc.exit_code == 0 and "## What it does" in doc.output
    assert invoke(["rule", "NoEmptyContinuation"], tmp_path).output.startswith("---\nid: BL002")
    assert invoke(["rule", "BL999"], tmp_path).exit_code == 2


def test_parse_command(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "# syntax=docker/dockerfile:1\nFROM alpine\nRUN <<EOF\necho hi\nEOF\n"})
    r = invoke(["parse", "Dockerfile"], tmp_path)
    data = json.loads(r.output)
    assert data["directives"] == {"syntax": "docker/dockerfile:1"}
    run = data["instructions"][1]
    assert (run["keyword"], run["start_line"], run["end_line"]) == ("RUN", 3, 5)
    assert run["heredocs"][0]["name"] == "EOF" and run["heredocs"][0]["content"] == "echo hi\n"


def test_python_dash_m_and_version():
    out = subprocess.run([sys.executable, "-m", "buildlint", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.startswith("buildlint, version ")


def test_no_color_and_color(tmp_path, monkeypatch):
    write_tree(tmp_path, BAD)
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in invoke(["."], tmp_path).output
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke(["."], tmp_path).output


def _rules_found(r) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in json.loads(r.output)["findings"]:
        out.setdefault(f["path"], set()).add(f["rule"])
    return out


@pytest.mark.parametrize("where", [".", "sub", "outside"])
def test_config_patterns_are_relative_to_the_config_file(tmp_path, where):
    # like ruff: a committed config means the same thing wherever buildlint runs from
    proj = tmp_path / "proj"
    write_tree(proj, {f"backend/{k}": v for k, v in BAD.items()})
    write_tree(proj, {f"legacy/{k}": v for k, v in BAD.items()})
    write_tree(proj, {f"tools/{k}": v for k, v in BAD.items()})
    (proj / ".git").mkdir()
    (proj / "sub").mkdir()
    (proj / ".buildlint.yaml").write_text(
        'exclude: ["legacy/**"]\nper-file-ignores:\n  "backend/Dockerfile": [BL110]\n')
    cwd = {".": proj, "sub": proj / "sub", "outside": tmp_path}[where]
    target = os.path.relpath(proj, cwd)
    r = invoke(["-f", "json", target], cwd)
    found = _rules_found(r)
    prefix = "" if target == "." else target + "/"
    assert not any(p.startswith(prefix + "legacy/") for p in found), found
    assert "BL110" not in found.get(prefix + "backend/Dockerfile", set())
    assert "BL110" in found[prefix + "tools/Dockerfile"]  # not named by the pattern


def test_command_line_exclude_is_relative_to_the_cwd(tmp_path):
    proj = tmp_path / "proj"
    write_tree(proj, {f"legacy/{k}": v for k, v in BAD.items()})
    write_tree(proj, {f"app/{k}": v for k, v in BAD.items()})
    r = invoke(["-f", "json", "proj", "--exclude", "proj/legacy"], tmp_path)
    assert set(_rules_found(r)) == {"proj/app/Dockerfile"}
    r = invoke(["-f", "json", "proj", "--exclude", "legacy/**"], tmp_path)  # not relative to the cwd
    assert "proj/legacy/Dockerfile" in _rules_found(r)
    r = invoke(["-f", "json", "proj", "--exclude", "legacy"], tmp_path)  # a base name matches anywhere
    assert set(_rules_found(r)) == {"proj/app/Dockerfile"}


def test_config_and_isolated_together_is_a_usage_error(tmp_path):
    write_tree(tmp_path, GOOD)
    (tmp_path / "cfg.yaml").write_text("ignore: [ALL]\n")
    r = invoke(["--config", "cfg.yaml", "--isolated", "."], tmp_path)
    assert r.exit_code == 2
    assert "--config and --isolated cannot be used together" in r.output


def test_ctrl_c_while_the_cli_is_imported_exits_130_quietly(tmp_path):
    (tmp_path / "click.py").write_text("raise KeyboardInterrupt\n")  # Ctrl-C during `import click`
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    r = subprocess.run([sys.executable, "-m", "buildlint", "--help"], capture_output=True, text=True, env=env,
                       cwd=tmp_path, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (130, "", "")


def _proj_with_config(tmp_path, config: str):
    proj = tmp_path / "proj"
    for d in ("backend", "legacy", "tools", "sub/inner"):
        write_tree(proj, {f"{d}/{k}": v for k, v in BAD.items()})
    (proj / ".git").mkdir()
    (proj / ".buildlint.yaml").write_text(config)
    return proj


@pytest.mark.parametrize("via", ["symlinked PATH", "absolute through a symlink", "cwd inside the link"])
def test_config_patterns_hold_through_a_symlinked_path(tmp_path, via):
    proj = _proj_with_config(tmp_path, 'exclude: ["legacy/**", "sub/inner"]\n'
                                       'per-file-ignores:\n  "backend/Dockerfile": [BL110]\n')
    os.symlink(proj, tmp_path / "linkproj")
    want = _rules_found(invoke(["-f", "json", "."], proj))
    # legacy/ and sub/inner excluded, BL110 ignored in backend/Dockerfile: only tools/ is left
    assert want == {"tools/Dockerfile": {"BL110"}}
    if via == "symlinked PATH":
        got, prefix = _rules_found(invoke(["-f", "json", "linkproj"], tmp_path)), "linkproj/"
    elif via == "absolute through a symlink":
        got, prefix = _rules_found(invoke(["-f", "json", str(tmp_path / "linkproj")], tmp_path)), None
    else:
        got, prefix = _rules_found(invoke(["-f", "json", str(tmp_path / "linkproj")], tmp_path / "linkproj")), None
    strip = (lambda p: p[len(prefix):]) if prefix else (lambda p: p.split("linkproj/", 1)[-1])
    assert {strip(p): r for p, r in got.items()} == want


@pytest.mark.parametrize("pattern", ["legacy/**", "./legacy/**", "legacy//**", "sub/../legacy/**", "legacy/", "legacy"])
def test_exclude_patterns_are_normalised(tmp_path, pattern):
    proj = _proj_with_config(tmp_path, f'exclude: ["{pattern}"]\n')
    for cwd, target in ((proj, "."), (tmp_path, "proj"), (proj / "sub", "..")):
        found = _rules_found(invoke(["-f", "json", target], cwd))
        assert not any("legacy/" in p for p in found), (pattern, cwd, found)
        assert any("tools/" in p for p in found)


def test_absolute_exclude_pattern(tmp_path):
    proj = _proj_with_config(tmp_path, "select: [ALL]\n")
    found = _rules_found(invoke(["-f", "json", ".", "--exclude", str(proj / "legacy") + "/**"], proj))
    assert not any(p.startswith("legacy/") for p in found) and "tools/Dockerfile" in found


def test_config_file_named_on_the_command_line_is_relative_to_the_cwd(tmp_path):
    # as with ruff: `--config ci/buildlint.yaml` with `exclude: ["legacy/**"]` excludes ./legacy
    proj = _proj_with_config(tmp_path, "select: [ALL]\n")
    write_tree(proj, {"ci/buildlint.yaml": 'exclude: ["legacy/**"]\nper-file-ignores:\n  "tools/Dockerfile": [BL110]\n'})
    found = _rules_found(invoke(["-f", "json", ".", "--config", "ci/buildlint.yaml"], proj))
    assert not any(p.startswith("legacy/") for p in found)
    assert "BL110" not in found.get("tools/Dockerfile", set()) and "BL110" in found["backend/Dockerfile"]


def test_a_symlinked_config_file_is_relative_to_where_the_link_is(tmp_path):
    proj = _proj_with_config(tmp_path, "")
    (proj / ".buildlint.yaml").unlink()
    write_tree(tmp_path, {"shared/conf.yaml": 'exclude: ["legacy/**"]\n'})
    os.symlink(tmp_path / "shared" / "conf.yaml", proj / ".buildlint.yaml")
    found = _rules_found(invoke(["-f", "json", "."], proj))
    assert not any(p.startswith("legacy/") for p in found) and "tools/Dockerfile" in found


@pytest.mark.parametrize("dirname", ["plain", "p[1]", "star*", "q?"])
def test_patterns_hold_in_a_directory_whose_name_is_a_glob(tmp_path, dirname):
    proj = _proj_with_config(tmp_path, "")
    proj = proj.rename(tmp_path / dirname)
    # (`..` climbs the literal base; the pattern's own `*` stays a wildcard)
    (proj / ".buildlint.yaml").write_text('exclude: ["legacy/**", "../*/sub/**"]\n'
                                          'per-file-ignores:\n  "backend/Dockerfile": [BL110]\n')
    assert _rules_found(invoke(["-f", "json", "."], proj)) == {"tools/Dockerfile": {"BL110"}}
    found = _rules_found(invoke(["-f", "json", ".", "--isolated", "--exclude", "legacy/**,sub/**,backend/**"], proj))
    assert found == {"tools/Dockerfile": {"BL110"}}


def test_the_run_is_over_when_main_returns_a_late_ctrl_c_changes_nothing(monkeypatch):
    import _signal

    from buildlint import _entry

    monkeypatch.setattr("buildlint.cli.main", lambda: sys.exit(1))
    old = _signal.getsignal(_signal.SIGINT)
    try:
        with pytest.raises(SystemExit) as exc:
            _entry.main()
        assert exc.value.code == 1
        assert _signal.getsignal(_signal.SIGINT) == _signal.SIG_IGN
    finally:
        _signal.signal(_signal.SIGINT, old)

    def interrupted():
        raise KeyboardInterrupt  # e.g. a second Ctrl-C while the first is reported

    monkeypatch.setattr("buildlint.cli.main", interrupted)
    try:
        with pytest.raises(SystemExit) as exc:
            _entry.main()
        assert exc.value.code == 130
    finally:
        _signal.signal(_signal.SIGINT, old)
