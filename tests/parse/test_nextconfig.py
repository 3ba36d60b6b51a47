"""Tests for buildlint.parse.nextconfig (static next.config reader).

Every variant below was written by hand; the expected answers were worked
out by hand from Next.js semantics, not by running the parser.
"""

from __future__ import annotations

import os
import pathlib
import subprocess

import pytest
from hypothesis import given, settings, HealthCheck
from hypothesis import strategies as st

from buildlint.parse import nextconfig
from buildlint.parse.nextconfig import KEYS, NextConfig, PathExpr, Value, find_config, parse

CASES = pathlib.Path("/work/shared/cases")

V = "value"
A = "absent"
D = "dynamic"


def kv(cfg: NextConfig, key: str):
    """(kind, value-or-depends_on) for compact assertions."""
    v = cfg.get(key)
    if v.kind == V:
        return (V, v.value)
    if v.kind == D:
        return (D, v.depends_on)
    return (A, None)


# --------------------------------------------------------------------------
# table of hand-written variants
#   (id, filename, source, config_line, {key: (kind, value|depends_on)})
# keys not listed must be absent.
# --------------------------------------------------------------------------

VARIANTS = [
    (
        "esm-export-default-object",
        "next.config.mjs",
        "export default {\n  output: 'standalone',\n}\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "cjs-module-exports-object",
        "next.config.js",
        "module.exports = {\n  reactStrictMode: true,\n  output: \"export\",\n}\n",
        1,
        {"output": (V, "export")},
    ),
    (
        "const-then-export-default",
        "next.config.mjs",
        "/** @type {import('next').NextConfig} */\nconst cfg = { distDir: 'build' }\nexport default cfg\n",
        2,
        {"distDir": (V, "build")},
    ),
    (
        "export-clause-as-default",
        "next.config.mjs",
        "const cfg = {\n  basePath: '/app',\n}\nexport { cfg as default }\n",
        1,
        {"basePath": (V, "/app")},
    ),
    (
        "ts-type-annotation",
        "next.config.ts",
        "import type { NextConfig } from 'next'\n\nconst nextConfig: NextConfig = {\n  output: 'standalone',\n  assetPrefix: 'https://cdn.example.com',\n}\n\nexport default nextConfig\n",
        3,
        {"output": (V, "standalone"), "assetPrefix": (V, "https://cdn.example.com")},
    ),
    (
        "ts-satisfies",
        "next.config.ts",
        "import type { NextConfig } from 'next'\nexport default {\n  output: 'standalone',\n} satisfies NextConfig\n",
        2,
        {"output": (V, "standalone")},
    ),
    (
        "ts-as-and-angle-assertion",
        "next.config.mts",
        "const a = <NextConfig>{ basePath: '/b' }\nexport default { ...a, distDir: 'out' } as NextConfig\n",
        2,
        {"basePath": (V, "/b"), "distDir": (V, "out")},
    ),
    (
        "wrapper-bundle-analyzer-require-call",
        "next.config.js",
        "const withBundleAnalyzer = require('@next/bundle-analyzer')({\n  enabled: process.env.ANALYZE === 'true',\n})\nconst nextConfig = { output: 'standalone' }\nmodule.exports = withBundleAnalyzer(nextConfig)\n",
        4,
        {"output": (V, "standalone")},
    ),
    (
        "wrapper-sentry-with-options",
        "next.config.mjs",
        "import { withSentryConfig } from '@sentry/nextjs'\nconst nextConfig = {\n  output: 'standalone',\n}\nexport default withSentryConfig(nextConfig, {\n  org: 'acme',\n  silent: true,\n  output: 'not-this-one',\n})\n",
        2,
        {"output": (V, "standalone")},
    ),
    (
        "wrapper-chained-intl-and-pwa",
        "next.config.mjs",
        "import createNextIntlPlugin from 'next-intl/plugin'\nimport withPWAInit from 'next-pwa'\nconst withNextIntl = createNextIntlPlugin()\nconst withPWA = withPWAInit({ dest: 'public' })\nconst config = { basePath: '/shop' }\nexport default withPWA(withNextIntl(config))\n",
        5,
        {"basePath": (V, "/shop")},
    ),
    (
        "wrapper-compose-plugins-array-first",
        "next.config.js",
        "const withPlugins = require('next-compose-plugins')\nconst nextConfig = { distDir: 'dist' }\nmodule.exports = withPlugins([[require('x'), { a: 1 }]], nextConfig)\n",
        2,
        {"distDir": (V, "dist")},
    ),
    (
        "function-config-arrow",
        "next.config.js",
        "module.exports = (phase) => ({\n  output: 'standalone',\n})\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "function-config-branches-differ",
        "next.config.js",
        "const { PHASE_DEVELOPMENT_SERVER } = require('next/constants')\nmodule.exports = function (phase, { defaultConfig }) {\n  if (phase === PHASE_DEVELOPMENT_SERVER) {\n    return { basePath: '/docs' }\n  }\n  return { basePath: '/docs', output: 'standalone' }\n}\n",
        4,
        {"basePath": (V, "/docs"), "output": (D, "phase")},
    ),
    (
        "async-function-config-local-const",
        "next.config.mjs",
        "export default async (phase) => {\n  const nextConfig = {\n    output: 'standalone',\n  }\n  return nextConfig\n}\n",
        2,
        {"output": (V, "standalone")},
    ),
    (
        "module-exports-async-function",
        "next.config.js",
        "module.exports = async () => {\n  const extra = await loadStuff()\n  return { distDir: '.build', images: { unoptimized: true } }\n}\n",
        3,
        {"distDir": (V, ".build"), "images.unoptimized": (V, True)},
    ),
    (
        "export-default-function-declaration",
        "next.config.mjs",
        "export default function config(phase, { defaultConfig }) {\n  const c = { output: 'export' }\n  c.images = { unoptimized: true }\n  return c\n}\n",
        2,
        {"output": (V, "export"), "images.unoptimized": (V, True)},
    ),
    (
        "spread-merge-later-wins",
        "next.config.js",
        "const base = { output: 'export', basePath: '/a' }\nmodule.exports = { ...base, output: 'standalone' }\n",
        2,
        {"output": (V, "standalone"), "basePath": (V, "/a")},
    ),
    (
        "spread-earlier-key-overridden-by-spread",
        "next.config.js",
        "const base = { output: 'export' }\nmodule.exports = { output: 'standalone', ...base }\n",
        2,
        {"output": (V, "export")},
    ),
    (
        "spread-of-unknown",
        "next.config.js",
        "const shared = require('../../next.shared.js')\nmodule.exports = { distDir: 'x', ...shared, output: 'standalone' }\n",
        2,
        {
            "output": (V, "standalone"),
            "distDir": (D, "require('../../next.shared.js')"),
            "basePath": (D, "require('../../next.shared.js')"),
            "assetPrefix": (D, "require('../../next.shared.js')"),
            "outputFileTracingRoot": (D, "require('../../next.shared.js')"),
            "images.unoptimized": (D, "require('../../next.shared.js')"),
        },
    ),
    (
        "later-assignment",
        "next.config.js",
        "const nextConfig = {}\nnextConfig.output = 'standalone'\nmodule.exports = nextConfig\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "assignment-after-export-still-counts",
        "next.config.js",
        "const cfg = { output: 'export' }\nmodule.exports = cfg\ncfg.output = 'standalone'\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "object-assign",
        "next.config.mjs",
        "const cfg = { basePath: '/x' }\nObject.assign(cfg, { output: 'standalone', images: { unoptimized: false } })\nexport default cfg\n",
        1,
        {"basePath": (V, "/x"), "output": (V, "standalone"), "images.unoptimized": (V, False)},
    ),
    (
        "conditional-assignment-on-env",
        "next.config.js",
        "const cfg = {}\nif (process.env.BUILD_STANDALONE === '1') {\n  cfg.output = 'standalone'\n}\nmodule.exports = cfg\n",
        1,
        {"output": (D, "process.env.BUILD_STANDALONE")},
    ),
    (
        "ternary-on-env",
        "next.config.js",
        "module.exports = {\n  output: process.env.BUILD_STANDALONE ? 'standalone' : undefined,\n}\n",
        1,
        {"output": (D, "process.env.BUILD_STANDALONE")},
    ),
    (
        "or-and-nullish-on-env",
        "next.config.mjs",
        "export default {\n  basePath: process.env.BASE_PATH || '',\n  distDir: process.env.DIST_DIR ?? '.next',\n  assetPrefix: process.env.CDN_URL,\n}\n",
        1,
        {
            "basePath": (D, "process.env.BASE_PATH"),
            "distDir": (D, "process.env.DIST_DIR"),
            "assetPrefix": (D, "process.env.CDN_URL"),
        },
    ),
    (
        "env-flag-const-in-ternary",
        "next.config.js",
        "const isDocker = process.env.DOCKER === 'true'\nmodule.exports = { output: isDocker ? 'standalone' : 'export' }\n",
        2,
        {"output": (D, "process.env.DOCKER")},
    ),
    (
        "template-literal-and-const-identifier",
        "next.config.mjs",
        "const OUTPUT = 'standalone'\nconst prefix = `/static`\nexport default { output: OUTPUT, assetPrefix: prefix, basePath: `/base` }\n",
        3,
        {"output": (V, "standalone"), "assetPrefix": (V, "/static"), "basePath": (V, "/base")},
    ),
    (
        "template-with-env-substitution",
        "next.config.js",
        "module.exports = { basePath: `${process.env.PREFIX}/app` }\n",
        1,
        {"basePath": (D, "process.env.PREFIX")},
    ),
    (
        "comment-and-string-trap",
        "next.config.js",
        "// TODO: output: 'standalone' for docker\n/* output: \"standalone\" */\nconst note = 'remember output: standalone'\nmodule.exports = {\n  // output: 'standalone',\n  env: { MODE: 'standalone' },\n  description: \"output: 'standalone'\",\n}\n",
        4,
        {},
    ),
    (
        "path-join-dirname-tracing-root",
        "next.config.js",
        "const path = require('path')\nmodule.exports = {\n  output: 'standalone',\n  outputFileTracingRoot: path.join(__dirname, '../../'),\n}\n",
        2,
        {"output": (V, "standalone"), "outputFileTracingRoot": (V, PathExpr("__dirname", ("../../",)))},
    ),
    (
        "experimental-tracing-root-esm-dirname",
        "next.config.mjs",
        "import path from 'node:path'\nimport { fileURLToPath } from 'node:url'\nconst __dirname = path.dirname(fileURLToPath(import.meta.url))\nexport default {\n  output: 'standalone',\n  experimental: { outputFileTracingRoot: path.resolve(__dirname, '..') },\n}\n",
        4,
        {"output": (V, "standalone"), "outputFileTracingRoot": (V, PathExpr("__dirname", ("..",)))},
    ),
    (
        "imported-config-unresolvable",
        "next.config.mjs",
        "import shared from '@acme/next-config'\nexport default shared\n",
        2,
        {k: (D, "shared") for k in KEYS},
    ),
    (
        "no-export-at-all",
        "next.config.js",
        "const cfg = { output: 'standalone' }\n",
        None,
        {},
    ),
    (
        "empty-file",
        "next.config.js",
        "",
        None,
        {},
    ),
    (
        "user-defined-wrapper-is-interpreted",
        "next.config.js",
        "function withDocker(config) {\n  return { ...config, output: 'standalone' }\n}\nmodule.exports = withDocker({ basePath: '/w' })\n",
        2,
        {"output": (V, "standalone"), "basePath": (V, "/w")},
    ),
    (
        "module-exports-member-assignments",
        "next.config.js",
        "module.exports.output = 'standalone'\nmodule.exports.images = { unoptimized: true }\n",
        1,
        {"output": (V, "standalone"), "images.unoptimized": (V, True)},
    ),
    (
        "esm-branch-by-env-returns-differ",
        "next.config.mjs",
        "const common = { basePath: '/c' }\nconst config = process.env.NODE_ENV === 'production'\n  ? { ...common, output: 'standalone' }\n  : { ...common }\nexport default config\n",
        3,
        {"basePath": (V, "/c"), "output": (D, "process.env.NODE_ENV")},
    ),
    (
        "let-reassigned-with-wrapper",
        "next.config.mjs",
        "let config = { output: 'standalone' }\nif (process.env.ANALYZE) {\n  config = withBundleAnalyzer({ enabled: true })(config)\n}\nexport default config\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "images-null-and-undefined-output",
        "next.config.js",
        "module.exports = { output: undefined, images: null }\n",
        1,
        {},
    ),
    (
        "quoted-keys-and-computed-string-key",
        "next.config.js",
        "module.exports = { 'output': 'standalone', ['distDir']: 'd', \"basePath\": '' }\n",
        1,
        {"output": (V, "standalone"), "distDir": (V, "d"), "basePath": (V, "")},
    ),
    (
        "switch-on-env-mutates",
        "next.config.js",
        "const cfg = {}\nswitch (process.env.MODE) {\n  case 'docker': cfg.output = 'standalone'; break\n  default: cfg.output = 'export'\n}\nmodule.exports = cfg\n",
        1,
        {"output": (D, "process.env.MODE")},
    ),
    (
        "conditional-module-exports",
        "next.config.js",
        "if (process.env.X) {\n  module.exports = { output: 'standalone', basePath: '/b' }\n} else {\n  module.exports = { output: 'export', basePath: '/b' }\n}\n",
        2,
        {"output": (D, "process.env.X"), "basePath": (V, "/b")},
    ),
    (
        "nested-object-ternary",
        "next.config.js",
        "module.exports = { images: process.env.CDN ? { unoptimized: true } : {} }\n",
        1,
        {"images.unoptimized": (D, "process.env.CDN")},
    ),
    (
        "ts-nested-env-output-is-not-output",
        "next.config.ts",
        "const s = 'output: standalone'\nexport default { env: { output: 'standalone' }, experimental: { output: 'standalone' } } satisfies NextConfig\n",
        2,
        {},
    ),
    (
        "next-pwa-wrapper-options-ignored",
        "next.config.js",
        "const withPWA = require('next-pwa')({ dest: 'public', output: 'export' })\nmodule.exports = withPWA({ output: 'standalone' })\n",
        2,
        {"output": (V, "standalone")},
    ),
    (
        "nested-member-assignment",
        "next.config.js",
        "const cfg = { experimental: {} }\ncfg.experimental.outputFileTracingRoot = require('path').join(__dirname, '..')\nmodule.exports = cfg\n",
        1,
        {"outputFileTracingRoot": (V, PathExpr("__dirname", ("..",)))},
    ),
    (
        "exports-shorthand-assignment",
        "next.config.js",
        "exports.output = 'standalone'\n",
        1,
        {"output": (V, "standalone")},
    ),
    (
        "wrapper-around-unknown-config",
        "next.config.js",
        "const { withSentryConfig } = require('@sentry/nextjs')\nconst baseConfig = require('./base')\nmodule.exports = withSentryConfig(baseConfig, { silent: true })\n",
        3,
        {k: (D, "require('./base')") for k in KEYS},
    ),
    (
        "function-config-spreads-default-config",
        "next.config.mjs",
        "export default (phase, { defaultConfig }) => ({ ...defaultConfig, output: 'standalone' })\n",
        1,
        {
            "output": (V, "standalone"),
            "basePath": (D, "defaultConfig"),
            "distDir": (D, "defaultConfig"),
            "assetPrefix": (D, "defaultConfig"),
            "outputFileTracingRoot": (D, "defaultConfig"),
            "images.unoptimized": (D, "defaultConfig"),
        },
    ),
    (
        "let-if-else-same-value",
        "next.config.js",
        "let out\nif (process.env.S) {\n  out = 'standalone'\n} else {\n  out = `standalone`\n}\nmodule.exports = { output: out }\n",
        7,
        {"output": (V, "standalone")},
    ),
    (
        "let-if-without-else",
        "next.config.js",
        "let out = 'export'\nif (process.env.S) out = 'standalone'\nmodule.exports = { output: out }\n",
        3,
        {"output": (D, "process.env.S")},
    ),
    (
        "ts-export-assignment",
        "next.config.ts",
        "const c: NextConfig = { output: 'standalone' }\nexport = c\n",
        1,
        {"output": (V, "standalone")},
    ),
]


@pytest.mark.parametrize(
    "name,filename,source,config_line,expected",
    VARIANTS,
    ids=[v[0] for v in VARIANTS],
)
def test_variant(name, filename, source, config_line, expected):
    cfg = parse(source, filename)
    assert cfg.errors == [], cfg.errors
    assert cfg.config_line == config_line
    for key in KEYS:
        want = expected.get(key, (A, None))
        assert kv(cfg, key) == want, key


def test_variant_count():
    assert len(VARIANTS) >= 30


# --------------------------------------------------------------------------
# shared fixture cases
# --------------------------------------------------------------------------


def _case_config(prefix: str) -> pathlib.Path:
    dirs = sorted(CASES.glob(prefix + "-*"))
    if not dirs:
        pytest.skip(f"case {prefix} not available")
    p = find_config(dirs[0])
    assert p is not None
    return p


def test_case_29_output_not_standalone():
    p = _case_config("29")
    assert p.name == "next.config.mjs"
    cfg = parse(p.read_bytes(), str(p))
    assert cfg.errors == []
    assert cfg.path == str(p)
    assert cfg.get("output").kind == "absent"
    # EXPECT.md: report next.config.mjs:2 (the config object)
    assert cfg.config_line == 2
    assert all(cfg.get(k).kind == "absent" for k in KEYS)


@pytest.mark.parametrize("prefix", ["28", "30", "32"])
def test_cases_standalone(prefix):
    p = _case_config(prefix)
    cfg = parse(p.read_text(), p.name)
    assert cfg.errors == []
    out = cfg.get("output")
    assert out.kind == "value" and out.value == "standalone"
    # `  output: "standalone",` on line 3
    assert (out.line, out.column, out.end_line, out.end_column) == (3, 3, 3, 23)
    assert cfg.config_line == 2
    for k in KEYS:
        if k != "output":
            assert cfg.get(k).kind == "absent"


# --------------------------------------------------------------------------
# locations
# --------------------------------------------------------------------------


def test_location_of_assignment():
    src = "const cfg = {}\n  cfg.output = 'standalone'\nmodule.exports = cfg\n"
    v = parse(src).get("output")
    assert (v.line, v.column, v.end_line, v.end_column) == (2, 3, 2, 28)


def test_location_columns_are_characters_not_bytes():
    src = "module.exports = { d\u00e9: '\u00e9\u00e9', output: 'standalone' }\n"
    v = parse(src).get("output")
    col = src.index("output") + 1
    assert (v.line, v.column) == (1, col)
    assert v.end_column == col + len("output: 'standalone'")


def test_location_multiline_property():
    src = "export default {\n  output:\n    'standalone',\n}\n"
    v = parse(src, "next.config.mjs").get("output")
    assert (v.line, v.column, v.end_line, v.end_column) == (2, 3, 3, 17)


def test_get_unknown_key_is_absent():
    cfg = parse("module.exports = {}")
    assert cfg.get("nope") == Value("absent")


# --------------------------------------------------------------------------
# errors and hostile input
# --------------------------------------------------------------------------


def test_syntax_error_reported_and_rest_resolved():
    src = "const cfg = {\n  output: 'standalone',\n  basePath: ,\n}\nmodule.exports = cfg\n"
    cfg = parse(src)
    assert cfg.errors, "expected a syntax error"
    assert any(line == 3 for line, _ in cfg.errors)
    assert cfg.get("output").value == "standalone"


def test_missing_comma_does_not_steal_next_value():
    # tree-sitter's recovery attaches '/x' to `output`; that must not be
    # reported as output = '/x'
    src = "const cfg = {\n  output: 'standalone'\n  basePath: '/x'\n}\nmodule.exports = cfg\n"
    cfg = parse(src)
    assert cfg.errors and cfg.errors[0][0] == 2
    assert kv(cfg, "output") == (D, "<syntax error>")


def test_missing_value_is_dynamic_others_resolved():
    cfg = parse("module.exports = { output: 'standalone', basePath: , distDir: 'd' }")
    assert cfg.errors
    assert kv(cfg, "output") == (V, "standalone")
    assert kv(cfg, "basePath") == (D, "<syntax error>")
    assert kv(cfg, "distDir") == (V, "d")


def test_unparseable_file_is_dynamic_not_absent():
    cfg = parse("module.exports = { output: 'stand")
    assert cfg.errors
    assert all(cfg.get(k).kind == "dynamic" for k in KEYS)


def test_missing_brace_is_error():
    cfg = parse("module.exports = { output: 'standalone'\n", "next.config.js")
    assert cfg.errors
    assert all(isinstance(l, int) and isinstance(m, str) for l, m in cfg.errors)


def test_satisfies_in_js_is_a_syntax_error_but_output_found():
    cfg = parse("export default { output: 'standalone' } satisfies NextConfig\n", "next.config.mjs")
    assert cfg.errors
    # TypeScript grammar for .ts: no error
    assert parse("export default { output: 'standalone' } satisfies NextConfig\n", "next.config.ts").errors == []


def test_binary_input():
    data = bytes(range(256)) * 8
    cfg = parse(data, "next.config.js")
    assert isinstance(cfg, NextConfig)
    assert cfg.errors
    assert set(cfg.keys) == set(KEYS)
    assert all(cfg.get(k).kind == "dynamic" for k in KEYS)


def test_invalid_utf8_bytes_do_not_raise():
    cfg = parse(b"module.exports = { basePath: '\xff\xfe', output: 'standalone' }", "next.config.js")
    assert cfg.get("output").value == "standalone"


def test_huge_input():
    src = "module.exports = {" + "a: 1," * 200_000 + " output: 'standalone' }"
    cfg = parse(src)
    assert cfg.get("output").value == "standalone"


def test_deep_nesting_does_not_raise():
    src = "module.exports = " + "(" * 5000 + "{}" + ")" * 5000
    cfg = parse(src)
    assert isinstance(cfg, NextConfig)
    src2 = "module.exports = " + "{a:" * 3000 + "1" + "}" * 3000
    assert isinstance(parse(src2), NextConfig)


def test_self_recursive_function_does_not_hang():
    src = "const f = (x) => f(f(x))\nmodule.exports = f({ output: 'standalone' })\n"
    cfg = parse(src)
    assert isinstance(cfg, NextConfig)


def test_non_string_input_and_odd_filename():
    assert isinstance(parse(None, None), NextConfig)  # type: ignore[arg-type]
    assert isinstance(parse("\ud800 lone surrogate", "next.config.ts"), NextConfig)


def test_never_spawns_a_process(monkeypatch):
    def boom(*a, **k):
        raise AssertionError("subprocess spawned")

    monkeypatch.setattr(subprocess, "Popen", boom)
    monkeypatch.setattr(os, "system", boom)
    if hasattr(os, "posix_spawn"):
        monkeypatch.setattr(os, "posix_spawn", boom)
    for name, filename, source, _line, _exp in VARIANTS:
        parse(source, filename)
    parse("require('child_process').execSync('touch /tmp/pwned-nextconfig')\nmodule.exports = {}")
    assert not pathlib.Path("/tmp/pwned-nextconfig").exists()


def test_parsers_created_once(monkeypatch):
    parse("module.exports = {}", "next.config.js")
    parse("export default {}", "next.config.ts")
    js = nextconfig._parsers["js"]
    ts = nextconfig._parsers["ts"]
    parse("module.exports = {}", "next.config.cjs")
    parse("export default {}", "next.config.mts")
    assert nextconfig._parsers["js"] is js
    assert nextconfig._parsers["ts"] is ts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.sampled_from(["next.config.js", "next.config.mjs", "next.config.ts"]))
def test_property_never_raises_on_text(text, filename):
    cfg = parse(text, filename)
    assert isinstance(cfg, NextConfig)
    assert set(cfg.keys) == set(KEYS)
    for v in cfg.keys.values():
        assert v.kind in ("value", "absent", "dynamic")


_JS_TOKENS = st.sampled_from(
    [
        "module.exports", "export default", "=", "{", "}", "(", ")", "[", "]", ",", ":", ";",
        "output", "'standalone'", "...", "cfg", "const", "let", "if", "else", "return",
        "=>", "async", "function", "process.env.X", "?", "||", "??", "&&", "`t`", "`${a}`",
        "path.join(__dirname, '..')", "Object.assign", ".", "\n", "// c\n", "satisfies", "as",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_JS_TOKENS, max_size=40), st.sampled_from(["next.config.js", "next.config.ts"]))
def test_property_never_raises_on_token_soup(tokens, filename):
    cfg = parse(" ".join(tokens), filename)
    assert set(cfg.keys) == set(KEYS)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_property_never_raises_on_bytes(data):
    assert isinstance(parse(data, "next.config.mjs"), NextConfig)


# --------------------------------------------------------------------------
# find_config
# --------------------------------------------------------------------------


def test_find_config_precedence(tmp_path):
    assert find_config(tmp_path) is None
    for name in ["next.config.cjs", "next.config.mts", "next.config.ts", "next.config.mjs", "next.config.js"]:
        (tmp_path / name).write_text("export default {}")
    order = []
    while (p := find_config(tmp_path)) is not None:
        order.append(p.name)
        p.unlink()
    assert order == ["next.config.js", "next.config.mjs", "next.config.ts", "next.config.mts", "next.config.cjs"]


def test_find_config_ignores_directories_and_missing(tmp_path):
    (tmp_path / "next.config.js").mkdir()
    (tmp_path / "next.config.ts").write_text("export default {}")
    assert find_config(tmp_path).name == "next.config.ts"
    assert find_config(tmp_path / "does-not-exist") is None


def test_pathexpr_rendering():
    p = PathExpr("__dirname", ("../../",))
    assert p.rel == "../.."
    assert str(p) == "<config dir>/../.."
    assert PathExpr("__dirname").rel == "."
    assert str(PathExpr("process.cwd()", ("..",))) == "<cwd>/.."


# ---------------------------------------------------- value size caps
@pytest.mark.parametrize("step", ["s=s+s;\n", "s=`${s}${s}`;\n", "s+=s;\n"])
def test_string_doubling_is_capped(step):
    """40 doublings reached 6 GB: strings past 64 KB are dynamic."""
    from buildlint.parse import nextconfig

    cfg = nextconfig.parse("let s='a';\n" + step * 40 + "module.exports={output:s}\n")
    out = cfg.get("output")
    assert out.kind == "dynamic" and out.depends_on == "<too large>"
    small = nextconfig.parse("let s='a';\n" + step * 3 + "module.exports={output:s}\n")
    assert small.get("output").value == "a" * 8


def test_union_of_unions_is_capped():
    """``s = c ? s : s + 'b'`` doubles the alternatives each time (exponential walk)."""
    from buildlint.parse import nextconfig

    same = nextconfig.parse("let s='a';\n" + "s = process.env.X ? s : s;\n" * 60 + "module.exports={output:s}\n")
    assert same.get("output").value == "a"
    grow = nextconfig.parse("let s='a';\n" + "s = process.env.X ? s : s + 'b';\n" * 60
                            + "module.exports={output:s}\n")
    assert grow.get("output").kind == "dynamic" and grow.get("output").depends_on == "process.env.X"
