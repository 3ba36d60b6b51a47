"""Regressions from an adversarial session: every input gets a clear message and
a defined exit code; nothing hangs, leaks or crashes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, lint, write_tree


def cli(args, cwd, env=None, timeout=60):
    e = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "buildlint", *args], cwd=cwd, capture_output=True,
                          timeout=timeout, env=e)


def _no_traceback(r):
    assert b"Traceback" not in r.stdout + r.stderr
    assert r.returncode in (0, 1, 2)


def test_fifo_dockerfile_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / "Dockerfile")
    r = cli(["--isolated", "."], tmp_path, timeout=30)
    _no_traceback(r)
    assert r.returncode == 1 and b"a FIFO, not a regular file; not read" in r.stdout
    r = cli(["parse", "Dockerfile"], tmp_path, timeout=30)
    assert r.returncode == 2 and b"FIFO" in r.stderr


@pytest.mark.parametrize("target", ["/dev/zero", "/etc/passwd", "/proc/self/environ"])
def test_dockerfile_symlinked_outside_is_not_read(tmp_path, target):
    os.symlink(target, tmp_path / "Dockerfile")
    r = cli(["--isolated", ".", "-f", "json"], tmp_path, env={"MYSECRET": "hunter2-zz"}, timeout=30)
    _no_traceback(r)
    data = json.loads(r.stdout)
    assert data["findings"] == []
    [err] = data["errors"]
    assert "not read" in err["message"]
    assert b"hunter2-zz" not in r.stdout and b"root:" not in r.stdout


def test_compose_dockerfile_outside_the_project_is_not_read(tmp_path):
    write_tree(tmp_path, {"compose.yaml": "services:\n  web:\n    build: {context: ., dockerfile: /proc/self/environ}\n"})
    r = cli(["--isolated", ".", "-f", "github"], tmp_path, env={"MYSECRET": "hunter2-zz"}, timeout=30)
    _no_traceback(r)
    assert b"hunter2-zz" not in r.stdout
    assert b"outside the project; not linted" in r.stdout


def test_compose_context_root_is_not_walked(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . .\n",
                          "compose.yaml": f"services:\n  web:\n    build: {{context: /, dockerfile: {tmp_path}/Dockerfile}}\n"})
    r = cli(["--isolated", "."], tmp_path, timeout=60)
    _no_traceback(r)
    assert b"build context '/' is outside the project" in r.stdout


def test_huge_unknown_word_is_reported_briefly(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "X" * 200_000 + "\n"})
    result = lint(tmp_path, select=["BL001"])
    msgs = [f.message for f in result.findings]
    assert msgs[0] == "dockerfile line greater than max allowed size of 65535"  # BuildKit's words
    assert msgs[1].startswith("unknown instruction: XXXX") and len(msgs[1]) == 241  # 240 + an ellipsis


def test_binary_and_utf16_dockerfiles_are_one_finding(tmp_path):
    write_tree(tmp_path, {"Dockerfile": bytes(range(256)) * 40,
                          "b/Dockerfile": "FROM alpine\nRUN true\n".encode("utf-16")})
    got = {(f.path, f.message) for f in lint(tmp_path, select=["BL001"]).findings}
    assert got == {("Dockerfile", "binary file (it is not a Dockerfile)"),
                   ("b/Dockerfile", "the file is UTF-16 encoded; Docker reads Dockerfiles as UTF-8 (save it as UTF-8)")}


def test_errors_per_file_are_capped(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n" + "BOGUS x\n" * 100})
    found = lint(tmp_path, select=["BL001"]).findings
    assert len(found) == 21
    assert found[-1].message.startswith("80 more errors after these")


def test_non_utf8_file_names_give_valid_json_and_sarif(tmp_path):
    d = os.fsencode(tmp_path) + b"/svc\xff"
    os.mkdir(d)
    with open(d + b"/Dockerfile", "wb") as fh:
        fh.write(b"FROM alpine\nBOGUS\n")
    for fmt in ("json", "sarif"):
        r = cli(["--isolated", ".", "-f", fmt], tmp_path)
        _no_traceback(r)
        text = r.stdout.decode("utf-8")  # strict: must be valid UTF-8
        data = json.loads(text)
        paths = ([f["path"] for f in data["findings"]] if fmt == "json" else
                 [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in data["runs"][0]["results"]])
        assert paths == (["svc\\xff/Dockerfile"] if fmt == "json" else ["svc%5Cxff/Dockerfile"])
    r = cli(["context", ".", "--format", "json"], tmp_path)
    assert r.returncode == 0
    assert "svc\\xff/Dockerfile" in json.loads(r.stdout.decode("utf-8"))["files"]


@pytest.mark.parametrize("text,needle", [
    ("select:\n", b"select: empty"),
    ("select: []\n", b"select: empty"),
    ("rules:\n  BL110:\n    manifests: [1.5]\n", b"every item must be a str"),
])
def test_config_mistakes_are_exit_2(tmp_path, text, needle):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n", ".buildlint.yaml": text})
    r = cli(["."], tmp_path)
    assert r.returncode == 2 and needle in r.stderr


def test_fifo_config_and_path(tmp_path):
    os.mkfifo(tmp_path / "cfg.yaml")
    r = cli([".", "--config", "cfg.yaml"], tmp_path, timeout=30)
    assert r.returncode == 2 and b"FIFO" in r.stderr
    r = cli(["cfg.yaml"], tmp_path, timeout=30)
    _no_traceback(r)
    assert b"not a regular file or directory" in r.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_full_stdout_is_a_clear_error(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nBOGUS\n"})
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "buildlint", "--isolated", "."], cwd=tmp_path,
                           stdout=full, stderr=subprocess.PIPE, timeout=60)
    assert r.returncode == 2
    assert b"cannot write" in r.stderr and b"Traceback" not in r.stderr


def test_why_outside_the_context_is_refused(tmp_path):
    r = cli(["context", ".", "--why", "../../etc/passwd"], tmp_path)
    assert r.returncode == 2 and b"not inside the build context" in r.stderr


def test_unreadable_ignore_file_is_reported(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . .\n", "x.txt": "x"})
    os.mkfifo(tmp_path / ".dockerignore")
    r = cli(["--isolated", "."], tmp_path, timeout=30)
    _no_traceback(r)
    assert b".dockerignore" in r.stdout and b"FIFO" in r.stdout


def test_parse_and_context_do_not_follow_links_out_of_the_project(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n"})
    os.symlink("/etc/passwd", tmp_path / ".dockerignore")
    os.symlink("/etc/passwd", tmp_path / "D2")
    for args in (["context", "."], ["context", ".", "--why", "x"], ["parse", "D2"]):
        r = cli(args, tmp_path)
        assert r.returncode == 2 and b"outside" in r.stderr, args
        assert b"root:" not in r.stdout


def test_non_utf8_names_inside_messages(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n", "x.txt": "x"})
    with open(os.fsencode(tmp_path) + b"/.env\xff", "w") as fh:
        fh.write("SECRET_KEY=abc\n")
    for fmt in ("json", "sarif", "github", "text"):
        r = cli(["--isolated", ".", "-f", fmt], tmp_path)
        _no_traceback(r)
        out = r.stdout.decode("utf-8")  # strict
        if fmt in ("json", "sarif"):
            out = json.dumps(json.loads(out), ensure_ascii=False)  # decoded once more below
            assert ".env\\\\xff" in out, fmt
        else:
            assert ".env\\xff" in out, fmt


def test_yaml_alias_bomb_in_compose(tmp_path):
    lines = ["x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    lines += ["services:", "  web:", "    image: nginx:1.27", "    environment: *a9"]
    write_tree(tmp_path, {"compose.yaml": "\n".join(lines) + "\n"})
    r = cli(["--isolated", "."], tmp_path, timeout=60)
    _no_traceback(r)
    assert b"expands to more than 200000 YAML nodes" in r.stdout


def test_compressed_data_is_one_binary_finding(tmp_path):
    import gzip

    write_tree(tmp_path, {"Dockerfile": gzip.compress((ROOT / "README.md").read_bytes())})
    [f] = lint(tmp_path, select=["BL001"]).findings
    assert f.message.startswith("binary file")


def test_oversized_dockerfile_is_a_clear_error(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\n" + "RUN true\n" * 300_000})  # 2.7 MB
    result = lint(tmp_path)
    assert result.findings == []
    [err] = result.errors
    assert err.path == "Dockerfile" and "too large for a Dockerfile" in err.message


def test_a_file_a_rule_could_not_read_is_reported_even_if_the_rule_skips_it(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM python:3.12\nCOPY . .\nRUN python manage.py collectstatic\n",
                          "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
                          "app/x": ""})
    os.mkfifo(tmp_path / "app" / "settings.py")
    result = lint(tmp_path)
    assert [(e.path, e.message) for e in result.errors] == [("app/settings.py", "a FIFO, not a regular file; not read")]
