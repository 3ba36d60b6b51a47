"""Compose rules (BL600-BL610) beyond their documents' examples."""

from __future__ import annotations

import re

import pytest

from buildlint.model.compose import compose_files
from buildlint.model.project import Project
from conftest import copy_case, lint, where, write_tree

DC = "docker-compose.yml"


def run(tmp_path, files, rule):
    write_tree(tmp_path, files)
    result = lint(tmp_path, select=[rule])
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    return result


# ------------------------------------------------------- build contexts
def test_every_build_service_is_linted_with_its_context(tmp_path):
    files = {
        DC: "services:\n  api:\n    build:\n      context: ./api\n      dockerfile: docker/backend.build\n"
            "  web:\n    build: web\n  db:\n    image: postgres:16\n",
        "api/docker/backend.build": "FROM python:3.12-slim\nRUN pip install flask\n",
        "api/.dockerignore": ".git\n",
        "web/Dockerfile": "FROM python:3.12-slim\nCOPY . .\nRUN pip install flask\n",
    }
    write_tree(tmp_path, files)
    project = Project([tmp_path], cwd=tmp_path)
    services = {s.name: s for f in compose_files(project) for s in f.services}
    assert services["api"].build_context.root == (tmp_path / "api").resolve()
    assert services["api"].dockerfile.relpath == "api/docker/backend.build"
    assert services["api"].build_context.ignore_path.name == ".dockerignore"
    assert services["web"].dockerfile.relpath == "web/Dockerfile"
    assert services["web"].build_context.ignore_path is None
    assert services["db"].dockerfile is None
    # a Dockerfile rule runs on the file only compose names
    r = lint(tmp_path, select=["BL502"])
    assert where(r, "BL502") == {("api/docker/backend.build", 2), ("web/Dockerfile", 3)}


# ------------------------------------------------------- BL600
@pytest.mark.parametrize("text,line", [("services:\n  web:\n    image: 'x\n", 3), ("- a\n- b\n", 1), ("", 1)])
def test_broken_compose_file_reported_once_without_crash(tmp_path, text, line):
    write_tree(tmp_path, {DC: text})
    r = lint(tmp_path, select=["BL6"])
    assert not r.errors
    assert {(f.rule, f.path, f.line) for f in r.findings} == {("BL600", DC, line)}


# ------------------------------------------------------- BL601 / BL602
def test_case_44_both_limit_syntaxes_accepted(tmp_path):
    case = copy_case("44-compose-limits-both-syntaxes", tmp_path)
    r = lint(case, select=["BL601", "BL602"])
    assert r.findings == []
    assert not r.errors


def test_limits_missing_one_kind(tmp_path):
    r = run(tmp_path, {DC: "services:\n  web:\n    image: x:1\n    mem_limit: 1g\n"}, "BL601")
    assert where(r) == {(DC, 2)}
    assert "no CPU limit" in r.findings[0].message and "memory" not in r.findings[0].message.split(":")[0]


def test_limits_from_production_override_and_dev_file_skipped(tmp_path):
    files = {DC: "services:\n  web:\n    image: x:1\n  worker:\n    image: y:1\n",
             "compose.prod.yaml": "services:\n  web:\n    cpus: 1\n    mem_limit: 1g\n",
             "docker-compose.override.yml": "services:\n  worker:\n    cpus: 1\n    mem_limit: 1g\n"
                                            "  tools:\n    image: z:1\n"}
    assert where(run(tmp_path, files, "BL601")) == {(DC, 4)}


@pytest.mark.parametrize("top,dep,distinct", [("512m", "512M", False), ("512m", "1G", True), ("1024k", "1m", False)])
def test_both_syntaxes_same_resource(tmp_path, top, dep, distinct):
    text = (f"services:\n  web:\n    image: x:1\n    mem_limit: {top}\n    deploy:\n      resources:\n"
            f"        limits:\n          memory: {dep}\n")
    r = run(tmp_path, {DC: text}, "BL602")
    assert where(r) == {(DC, 4)}
    (f,) = r.findings
    assert ("refuses the file (" in f.message) is distinct
    assert [(loc.path, loc.line) for loc in f.related] == [(DC, 8)]


# ------------------------------------------------------- BL603
@pytest.mark.parametrize("image,reported", [
    ("postgres", True), ("postgres:latest", True), ("docker.io/library/redis", True),
    ("localhost:5000/app", True), ("postgres:16", False), ("postgres@sha256:" + "a" * 64, False),
    ("${IMG}", False), ("${IMG:-postgres}", True), ("registry:5000/team/app:1.2", False),
])
def test_unpinned_images(tmp_path, image, reported):
    r = run(tmp_path, {DC: f"services:\n  s:\n    image: \"{image}\"\n"}, "BL603")
    assert where(r) == ({(DC, 3)} if reported else set())


# ------------------------------------------------------- BL604
def test_case_35_depends_on_short_form(tmp_path):
    case = copy_case("35-django-migrate-without-db-wait", tmp_path)
    r = lint(case, select=["BL604"])
    assert where(r) == {("docker-compose.yml", 11)}
    msg = r.findings[0].message
    assert "healthcheck" in msg and "service_healthy" in msg


@pytest.mark.parametrize("dep,db_extra,reported", [
    ("      db:\n        condition: service_started\n", "", True),
    ("      db:\n        condition: service_healthy\n", "", True),  # no healthcheck: compose fails
    ("      db:\n        condition: service_healthy\n",
     "    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n", False),
    ("      - cache\n", "", False),  # not a database
])
def test_depends_on_variants(tmp_path, dep, db_extra, reported):
    text = ("services:\n  web:\n    image: w:1\n    depends_on:\n" + dep +
            "  db:\n    image: postgres:16\n" + db_extra + "  cache:\n    image: example/cache:1\n")
    r = run(tmp_path, {DC: text}, "BL604")
    assert where(r) == ({(DC, 4)} if reported else set())


def test_healthcheck_from_built_image(tmp_path):
    files = {DC: "services:\n  web:\n    image: w:1\n    depends_on:\n      db:\n        condition: service_healthy\n"
                 "  db:\n    build: ./db\n    image: postgres:16\n",
             "db/Dockerfile": "FROM postgres:16\nHEALTHCHECK CMD pg_isready\n"}
    assert where(run(tmp_path, files, "BL604")) == set()


# ------------------------------------------------------- BL605
def test_case_34_false_string_not_reported(tmp_path):
    case = copy_case("34-django-debug-env-string", tmp_path)
    assert where(lint(case, select=["BL605"])) == set()


def test_debug_through_env_file_and_dev_file_skipped(tmp_path):
    files = {DC: "services:\n  web:\n    image: w:1\n    env_file: web.env\n",
             "web.env": "A=1\nDJANGO_DEBUG=True\n",
             "compose.dev.yaml": "services:\n  web:\n    environment:\n      DEBUG: 1\n"}
    r = run(tmp_path, files, "BL605")
    assert where(r) == {("web.env", 2)}
    assert [(loc.path, loc.line) for loc in r.findings[0].related] == [(DC, 4)]


# ------------------------------------------------------- BL606 / BL610
def test_dotenv_secret_reported_unless_gitignored(tmp_path):
    files = {DC: "services:\n  web:\n    image: w:1\n",
             ".env": "POSTGRES_PASSWORD=Zq8vK2mN7xLp4RtY\nDEBUG_TOOLBAR=1\nSECRET_KEY=changeme\n"}
    r = run(tmp_path, files, "BL606")
    assert where(r) == {(".env", 1)}  # line 3 is a placeholder: BL610's
    assert where(lint(tmp_path, select=["BL610"])) == {(".env", 3)}
    write_tree(tmp_path, {".gitignore": "# local\n.env\n"})
    assert where(lint(tmp_path, select=["BL606", "BL610"])) == set()


def test_placeholder_equal_to_user_and_dev_override(tmp_path):
    files = {DC: "services:\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_USER: shop\n"
                 "      MYSQL_PASSWORD: shop\n      MYSQL_ROOT_PASSWORD: ${ROOT_PW:?set it}\n",
             "docker-compose.override.yml": "services:\n  db:\n    environment:\n      MYSQL_PASSWORD: secret\n"}
    assert where(run(tmp_path, files, "BL610")) == {(DC, 6)}


# ------------------------------------------------------- BL607
def test_restart_from_production_override(tmp_path):
    files = {DC: "services:\n  web:\n    image: w:1\n",
             "compose.production.yml": "services:\n  web:\n    restart: always\n"}
    assert where(run(tmp_path, files, "BL607")) == set()


# ------------------------------------------------------- BL608
@pytest.mark.parametrize("image,env,reported", [
    ("postgres:17", "", False), ("postgres:18-alpine", "", True), ("postgres", "", True),
    ("postgis/postgis:18-3.6", "", True), ("postgres:18", "    environment:\n      PGDATA: /var/lib/postgresql/data/pg\n",
                                           False),
])
def test_postgres18(tmp_path, image, env, reported):
    text = f"services:\n  db:\n    image: {image}\n{env}    volumes:\n      - pg:/var/lib/postgresql/data\n"
    line = text.count("\n")
    assert where(run(tmp_path, {DC: text}, "BL608")) == ({(DC, line)} if reported else set())


# ------------------------------------------------------- BL609
@pytest.mark.parametrize("port,reported", [
    ('"5432:5432"', True), ('"0.0.0.0:5432:5432"', True), ('"5432"', True), ('"127.0.0.1:5432:5432"', False),
    ('"[::1]:5432:5432"', False), ("{target: 5432, host_ip: 127.0.0.1}", False), ("{target: 5432}", True),
])
def test_db_ports(tmp_path, port, reported):
    r = run(tmp_path, {DC: f"services:\n  db:\n    image: postgres:16\n    ports:\n      - {port}\n"}, "BL609")
    assert where(r) == ({(DC, 5)} if reported else set())


def test_db_port_of_built_service_and_web_port(tmp_path):
    text = "services:\n  cache:\n    build: .\n    ports:\n      - 6379:6379\n      - 8080:8080\n"
    assert where(run(tmp_path, {DC: text}, "BL609")) == {(DC, 5)}


# ------------------------------------------------------- cross-cutting
def test_suppression_comment_in_compose_file(tmp_path):
    files = {DC: "services:\n  # buildlint: ignore=BL607 -- a one-off job\n  web:\n    image: w:1\n"
                 "    cpus: 1\n    mem_limit: 1g\n"}
    write_tree(tmp_path, files)
    r = lint(tmp_path, select=["BL607", "BL003"])
    assert r.findings == []


def test_compose_messages_have_no_line_numbers(tmp_path):
    case = copy_case("35-django-migrate-without-db-wait", tmp_path)
    write_tree(case, {"docker-compose.yml": "services:\n  db:\n    image: postgres\n    ports: ['5432:5432']\n"
                                            "    volumes: ['d:/var/lib/postgresql/data']\n"
                                            "    environment: {POSTGRES_PASSWORD: postgres, DEBUG: 'on'}\n"
                                            "  web:\n    build: .\n    depends_on: [db]\n"
                                            "    mem_limit: 1g\n    deploy: {resources: {limits: {memory: 2g}}}\n"})
    r = lint(case, select=["BL6"])
    assert {f.rule for f in r.findings} >= {"BL601", "BL602", "BL603", "BL604", "BL605", "BL607", "BL608",
                                            "BL609", "BL610"}
    for f in r.findings:
        assert not re.search(r"\blines? \d|\.ya?ml:\d", f.message), f.message


def test_password_equal_to_its_user_is_one_placeholder_finding_not_two(tmp_path):
    # hand-checked: each password equals the user of the same prefix -> BL610 once each, no BL606
    from conftest import lint, write_tree

    write_tree(tmp_path, {
        "compose.yaml": "services:\n  db:\n    image: postgres:16\n    env_file: .env.prod.db\n"
                        "    restart: always\n    mem_limit: 1g\n    cpus: 1\n",
        ".env.prod.db": "POSTGRES_USER=hello_django\nPOSTGRES_PASSWORD=hello_django\nSQL_USER=app\nSQL_PASSWORD=app\n",
    })
    got = sorted((f.rule, f.line) for f in lint(tmp_path).findings if f.rule in ("BL606", "BL610"))
    assert got == [("BL610", 2), ("BL610", 4)]
