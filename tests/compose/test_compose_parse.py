"""parse/compose.py readers and the compose model's file roles."""

from __future__ import annotations


import pytest

from buildlint.model.compose import file_role
from buildlint.parse.compose import parse, parse_env_file, parse_port


@pytest.mark.parametrize("item,expected", [
    ("5432:5432", (None, "5432", "5432", "tcp")),
    ("127.0.0.1:5432:5432", ("127.0.0.1", "5432", "5432", "tcp")),
    ("[::1]:6379:6379", ("::1", "6379", "6379", "tcp")),
    ("0.0.0.0:53:53/udp", ("0.0.0.0", "53", "53", "udp")),
    ("5432", (None, None, "5432", "tcp")),
    (8000, (None, None, "8000", "tcp")),
    ("9000-9001:9000-9001", (None, "9000-9001", "9000-9001", "tcp")),
    ({"target": 5432, "published": "5433", "host_ip": "127.0.0.1"}, ("127.0.0.1", "5433", "5432", "tcp")),
])
def test_ports(item, expected):
    p = parse_port(item)
    assert (p.host_ip, p.published, p.target, p.protocol) == expected


def test_service_accessors_lines():
    text = ("services:\n"            # 1
            "  web:\n"               # 2
            "    env_file:\n"        # 3
            "      - a.env\n"        # 4
            "      - path: b.env\n"  # 5
            "        required: false\n"  # 6
            "    environment:\n"     # 7
            "      - DEBUG=1\n"      # 8
            "      - BARE\n"         # 9
            "    depends_on:\n"      # 10
            "      db:\n"            # 11
            "        condition: service_healthy\n"  # 12
            "    ports:\n"           # 13
            "      - \"80:80\"\n"    # 14
            "    volumes:\n"         # 15
            "      - data:/data\n"   # 16
            "      - ./src:/src:ro\n")  # 17
    (svc,) = parse(text).services
    assert [(e.key, e.value, e.line) for e in svc.environment()] == [("DEBUG", "1", 8), ("BARE", None, 9)]
    assert [(r.path, r.line, r.required) for r in svc.env_files()] == [("a.env", 4, True), ("b.env", 5, False)]
    assert [(d.service, d.condition, d.line) for d in svc.depends_on()] == [("db", "service_healthy", 11)]
    assert [(p.target, p.line) for p in svc.ports()] == [("80", 14)]
    assert [(v.source, v.target, v.kind, v.line) for v in svc.volumes()] == [
        ("data", "/data", "volume", 16), ("./src", "/src", "bind", 17)]


def test_environment_mapping_booleans_and_null():
    (svc,) = parse("services:\n  a:\n    environment:\n      DEBUG: true\n      X:\n").services
    assert [(e.key, e.value) for e in svc.environment()] == [("DEBUG", "true"), ("X", None)]


def test_env_file_parser():
    text = ("# comment\n\nexport A=1\nB='two words'  \nC=\"q # not comment\"\nD=plain # comment\nE\n"
            "bad line\nF=\n")
    got = [(e.key, e.value, e.line) for e in parse_env_file(text)]
    assert got == [("A", "1", 3), ("B", "two words", 4), ("C", "q # not comment", 5), ("D", "plain", 6),
                   ("E", None, 7), ("F", "", 9)]


@pytest.mark.parametrize("text,line,fragment", [
    ("services:\n  web:\n    image: \"x\n    restart: always\n", 3, "invalid YAML"),
    ("services:\n  web:\n    image: x\n   restart: always\n", 4, "invalid YAML"),
    ("- web\n- db\n", 1, "not a list"),
    ("", 1, "empty"),
    ("# only a comment\n", 1, "empty"),
    ("services: [web]\n", 1, "'services' must be a mapping"),
    ("just a string\n", 1, "not a str"),
])
def test_broken_files_give_errors_not_exceptions(text, line, fragment):
    cf = parse(text)
    assert cf.services == []
    ((got_line, msg),) = cf.errors
    assert fragment in msg and got_line == line


@pytest.mark.parametrize("name,role", [
    ("compose.yaml", "production"), ("docker-compose.yml", "production"),
    ("compose.prod.yaml", "production"), ("docker-compose.production.yml", "production"),
    ("compose.staging.yml", "production"), ("compose.gpu.yaml", "production"),
    ("docker-compose.override.yml", "development"), ("compose.dev.yaml", "development"),
    ("docker-compose.local.yml", "development"), ("compose.test.yml", "development"),
    ("docker-compose.ci.yaml", "development"), ("dev/compose.yaml", "development"),
    ("deploy/local/compose.yaml", "development"), ("tests/compose.yaml", "production"),
    ("devops/compose.yaml", "production"),
])
def test_file_roles(tmp_path, name, role):
    assert file_role(tmp_path / name, tmp_path) == role
