"""The vendored Next.js field cases (tests/data/cases/SOURCE-nextjs.md): exactly
what each EXPECT.md says must be reported is reported, by file and line, and no
other Next.js rule (BL3xx) fires on them. Expected lines come from EXPECT.md."""

from __future__ import annotations

import pytest

from conftest import copy_case, lint


def bl3(result):
    return {(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("BL3")}


def test_28_standalone_missing_static(tmp_path):
    # must report Dockerfile:17 (standalone copied, .next/static never is)
    root = copy_case("28-next-standalone-missing-static", tmp_path)
    result = lint(root)
    assert bl3(result) == {("BL302", "Dockerfile", 17)}
    msg = next(f.message for f in result.findings if f.rule == "BL302")
    assert ".next/static" in msg
    assert "COPY --from=build /app/.next/static ./.next/static" in msg


def test_29_output_not_standalone(tmp_path):
    # must report next.config.mjs:2 (no output standalone) and Dockerfile:17 (COPY .next/standalone fails)
    root = copy_case("29-next-output-not-standalone", tmp_path)
    result = lint(root)
    assert bl3(result) == {("BL300", "next.config.mjs", 2), ("BL301", "Dockerfile", 17)}
    f300 = next(f for f in result.findings if f.rule == "BL300")
    assert ("Dockerfile", 10) in {(r.path, r.line) for r in f300.related}  # RUN npm run build
    f301 = next(f for f in result.findings if f.rule == "BL301")
    assert ("next.config.mjs", 2) in {(r.path, r.line) for r in f301.related}


def test_30_hostname_container_id(tmp_path):
    # must report the runner stage: Dockerfile:14 (ENV) or the CMD on line 21
    root = copy_case("30-next-hostname-container-id", tmp_path)
    result = lint(root)
    got = bl3(result)
    assert got in ({("BL305", "Dockerfile", 14)}, {("BL305", "Dockerfile", 21)})
    f = next(f for f in result.findings if f.rule == "BL305")
    assert "HOSTNAME=0.0.0.0" in f.message
    # points at the compose service (line 2) that does not set it either
    assert ("docker-compose.yml", 2) in {(r.path, r.line) for r in f.related}


def test_32_copy_missing_public_dir(tmp_path):
    # must report Dockerfile:16; must not demand copying public (the directory is absent)
    root = copy_case("32-next-copy-missing-public-dir", tmp_path)
    result = lint(root)
    assert bl3(result) == {("BL303", "Dockerfile", 16)}
    assert not any("public" in f.message for f in result.findings if f.rule == "BL302")


@pytest.mark.parametrize("case", ["28-next-standalone-missing-static", "30-next-hostname-container-id",
                                  "32-next-copy-missing-public-dir"])
def test_messages_have_no_line_numbers(case, tmp_path):
    result = lint(copy_case(case, tmp_path))
    for f in result.findings:
        if f.rule.startswith("BL3"):
            assert "line" not in f.message.lower(), f.message
