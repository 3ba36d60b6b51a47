"""Finding the script an image starts (buildlint.model.entrypoint)."""

from __future__ import annotations

import pytest

from buildlint.model.entrypoint import entrypoint_of
from buildlint.model.project import Project
from conftest import lint, where, write_tree

SCRIPT = "#!/bin/sh\nset -e\nexec \"$@\"\n"


def _es(tmp_path, dockerfile, files=None):
    write_tree(tmp_path, {"Dockerfile": dockerfile, "entrypoint.sh": SCRIPT, **(files or {})})
    project = Project([tmp_path], cwd=tmp_path)
    (df,) = project.dockerfiles
    return entrypoint_of(df)


@pytest.mark.parametrize("dockerfile, image_path, interp, write_line", [
    # exec form, absolute
    ('FROM alpine\nCOPY entrypoint.sh /docker-entrypoint.sh\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
     "/docker-entrypoint.sh", None, 2),
    # relative to WORKDIR, shell form
    ("FROM alpine\nWORKDIR /app\nCOPY . .\nENTRYPOINT ./entrypoint.sh\n", "/app/entrypoint.sh", None, 3),
    # `sh script` relative to WORKDIR, WORKDIR given relatively
    ("FROM alpine\nWORKDIR /srv\nWORKDIR app\nCOPY entrypoint.sh ./\nCMD sh entrypoint.sh\n",
     "/srv/app/entrypoint.sh", "sh", 4),
    # directory destination with a trailing slash, found through PATH
    ('FROM alpine\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["entrypoint.sh"]\n',
     "/usr/local/bin/entrypoint.sh", None, 2),
    # a directory source copies its contents
    ('FROM alpine\nCOPY docker/ /opt/\nENTRYPOINT ["tini", "--", "/opt/start.sh"]\n',
     "/opt/start.sh", None, 2),
    # exec-form bash interpreter
    ('FROM debian\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["bash", "/e.sh"]\n', "/e.sh", "bash", 2),
])
def test_resolution(tmp_path, dockerfile, image_path, interp, write_line):
    es = _es(tmp_path, dockerfile, {"docker/start.sh": SCRIPT})
    assert es is not None
    assert es.image_path == image_path
    assert es.interpreter == interp
    assert es.write.start_line == write_line


def test_last_write_wins(tmp_path):
    es = _es(tmp_path, "FROM alpine\nWORKDIR /app\nCOPY entrypoint.sh .\nRUN sed -i 's/\\r$//' entrypoint.sh\n"
                       "COPY . .\nENTRYPOINT [\"/app/entrypoint.sh\"]\n")
    assert es.write.start_line == 5
    assert es.crlf_fix is None
    assert [i.start_line for i in es.earlier_crlf_fixes] == [4]


def test_ignored_file_is_not_written_by_copy_all(tmp_path):
    es = _es(tmp_path, "FROM alpine\nCOPY docker/start.sh /app/entrypoint.sh\nWORKDIR /app\nCOPY . .\n"
                       "ENTRYPOINT [\"/app/entrypoint.sh\"]\n",
             {"docker/start.sh": SCRIPT, ".dockerignore": "entrypoint.sh\n"})
    assert es.write.start_line == 2  # `COPY . .` does not send the ignored ./entrypoint.sh
    assert es.rel == "docker/start.sh"


def test_stage_lineage_and_cmd_pairing(tmp_path):
    es = _es(tmp_path, "FROM alpine AS base\nCOPY entrypoint.sh /e.sh\nCMD [\"old\"]\n"
                       "FROM base\nENTRYPOINT [\"/e.sh\"]\n")
    assert es.role == "entrypoint"
    assert es.cmd is None  # an ENTRYPOINT resets the CMD of an earlier stage
    es = _es(tmp_path, "FROM alpine\nCMD [\"serve\"]\nCOPY entrypoint.sh /e.sh\nENTRYPOINT [\"/e.sh\"]\n")
    assert es.cmd is not None and es.cmd.start_line == 2


def test_chmod_detection(tmp_path):
    es = _es(tmp_path, "FROM alpine\nCOPY --chmod=755 entrypoint.sh /e.sh\nENTRYPOINT [\"/e.sh\"]\n")
    assert es.chmod_fix is es.write
    es = _es(tmp_path, "FROM alpine\nCOPY entrypoint.sh /app/\nRUN chmod -R a+x /app\nENTRYPOINT [\"/app/entrypoint.sh\"]\n")
    assert es.chmod_fix is not None and es.chmod_fix.start_line == 3
    es = _es(tmp_path, "FROM alpine\nCOPY --chmod=644 entrypoint.sh /e.sh\nENTRYPOINT [\"/e.sh\"]\n")
    assert es.chmod_fix is None


def test_no_script_for_a_plain_command(tmp_path):
    assert _es(tmp_path, 'FROM python:3.12\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n') is None


def test_crlf_via_find_exec_sed(tmp_path):
    write_tree(tmp_path, {"Dockerfile": "FROM alpine\nCOPY . /app\n"
                          "RUN find /app -name '*.sh' -exec sed -i 's/\\r$//' {} +\n"
                          "ENTRYPOINT [\"/app/entrypoint.sh\"]\n",
                          "entrypoint.sh": SCRIPT.replace("\n", "\r\n")})
    (tmp_path / "entrypoint.sh").chmod(0o755)
    assert where(lint(tmp_path), "BL400") == set()


# ------------------------------------------------ scaling (regressions)
def test_entrypoint_found_once_per_dockerfile_by_lookup(tmp_path):
    """``COPY . .``, a directory and a glob in a context of many files: the
    script is found by set lookups, and once per Dockerfile (not per rule)."""
    files = {f"src/d{i // 500}/f{i}.txt": "x" for i in range(3000)}
    files.update({"bin/entrypoint.sh": SCRIPT, "scripts/a/run.sh": SCRIPT, "scripts/b/run.sh": SCRIPT})
    for dockerfile, image_path, rel in [
        ('FROM alpine\nWORKDIR /app\nCOPY . .\nENTRYPOINT ["/app/bin/entrypoint.sh"]\n',
         "/app/bin/entrypoint.sh", "bin/entrypoint.sh"),
        ('FROM alpine\nCOPY bin /usr/local/bin\nENTRYPOINT ["entrypoint.sh"]\n',
         "/usr/local/bin/entrypoint.sh", "bin/entrypoint.sh"),
        ('FROM alpine\nCOPY scripts/*/run.sh /opt/\nENTRYPOINT ["/opt/run.sh"]\n', "/opt/run.sh", "scripts/b/run.sh"),
    ]:
        es = _es(tmp_path, dockerfile, files)
        assert (es.image_path, es.rel) == (image_path, rel)
    project = Project([tmp_path], cwd=tmp_path)
    (df,) = project.dockerfiles
    assert entrypoint_of(df) is entrypoint_of(df)


def test_oversized_entrypoint_script_is_skipped(tmp_path):
    """A script over 1 MiB is not parsed (a 5 MB one took 16 s and 930 MB):
    one clear file error, no findings from its content."""
    big = "#!/bin/bash\r\n" + "echo \"$1\" | grep -q x && rm -rf /data\r\n" * 30000
    assert len(big) > 1024 * 1024
    write_tree(tmp_path, {"Dockerfile": 'FROM alpine\nCOPY entrypoint.sh /entrypoint.sh\n'
                                        'ENTRYPOINT ["/entrypoint.sh"]\n', "entrypoint.sh": big})
    (tmp_path / "entrypoint.sh").chmod(0o755)
    result = lint(tmp_path)
    assert not [f for f in result.findings if f.rule.startswith("BL4")], result.findings
    msgs = [e.message for e in result.errors]
    assert any("too large to analyse" in m for m in msgs) and not [e for e in result.errors if e.kind == "internal"]


def test_long_stage_chain_is_linear(tmp_path):
    """4,000 chained stages (``FROM s{i-1} AS s{i}`` + ``COPY --from``): the
    parent search in build_stages and the per-stage lineage walks (BL452,
    lineage_steps) were quadratic; the last stage still sees the chain's
    WORKDIR/ENV and the script copied at its root."""
    from buildlint.model.entrypoint import lineage_steps, stage_steps

    n = 4000
    df_text = ("FROM python:3.12-slim AS s0\nWORKDIR /app\nENV APP_HOME=/app\nCOPY entrypoint.sh /entrypoint.sh\n"
               + "".join(f"FROM s{i - 1} AS s{i}\nCOPY --from=s{i - 1} /a /b\n"
                         for i in range(1, n + 1))
               + 'ENTRYPOINT ["/entrypoint.sh"]\n')
    write_tree(tmp_path, {"Dockerfile": df_text, "entrypoint.sh": SCRIPT, "manage.py": ""})
    project = Project([tmp_path], cwd=tmp_path)
    (df,) = project.dockerfiles
    last = df.stages[-1]
    assert last.parent is df.stages[-2] and len(last.lineage()) == n + 1
    assert last.base_image == "python:3.12-slim" and last.lineage() is last.lineage()
    steps = stage_steps(last)
    assert steps[0].workdir == "/app" and steps[0].env["APP_HOME"] == "/app"
    assert len(lineage_steps(last)) == 3 + n + 1
    assert entrypoint_of(df).rel == "entrypoint.sh"
    result = lint(tmp_path, select=["BL452", "BL500", "BL502", "BL503", "BL400", "BL401"])
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
