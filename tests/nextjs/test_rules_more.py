"""Next.js rules beyond the documents' examples: silence on dynamic config
values, pairing, compose environments, Traefik labels."""

from __future__ import annotations

from conftest import lint, write_tree, where

PKG = '{ "name": "web", "scripts": { "build": "next build", "start": "next start" },\n  "dependencies": { "next": "15.1.3" } }\n'

MULTI = """FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/.next/standalone ./
CMD ["node", "server.js"]
"""


def _lint(tmp_path, files):
    return lint(write_tree(tmp_path, files))


def test_dynamic_output_keeps_every_rule_silent(tmp_path):
    cfg = 'export default { output: process.env.NEXT_OUTPUT };\n'
    result = _lint(tmp_path, {"package.json": PKG, "next.config.mjs": cfg, "public/a.txt": "", "Dockerfile": MULTI})
    assert {f.rule for f in result.findings if f.rule.startswith("BL3")} == set()


def test_standalone_behind_a_wrapper_and_ts(tmp_path):
    cfg = ('import type { NextConfig } from "next";\nimport withBundleAnalyzer from "@next/bundle-analyzer";\n'
           'const config = { output: "standalone" } satisfies NextConfig;\n'
           'export default withBundleAnalyzer({ enabled: false })(config);\n')
    result = _lint(tmp_path, {"package.json": PKG, "next.config.ts": cfg, "Dockerfile": MULTI})
    # standalone is read through the wrapper: static is missing (9), HOSTNAME (8)
    assert where(result, "BL302") == {("Dockerfile", 9)}
    assert where(result, "BL305") == {("Dockerfile", 8)}
    assert where(result, "BL300") == set()


def test_not_paired_without_a_build(tmp_path):
    df = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n"
    result = _lint(tmp_path, {"package.json": PKG, "next.config.mjs": "export default {};\n", "Dockerfile": df})
    assert {f.rule for f in result.findings if f.rule.startswith("BL3")} == set()


def test_not_paired_when_the_build_script_is_not_next(tmp_path):
    pkg = PKG.replace('"build": "next build"', '"build": "tsc -p ."')
    result = _lint(tmp_path, {"package.json": pkg, "next.config.mjs": "export default {};\n", "Dockerfile": MULTI})
    assert where(result, "BL300") == set()


def test_no_config_file_reports_on_the_build(tmp_path):
    result = _lint(tmp_path, {"package.json": PKG, "Dockerfile": MULTI})
    assert where(result, "BL300") == {("Dockerfile", 4)}
    assert where(result, "BL301") == {("Dockerfile", 9)}


def test_compose_environment_list_form_sets_hostname(tmp_path):
    compose = "services:\n  web:\n    build: .\n    environment:\n      - HOSTNAME=0.0.0.0\n"
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n',
             "Dockerfile": MULTI, "compose.yaml": compose}
    assert where(_lint(tmp_path, files), "BL305") == set()


def test_compose_wrong_hostname_list_form(tmp_path):
    compose = "services:\n  web:\n    build: .\n    environment:\n      - PORT=3000\n      - HOSTNAME=web\n"
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n',
             "Dockerfile": MULTI.replace("NODE_ENV=production", "NODE_ENV=production HOSTNAME=0.0.0.0"),
             "compose.yaml": compose}
    assert where(_lint(tmp_path, files), "BL305") == {("compose.yaml", 6)}


def test_hostname_in_an_env_file_is_not_guessed(tmp_path):
    compose = "services:\n  web:\n    build: .\n    env_file: .env.production\n"
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n',
             "Dockerfile": MULTI, "compose.yaml": compose}
    assert where(_lint(tmp_path, files), "BL305") == set()


def test_hostname_assignment_before_the_command(tmp_path):
    df = MULTI.replace('CMD ["node", "server.js"]', "CMD HOSTNAME=0.0.0.0 node server.js")
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n', "Dockerfile": df}
    assert where(_lint(tmp_path, files), "BL305") == set()


def test_runtime_from_the_build_stage(tmp_path):
    df = MULTI.replace("FROM node:20-alpine\nWORKDIR /app\nENV", "FROM build AS runner\nENV")
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n', "Dockerfile": df}
    result = _lint(tmp_path, files)
    assert where(result, "BL306") == {("Dockerfile", 6)}
    assert where(result, "BL302") == set()


def test_whole_build_dir_copied(tmp_path):
    df = MULTI.replace("COPY --from=build /app/.next/standalone ./", "COPY --from=build /app ./")
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n', "Dockerfile": df}
    result = _lint(tmp_path, files)
    assert where(result, "BL306") == {("Dockerfile", 9)}
    assert where(result, "BL302") == {("Dockerfile", 6)}  # .next/standalone itself is never copied


def test_npm_start_with_a_node_start_script_is_fine(tmp_path):
    pkg = PKG.replace('"start": "next start"', '"start": "node server.js"')
    df = MULTI.replace('CMD ["node", "server.js"]', 'CMD ["npm", "start"]')
    files = {"package.json": pkg, "next.config.mjs": 'export default { output: "standalone" };\n', "Dockerfile": df}
    assert where(_lint(tmp_path, files), "BL304") == set()


def test_context_copy_of_missing_public(tmp_path):
    df = MULTI.replace("COPY --from=build /app/.next/standalone ./",
                       "COPY public ./public\nCOPY --from=build /app/.next/standalone ./")
    files = {"package.json": PKG, "next.config.mjs": 'export default { output: "standalone" };\n', "Dockerfile": df}
    assert where(_lint(tmp_path, files), "BL303") == {("Dockerfile", 9)}


def test_traefik_label_with_a_short_max_age(tmp_path):
    compose = """services:
  web:
    build: .
    labels:
      - traefik.http.routers.static.rule=Host(`a.example`) && PathPrefix(`/_next/static`)
      - traefik.http.routers.static.middlewares=cache@docker
      - traefik.http.middlewares.cache.headers.customresponseheaders.Cache-Control=public, max-age=600
      - traefik.http.routers.app.rule=Host(`a.example`)
"""
    assert where(_lint(tmp_path, {"compose.yaml": compose}), "BL309") == {("compose.yaml", 7)}
    good = compose.replace("max-age=600", "max-age=31536000, immutable")
    assert where(_lint(tmp_path / "g", {"compose.yaml": good}), "BL309") == set()


def test_nginx_without_header_when_serving_files(tmp_path):
    conf = "server {\n  location ^~ /_next/static/ {\n    root /srv;\n  }\n}\n"
    assert where(_lint(tmp_path, {"nginx/site.conf": conf}), "BL309") == {("nginx/site.conf", 2)}


def test_nginx_proxy_only_is_fine(tmp_path):
    conf = "server {\n  location /_next/static/ { proxy_pass http://web:3000; }\n}\n"
    assert where(_lint(tmp_path, {"site.conf": conf}), "BL309") == set()


def test_bl304_compose_command_override(tmp_path):
    # hand-written: a standalone image whose compose service overrides CMD with `npm start`
    from conftest import lint, write_tree

    write_tree(tmp_path, {
        "web/package.json": '{"name":"web","scripts":{"build":"next build","start":"next start"},'
                            '"dependencies":{"next":"14.2.0"}}',
        "web/package-lock.json": "{}", "web/next.config.mjs": "export default { output: 'standalone' };\n",
        "web/public/robots.txt": "", "web/.dockerignore": ".git\n**/node_modules\n",
        "web/Dockerfile": "FROM node:20-alpine AS build\nWORKDIR /app\nCOPY package.json package-lock.json ./\n"
                          "RUN npm ci\nCOPY . .\nRUN npm run build\nFROM node:20-alpine\nWORKDIR /app\n"
                          "ENV NODE_ENV=production HOSTNAME=0.0.0.0\nCOPY --from=build /app/public ./public\n"
                          "COPY --from=build /app/.next/standalone ./\n"
                          "COPY --from=build /app/.next/static ./.next/static\nUSER node\n"
                          "CMD [\"node\", \"server.js\"]\n",
        "compose.yaml": "services:\n  web:\n    build: ./web\n    command: npm start\n",
    })
    found = [(f.path, f.line) for f in lint(tmp_path).findings if f.rule == "BL304"]
    assert found == [("compose.yaml", 4)]
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    build: ./web\n    command: [\"node\", \"server.js\"]\n")
    assert [f for f in lint(tmp_path).findings if f.rule == "BL304"] == []
