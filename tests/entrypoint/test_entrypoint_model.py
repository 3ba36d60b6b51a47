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
