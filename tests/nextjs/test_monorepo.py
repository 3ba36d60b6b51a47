"""Monorepos: a pnpm workspace + turborepo with the app in apps/web and
``outputFileTracingRoot`` two levels up, so the standalone server is
``apps/web/server.js`` and static/public must sit next to it."""

from __future__ import annotations

from conftest import lint, write_tree, where

CONFIG = """import path from "node:path";
import { fileURLToPath } from "node:url";

const __dirname = path.dirname(fileURLToPath(import.meta.url));

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: "standalone",
  outputFileTracingRoot: path.join(__dirname, "../../"),
};

export default nextConfig;
"""

BASE = {
    "package.json": '{ "name": "mono", "private": true, "packageManager": "pnpm@9.12.0",\n'
                    '  "scripts": { "build": "turbo run build" }, "devDependencies": { "turbo": "2.3.0" } }\n',
    "pnpm-workspace.yaml": 'packages:\n  - "apps/*"\n  - "packages/*"\n',
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "turbo.json": '{ "tasks": { "build": { "outputs": [".next/**", "!.next/cache/**"] } } }\n',
    ".dockerignore": "**/node_modules\n**/.next\n.git\n",
    "apps/web/package.json": '{ "name": "web", "scripts": { "build": "next build" },\n'
                             '  "dependencies": { "next": "15.1.3", "@repo/ui": "workspace:*" } }\n',
    "apps/web/next.config.mjs": CONFIG,
    "apps/web/public/favicon.ico": "",
    "apps/docs/package.json": '{ "name": "docs", "scripts": { "build": "next build" },\n'
                              '  "dependencies": { "next": "15.1.3" } }\n',
    "apps/docs/next.config.mjs": 'export default { output: "export" };\n',
    "packages/ui/package.json": '{ "name": "@repo/ui" }\n',
}

RIGHT = """FROM node:20-alpine AS base
RUN corepack enable
WORKDIR /repo

FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm turbo run build --filter=web

FROM node:20-alpine AS runner
WORKDIR /app
ENV NODE_ENV=production HOSTNAME=0.0.0.0 PORT=3000
COPY --from=build /repo/apps/web/.next/standalone ./
COPY --from=build /repo/apps/web/.next/static ./apps/web/.next/static
COPY --from=build /repo/apps/web/public ./apps/web/public
CMD ["node", "apps/web/server.js"]
"""

# the single-app recipe pasted into the monorepo: static/public next to the
# standalone root and `node server.js`, which is not where server.js is
WRONG = RIGHT.replace("./apps/web/.next/static", "./.next/static").replace(
    "./apps/web/public", "./public").replace('"apps/web/server.js"', '"server.js"')


def _project(tmp_path, dockerfile):
    return write_tree(tmp_path, {**BASE, "Dockerfile": dockerfile})


def test_right_layout_is_clean(tmp_path):
    result = lint(_project(tmp_path, RIGHT))
    assert {(f.rule, f.path, f.line) for f in result.findings if f.rule.startswith("BL3")} == set()


def test_wrong_layout_reports_each_misplaced_piece(tmp_path):
    result = lint(_project(tmp_path, WRONG))
    # 14: static to /app/.next/static, 15: public to /app/public, 16: node /app/server.js;
    # the server is /app/apps/web/server.js
    assert where(result, "BL302") == {("Dockerfile", 14), ("Dockerfile", 15), ("Dockerfile", 16)}
    msgs = " ".join(f.message for f in result.findings if f.rule == "BL302")
    assert "/app/apps/web/.next/static" in msgs and "/app/apps/web/public" in msgs
    assert "/app/apps/web/server.js" in msgs
    rel = {(r.path, r.line) for f in result.findings if f.rule == "BL302" for r in f.related}
    assert ("apps/web/next.config.mjs", 9) in rel  # the outputFileTracingRoot line


def test_only_the_filtered_app_is_paired(tmp_path):
    """--filter=web names apps/web; the docs app (output: export) is not built here."""
    from buildlint.model.nextapp import find_apps
    from buildlint.model.project import Project

    root = _project(tmp_path, RIGHT)
    project = Project([root], cwd=root)
    apps = {a.project.display(a.dir): a for a in find_apps(project)}
    assert set(apps) == {"apps/web", "apps/docs"}
    assert [b.dockerfile.relpath for b in apps["apps/web"].builds] == ["Dockerfile"]
    assert apps["apps/docs"].builds == []
    b = apps["apps/web"].builds[0]
    assert b.app_rel == "apps/web"
    assert b.app_image_dir == "/repo/apps/web"
    assert b.build_instr.start_line == 8
    assert apps["apps/web"].tracing_app_rel == "apps/web"
    assert apps["apps/web"].lockfile(b.context.root).name == "pnpm-lock.yaml"
    assert where(lint(root), "BL308") == set()  # docs is not built by this Dockerfile


def test_without_tracing_root_server_is_at_the_standalone_root(tmp_path):
    cfg = 'export default { output: "standalone" };\n'
    files = {**BASE, "apps/web/next.config.mjs": cfg, "Dockerfile": WRONG}
    result = lint(write_tree(tmp_path, files))
    assert where(result, "BL302") == set()


def test_dynamic_tracing_root_is_not_guessed(tmp_path):
    cfg = ('export default { output: "standalone",\n'
           '  outputFileTracingRoot: process.env.TRACE_ROOT };\n')
    files = {**BASE, "apps/web/next.config.mjs": cfg, "Dockerfile": WRONG}
    result = lint(write_tree(tmp_path, files))
    assert where(result, "BL302") == set()


def test_static_missing_in_monorepo_suggests_the_app_path(tmp_path):
    df = "\n".join(l for l in RIGHT.splitlines() if ".next/static" not in l) + "\n"
    result = lint(_project(tmp_path, df))
    assert where(result, "BL302") == {("Dockerfile", 13)}
    msg = next(f.message for f in result.findings if f.rule == "BL302")
    assert "./apps/web/.next/static" in msg
