"""The example projects: the Next.js rules catch the frontend's problems in
fixtures/erp-system-before (lines checked by hand) and none in fixtures/erp-system."""

from __future__ import annotations

from conftest import ROOT, lint

FE = "fixtures/erp-system-before/frontend"


def _bl3(path):
    result = lint(ROOT / path, cwd=ROOT)
    assert not [e for e in result.errors if e.kind == "internal"]
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("BL3")}


def test_before_is_caught():
    assert _bl3("fixtures/erp-system-before") == {
        # next.config.mjs: the config object on line 2 has no output (line 4 is only a comment)
        ("BL300", f"{FE}/next.config.mjs", 2),
        # Dockerfile line 4: `RUN npm install` although package-lock.json exists
        ("BL307", f"{FE}/Dockerfile", 4),
        # Dockerfile: no ENV at all, so NODE_ENV is reported on the CMD (line 7)
        ("BL307", f"{FE}/Dockerfile", 7),
        # proxy/nginx.conf line 16: add_header Cache-Control "public, max-age=3600" for /_next/static/
        ("BL309", "fixtures/erp-system-before/proxy/nginx.conf", 16),
    }


def test_clean_project_is_clean():
    assert _bl3("fixtures/erp-system") == set()
