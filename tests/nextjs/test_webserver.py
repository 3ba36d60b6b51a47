"""buildlint.parse.webserver: the minimal nginx/Caddy readers."""

from __future__ import annotations

from buildlint.parse import webserver as ws


def test_nginx_blocks_lines_and_inheritance():
    text = ("http {\n  add_header Cache-Control \"public, max-age=31536000, immutable\";\n"
            "  server {\n    location ~* ^/_next/static/ {\n      alias /srv/;\n    }\n"
            "    location /_next/static/x/ {\n      add_header X-A b;\n      alias /srv/;\n    }\n  }\n}\n")
    routes = ws.nginx_static_routes(text)
    assert [(r.line, r.header, r.header_line) for r in routes] == [
        (4, "public, max-age=31536000, immutable", 2),  # inherited from http
        (7, None, None),  # its own add_header stops the inheritance
    ]


def test_nginx_comments_and_quotes():
    text = "# location /_next/static/ { }\nserver { location '/_next/static/' { expires max; } }\n"
    [r] = ws.nginx_static_routes(text)
    assert r.line == 2 and r.header is None and r.extra["expires"] == "max"


def test_caddy_handle_with_its_own_header_block():
    text = ("site {\n\thandle /_next/static/* {\n\t\theader {\n\t\t\tCache-Control \"public, max-age=60\"\n"
            "\t\t}\n\t\tfile_server\n\t}\n}\n")
    [r] = ws.caddy_static_routes(text)
    assert (r.line, r.header, r.header_line, r.proxied) == (2, "public, max-age=60", 4, False)


def test_caddy_placeholders_are_not_blocks():
    text = "site {\n\thandle /_next/static/* {\n\t\treverse_proxy {upstream}\n\t}\n}\n"
    [r] = ws.caddy_static_routes(text)
    assert r.proxied and r.header is None


def test_cache_control_values():
    assert ws.cache_control_problem("public, max-age=31536000, immutable") is None
    assert ws.cache_control_problem("public,immutable,max-age=63072000") is None
    assert "immutable" in ws.cache_control_problem("public, max-age=31536000")
    assert "max-age=31536000" in ws.cache_control_problem("public, max-age=600, immutable")
    assert ws.cache_control_problem(None) == "sets no `Cache-Control` header"
