"""Entrypoint rules on miniature projects: the edges the documents don't show."""

from __future__ import annotations

import os

import pytest

from conftest import lint, where, write_tree

DF = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nENTRYPOINT ["/srv/entrypoint.sh"]\nCMD ["gunicorn", "app:app"]\n'


def run(tmp_path, script: str, rule: str, dockerfile: str = DF, files=None, mode=0o755):
    write_tree(tmp_path, {"Dockerfile": dockerfile, "entrypoint.sh": script, **(files or {})})
    os.chmod(tmp_path / "entrypoint.sh", mode)
    return where(lint(tmp_path), rule)


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\nset -e\npython manage.py migrate\nexec \"$@\"\n", {3}),
    # a wait loop before
    ("#!/bin/sh\nset -e\nwhile ! nc -z db 5432; do sleep 1; done\npython manage.py migrate\nexec \"$@\"\n", set()),
    # a for loop that sleeps
    ("#!/bin/sh\nset -e\nfor i in 1 2 3; do python -c 'import x' && break; sleep 2; done\n"
     "python manage.py migrate\nexec \"$@\"\n", set()),
    # a management command that waits
    ("#!/bin/sh\nset -e\npython manage.py wait_for_db\npython manage.py migrate\nexec \"$@\"\n", set()),
    # wait-for-it after the migration does not count
    ("#!/bin/sh\nset -e\npython manage.py migrate\n/wait-for-it.sh db:5432\nexec \"$@\"\n", {3}),
    # a function that waits, called first
    ("#!/bin/sh\nset -e\nwait_db() {\n  until pg_isready -h db; do sleep 1; done\n}\nwait_db\n"
     "python manage.py migrate\nexec \"$@\"\n", set()),
    # django-admin too
    ("#!/bin/sh\nset -e\ndjango-admin migrate --noinput\nexec \"$@\"\n", {3}),
])
def test_migrate_wait(tmp_path, script, expected):
    got = run(tmp_path, script, "BL406")
    assert got == {("entrypoint.sh", n) for n in expected}


def test_migrate_wait_compose_healthy_only_with_healthcheck(tmp_path):
    script = "#!/bin/sh\nset -e\npython manage.py migrate\nexec \"$@\"\n"
    compose = ("services:\n  db:\n    image: postgres:16\n{hc}  web:\n    build: .\n"
               "    depends_on:\n      db:\n        condition: service_healthy\n")
    hc = "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n"
    assert run(tmp_path, script, "BL406", files={"compose.yaml": compose.format(hc=hc)}) == set()
    (tmp_path / "compose.yaml").write_text(compose.format(hc=""))
    assert where(lint(tmp_path), "BL406") == {("entrypoint.sh", 3)}


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\npython manage.py migrate\nexec \"$@\"\n", {2}),
    ("#!/bin/sh -e\npython manage.py migrate\nexec \"$@\"\n", set()),
    ("#!/bin/bash\nset -o errexit\npython manage.py migrate\nexec \"$@\"\n", set()),
    ("#!/bin/sh\necho hi\nexec \"$@\"\n", set()),  # nothing that can fail
    ("#!/bin/sh\nif python manage.py migrate; then echo ok; fi\nexec \"$@\"\n", set()),
    ("#!/bin/sh\npython manage.py migrate\nset -e\nexec \"$@\"\n", {2}),  # enabled too late
])
def test_errexit(tmp_path, script, expected):
    assert run(tmp_path, script, "BL405") == {("entrypoint.sh", n) for n in expected}


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\nset -e\nuvicorn app:app --host 0.0.0.0\n", {3}),
    ("#!/bin/sh\nset -e\npython -m gunicorn app:app\n", {3}),
    ("#!/bin/sh\nset -e\npython manage.py runserver 0.0.0.0:8000\n", {3}),
    ("#!/bin/sh\nset -e\ncelery -A proj worker\n", {3}),
    ("#!/bin/sh\nset -e\nexec uvicorn app:app\n", set()),
    ("#!/bin/sh\nset -e\npython manage.py migrate\nexec \"$@\"\n", set()),
    ("#!/bin/sh\nset -e\ngunicorn app:app &\nwait\n", set()),  # backgrounded: not this rule
])
def test_server_without_exec(tmp_path, script, expected):
    assert run(tmp_path, script, "BL404") == {("entrypoint.sh", n) for n in expected}


def test_missing_exec_args_needs_a_cmd(tmp_path):
    script = "#!/bin/sh\nset -e\npython manage.py check\nexec gunicorn app:app\n"
    assert run(tmp_path, script, "BL407") == {("Dockerfile", 5)}
    no_cmd = DF.replace('CMD ["gunicorn", "app:app"]\n', "")
    (tmp_path / "Dockerfile").write_text(no_cmd)
    assert where(lint(tmp_path), "BL407") == set()


def test_exec_gosu_args_counts(tmp_path):
    script = "#!/bin/sh\nset -e\nexec gosu app \"$@\"\n"
    assert run(tmp_path, script, "BL407") == set()


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\nexec $@\n", {2}),
    ("#!/bin/sh\nexec ${CMD}\n", {2}),
    ("#!/bin/sh\nexec \"$@\"\n", set()),
    ("#!/bin/sh\nexec gunicorn $OPTS app:app\n", set()),
])
def test_unquoted_exec(tmp_path, script, expected):
    assert run(tmp_path, script, "BL408") == {("entrypoint.sh", n) for n in expected}


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\nset -u\necho $PORT\nPORT=${PORT:-80}\nexec \"$@\"\n", {3}),
    ("#!/bin/sh\necho $PORT\nPORT=${PORT:-80}\nexec \"$@\"\n", set()),  # no set -u
    ("#!/bin/sh\nset -u\nPORT=${PORT:-80}\necho $PORT\nexec \"$@\"\n", set()),
    ("#!/bin/sh\nset -u\necho '$PORT'\nPORT=${PORT:-80}\nexec \"$@\"\n", set()),  # single-quoted
    ("#!/bin/sh\nset -u\necho \"$DATABASE_URL\"\nexec \"$@\"\n", set()),  # no default anywhere
])
def test_nounset_before_default(tmp_path, script, expected):
    assert run(tmp_path, script, "BL409") == {("entrypoint.sh", n) for n in expected}


@pytest.mark.parametrize("script, expected", [
    ("#!/bin/sh\nset -e\npython manage.py reset_db --noinput\nexec \"$@\"\n", {3}),
    ("#!/bin/sh\nset -e\npython manage.py migrate myapp zero\nexec \"$@\"\n", {3}),
    ("#!/bin/sh\nset -e\n[ \"$RESET\" = 1 ] && python manage.py flush --noinput\nexec \"$@\"\n", set()),
    ("#!/bin/sh\nset -e\ncase \"$1\" in\n  reset) python manage.py flush ;;\nesac\nexec \"$@\"\n", set()),
])
def test_destructive(tmp_path, script, expected):
    assert run(tmp_path, script, "BL410") == {("entrypoint.sh", n) for n in expected}


def test_bash_on_alpine(tmp_path):
    df = 'FROM node:20-alpine\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["/e.sh"]\n'
    script = "#!/usr/bin/env bash\nset -e\nexec node server.js\n"
    assert run(tmp_path, script, "BL403", dockerfile=df) == {("entrypoint.sh", 1)}
    (tmp_path / "Dockerfile").write_text(df.replace("COPY", "RUN apk add --no-cache bash curl\nCOPY"))
    assert where(lint(tmp_path), "BL403") == set()
    (tmp_path / "Dockerfile").write_text(df.replace("node:20-alpine", "node:20-slim"))
    assert where(lint(tmp_path), "BL403") == set()


def test_not_executable_via_interpreter_is_fine(tmp_path):
    df = 'FROM python:3.12-slim\nCOPY entrypoint.sh /e.sh\nENTRYPOINT ["sh", "/e.sh"]\n'
    assert run(tmp_path, "#!/bin/sh\nexec python -m app\n", "BL402", dockerfile=df, mode=0o644) == set()
    df2 = 'FROM python:3.12-slim\nCOPY entrypoint.sh /e.sh\nENTRYPOINT /e.sh\n'
    (tmp_path / "Dockerfile").write_text(df2)
    assert where(lint(tmp_path), "BL402") == {("Dockerfile", 2)}


def test_messages_carry_no_line_numbers(tmp_path):
    script = "#!/bin/sh\npython manage.py migrate\ngunicorn app:app\n"
    write_tree(tmp_path, {"Dockerfile": DF, "entrypoint.sh": script.replace("\n", "\r\n")})
    os.chmod(tmp_path / "entrypoint.sh", 0o644)
    result = lint(tmp_path)
    mine = [f for f in result.findings if f.rule.startswith("BL4")]
    assert {f.rule for f in mine} >= {"BL400", "BL402", "BL404", "BL405", "BL406"}
    for f in mine:
        assert "line" not in f.message.lower() or "line endings" in f.message.lower(), f.message
